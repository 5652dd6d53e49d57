import ArgumentParser
import Foundation
import Warehouse
import Workloads

/// `wh bench kv`: put and get operations per second on a hybrid table, against a bare SQLite
/// insert and select of the same rows measured in the same run.
struct KVBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kv",
        abstract: "Key-value put/get operations per second, against bare SQLite inserts and selects of the same rows.",
        discussion: """
            Puts N click items (JSON text, as `wh kv put` and CALL KV_PUT receive them) into a hybrid table keyed by \
            (ITEM_ID, CLICK_TIME), one transaction each, then gets each one by its key. The baseline, in the same run, \
            is a table of the same shape in another SQLite file with the same settings (WAL, synchronous=NORMAL): one \
            prepared INSERT per row from values built beforehand (autocommit, one transaction each), then one prepared \
            SELECT by primary key per row.
            """)

    @Option(help: "How many items.") var items = 20_000
    @OptionGroup var output: BenchOptions

    func run() throws {
        try output.inWorkingDirectory("kv") { try measure(in: $0) }
    }

    private func measure(in dir: String) throws {

        let products = ["MOB001": "Mobile Phone", "LAP002": "Laptop", "CAM003": "Camera", "TAB004": "Tablet", "WAT005": "Watch"]
        let ids = products.keys.sorted()
        let rows: [[SQLValue]] = (0..<items).map { i in
            let id = ids[i % ids.count]
            let time = CanonicalTimestamp.format(Date(timeIntervalSince1970: 1_742_225_754 + Double(i)))
            return [.text(id), .text(time), .text(products[id]!), .integer(Int64(i % 500))]
        }
        let documents = rows.map { row in
            #"{"Item_ID":"\#(row[0].textValue!)","Click_Time":"\#(row[1].textValue!)","Item_Name":"\#(row[2].textValue!)","Click_Counts":\#(row[3].textValue!)}"#
        }

        let warehouse = try Warehouse(path: dir + "/kv.db", environment: .system)
        _ = try warehouse.execute("""
            CREATE HYBRID TABLE CLICKS (ITEM_ID VARCHAR NOT NULL, CLICK_TIME TIMESTAMP_NTZ NOT NULL, ITEM_NAME VARCHAR,
                                        CLICK_COUNTS NUMBER(38,0), PRIMARY KEY (ITEM_ID, CLICK_TIME))
            """)
        let clock = ContinuousClock()
        var start = clock.now
        for document in documents { _ = try warehouse.kvPut(table: "CLICKS", item: document) }
        let putSeconds = seconds(clock.now - start)
        start = clock.now
        var found = 0
        for row in rows where try warehouse.kvGet(table: "CLICKS", key: [row[0], row[1]]) != nil { found += 1 }
        let getSeconds = seconds(clock.now - start)
        guard found == items else { throw ValidationError("got back \(found) of \(items) items") }

        let (insertSeconds, selectSeconds) = try KeyValueBaseline.measure(rows: rows, in: dir)

        let rate = { (seconds: Double) in Double(items) / seconds }
        let putRatio = rate(putSeconds) / rate(insertSeconds), getRatio = rate(getSeconds) / rate(selectSeconds)
        output.report(json: ["items": "\(items)", "put_per_second": "\(Int(rate(putSeconds)))", "insert_per_second": "\(Int(rate(insertSeconds)))",
                             "put_ratio": "\(round3(putRatio))", "get_per_second": "\(Int(rate(getSeconds)))",
                             "select_per_second": "\(Int(rate(selectSeconds)))", "get_ratio": "\(round3(getRatio))"],
                      text: ["items": "\(items) click items, one transaction per put",
                             "kv put": "\(Int(rate(putSeconds))) ops/s",
                             "bare SQLite insert": "\(Int(rate(insertSeconds))) ops/s",
                             "ratio (put)": String(format: "%.2fx of the bare insert", putRatio),
                             "kv get": "\(Int(rate(getSeconds))) ops/s",
                             "bare SQLite select": "\(Int(rate(selectSeconds))) ops/s",
                             "ratio (get)": String(format: "%.2fx of the bare select", getRatio)])
    }

}
