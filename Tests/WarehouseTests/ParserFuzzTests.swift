import Foundation
import Testing
@testable import Warehouse
@testable import Workloads

/// Feeds generated and mutated statements to the lexer, parser and warehouse: each must give a
/// result or an error, never a crash. Seeded, so a failure reproduces.
@Suite struct ParserFuzzTests {
    static let corpus = [
        "SELECT a, b AS x, count(*) FROM t WHERE a > 1 AND b IS NOT NULL GROUP BY a HAVING count(*) > 1 ORDER BY 1 DESC LIMIT 5",
        "WITH c AS (SELECT 1 AS n) SELECT n FROM c UNION ALL SELECT 2 QUALIFY ROW_NUMBER() OVER (ORDER BY n) = 1",
        "CREATE OR REPLACE TABLE t (a STRING NOT NULL DEFAULT 'x', b NUMBER(10,2), c TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP(), PRIMARY KEY (a)) COMMENT = 'c'",
        "SELECT CASE WHEN a IN (1, 2) THEN 'x' ELSE IFF(b BETWEEN 1 AND 2, NVL(c, 0), -d) END FROM t t1 LEFT JOIN u ON t1.id = u.id",
        "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a) AND x NOT IN (SELECT y FROM v)",
        "DESC TABLE t", "DROP TABLE IF EXISTS db.s.t", "EXPLAIN TRANSLATE SELECT 1",
        "INSERT INTO t VALUES ('a''b', 1.5e3, NULL, TRUE)", "SELECT $$ body $$, 'it\\'s', \"Q\"\"x\" FROM t",
    ]

    /// The engine's seeded generator, so runs repeat exactly.
    typealias Random = SeededRandom

    static let fragments = ["(", ")", ",", "'", "\"", "$$", "::", "SELECT", "FROM", "OVER", "(SELECT", "NULL", "--", "/*",
                            "CASE", "END", "WHEN", "*", ".", "AS", "QUALIFY", "JOIN", "ON", "IN", "NOT", "@s", "$1", "é", "\0"]

    static func mutate(_ text: String, _ random: inout Random) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        switch Int.random(in: 0..<5, using: &random) {
        case 0 where !words.isEmpty: words.remove(at: Int.random(in: 0..<words.count, using: &random))
        case 1: words.insert(fragments.randomElement(using: &random)!, at: Int.random(in: 0...words.count, using: &random))
        case 2 where words.count > 1: words.swapAt(Int.random(in: 0..<words.count, using: &random), Int.random(in: 0..<words.count, using: &random))
        case 3: return String(text.prefix(Int.random(in: 0...text.count, using: &random)))
        default: words.append(fragments.randomElement(using: &random)!)
        }
        return words.joined(separator: " ")
    }

    @Test func mutatedStatementsErrOrRunButNeverCrash() throws {
        let dir = try TempDirectory()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing())
        _ = try warehouse.execute("CREATE TABLE t (a INT, b STRING, c FLOAT, d INT, id INT, x INT); CREATE TABLE u (a INT, id INT, y INT); CREATE TABLE v (y INT)")
        var random = Random(seed: 20_261_126)
        var outcomes = (ok: 0, failed: 0)
        for _ in 0..<3000 {
            var text = Self.corpus.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...4, using: &random) { text = Self.mutate(text, &random) }
            if text.uppercased().contains("DROP TABLE") { continue } // keep the tables for the rest
            do {
                _ = try warehouse.execute(text)
                outcomes.ok += 1
            } catch is WarehouseError {
                outcomes.failed += 1
            }
        }
        // Both kinds of outcome occur: the mutations are neither all harmless nor all fatal.
        #expect(outcomes.ok > 100)
        #expect(outcomes.failed > 100)
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() throws {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        var parser = try Parser("SELECT " + deep)
        let error = #expect(throws: SyntaxError.self) { try parser.queryStatement() }
        #expect(error?.message == "expression nested more than 256 levels deep")
        let subqueries = String(repeating: "(SELECT ", count: 3000) + "1" + String(repeating: ")", count: 3000)
        var nested = try Parser("SELECT " + subqueries)
        #expect(throws: SyntaxError.self) { try nested.queryStatement() }
    }
}
