import Foundation
import Testing

/// `wh kv`: the key-value operations from the command line, their output and their errors.
@Suite struct KVCommandTests {
    let dir: TempDir

    init() throws {
        dir = try TempDir()
        let created = try wh("sql", "-c", """
            CREATE HYBRID TABLE clicks (item_id VARCHAR, click_time TIMESTAMP_NTZ, item_name VARCHAR, click_counts NUMBER,
                                        PRIMARY KEY (item_id, click_time))
            """)
        #expect(created.status == 0, "\(created.stderr)")
    }

    func wh(_ arguments: String..., stdin: String = "") throws -> WhBinary.Output {
        try WhBinary.run(["--db", "kv.db"] + arguments, stdin: stdin, in: dir.path)
    }

    @Test func putGetQueryPagesUpdateDelete() throws {
        let items = (1...3).map { #"{"Item_ID": "MOB001", "Click_Time": "2025-03-17T15:3\#($0):00", "Item_Name": "Mobile Phone", "Click_Counts": \#($0)}"# }
        let put = try wh("kv", "put", "clicks", "-", stdin: items.joined(separator: "\n") + "\n")
        #expect(put.stdout == "3 items put\n")

        let get = try wh("kv", "get", "clicks", "MOB001", "2025-03-17 15:32:00")
        #expect(get.stdout == #"{"ITEM_ID":"MOB001","CLICK_TIME":"2025-03-17 15:32:00.000000","ITEM_NAME":"Mobile Phone","CLICK_COUNTS":2}"# + "\n")

        let first = try wh("kv", "query", "clicks", "MOB001", "--limit", "2")
        #expect(first.stdout.split(separator: "\n").count == 2)
        let hint = try #require(first.stderr.split(separator: "\n").first)
        #expect(hint.hasPrefix("More items follow: wh --db kv.db kv query clicks MOB001 --limit 2 --after "))
        let token = String(hint.split(separator: " ").last!)
        let second = try wh("kv", "query", "clicks", "MOB001", "--limit", "2", "--after", token)
        #expect(second.stdout.contains("15:33:00") && second.stderr == "")

        let prefix = try wh("kv", "query", "clicks", "MOB001", "--begins-with", "2025-03-17 15:31")
        #expect(prefix.stdout.split(separator: "\n").count == 1)

        let updated = try wh("kv", "update", "clicks", "MOB001", "2025-03-17 15:31:00", "--add", "CLICK_COUNTS=10")
        #expect(updated.stdout.contains(#""CLICK_COUNTS":11"#))

        let scan = try wh("kv", "scan", "clicks", "--filter", "click_counts > 2")
        #expect(scan.stdout.split(separator: "\n").count == 2)

        #expect(try wh("kv", "delete", "clicks", "MOB001", "2025-03-17 15:31:00").stdout == "deleted\n")
        let gone = try wh("kv", "get", "clicks", "MOB001", "2025-03-17 15:31:00")
        #expect(gone.status == 1 && gone.stderr == "No item under that key in clicks.\n")
    }

    /// Regression (kv_paging_lost_the_query): the printed next-page command dropped --desc,
    /// --begins-with, --filter and --db, and running it returned an item page 1 had shown.
    @Test func thePrintedNextPageCommandRepeatsTheWholeQuery() throws {
        let items = (1...5).map { #"{"Item_ID": "MOB001", "Click_Time": "2025-03-17T15:3\#($0):00", "Item_Name": "Mobile Phone", "Click_Counts": \#($0)}"# }
            + [#"{"Item_ID": "MOB001", "Click_Time": "2025-03-18T09:00:00", "Item_Name": "Mobile Phone", "Click_Counts": 9}"#]
        #expect(try wh("kv", "put", "clicks", "-", stdin: items.joined(separator: "\n") + "\n").stdout == "6 items put\n")
        let first = try wh("kv", "query", "clicks", "MOB001", "--begins-with", "2025-03-17", "--filter", "click_counts <> 2",
                           "--limit", "2", "--desc")
        #expect(first.status == 0, "\(first.stderr)")
        let hint = try #require(first.stderr.split(separator: "\n").first.map(String.init))
        #expect(hint.hasPrefix("More items follow: wh --db kv.db kv query clicks MOB001 --begins-with 2025-03-17 --filter 'click_counts <> 2' --limit 2 --desc --after "))
        // Run the printed command as a user would paste it, from another directory than the warehouse's.
        let command = String(hint.dropFirst("More items follow: ".count)).replacingOccurrences(of: "--db kv.db", with: "--db ../kv.db")
        try FileManager.default.createDirectory(atPath: dir.path + "/elsewhere", withIntermediateDirectories: true)
        let second = try WhBinary.shell(command, in: dir.path + "/elsewhere")
        #expect(second.status == 0, "\(second.stderr)")
        let counts = (first.stdout + second.stdout).split(separator: "\n").map { $0.split(separator: "\"CLICK_COUNTS\":").last.map { String($0.dropLast()) } ?? "" }
        #expect(counts == ["5", "4", "3", "1"])   // newest first, the filter applied, 2025-03-18 left out, nothing twice
        #expect(second.stderr == "")

        // The token continues its own query only.
        let token = String(hint.split(separator: " ").last!)
        let other = try wh("kv", "query", "clicks", "MOB001", "--limit", "2", "--after", token)
        #expect(other.status == 1)
        #expect(other.stderr.hasPrefix("Error: continuation token '\(token)' belongs to another query\nHint: a token continues the query that printed it"))
    }

    @Test func conditionalPutFailsNamingTheKeyAndTheFix() throws {
        let item = #"{"item_id": "LAP002", "click_time": "2025-03-17 15:36:09", "click_counts": 1}"#
        #expect(try wh("kv", "put", "clicks", item, "--if-not-exists").stdout == "inserted\n")
        let again = try wh("kv", "put", "clicks", item, "--if-not-exists")
        #expect(again.status == 1)
        #expect(again.stderr == """
            Error: The conditional request failed: the item must not exist for ITEM_ID = 'LAP002', CLICK_TIME = '2025-03-17 15:36:09' in 'CLICKS'
            Hint: the item is already there: put without the condition to replace it

            """)
    }

    @Test func badInputIsRefusedWithAHint() throws {
        let notJSON = try wh("kv", "put", "clicks", "{oops")
        #expect(notJSON.status == 1)
        #expect(notJSON.stderr.hasPrefix("Error: item for 'CLICKS' is not a JSON object: malformed JSON\nHint: give one JSON object"))
        let filter = try wh("kv", "scan", "clicks", "--filter", "click_counts >")
        #expect(filter.stderr.hasPrefix("Error: filter 'click_counts >' is not a condition wh can run: syntax error"))
        let plain = try wh("kv", "get", "nowhere", "x")
        #expect(plain.stderr.hasPrefix("Error: Table 'NOWHERE' does not exist or not authorized."))
        let add = try wh("kv", "update", "clicks", "A", "2025-01-01", "--add", "item_name=1")
        #expect(add.stderr.hasPrefix("Error: cannot ADD to attribute 'item_name' of 'CLICKS': it is not a number"))
    }
}
