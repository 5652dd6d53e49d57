import ArgumentParser
import Foundation
import Warehouse
import Workloads

/// `wh bench sum`: what exact fixed-point SUM costs, against SQLite's own sum of doubles.
struct SumBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sum",
        abstract: "SUM over NUMBER(10,2) values: wh's exact decimal SUM against SQLite's sum() of the same column.",
        discussion: """
            Fills a NUMBER(10,2) column with --rows values, then times SELECT SUM(x) through wh (the values scaled \
            to integers and added exactly) and SQLite's plain sum(x) of the same file (binary doubles, what wh did \
            before), best of --runs each, and prints both, their ratio and whether the plain sum was off.
            """)

    @Option(help: "How many values.") var rows = 1_000_000
    @Option(help: "Rounds of both sums; each keeps its best time.") var runs = 5
    @OptionGroup var output: BenchOptions

    func run() throws {
        try output.inWorkingDirectory("sum") { try measure(in: $0) }
    }

    private func measure(in dir: String) throws {
        let path = dir + "/sum.db"
        let warehouse = try Warehouse(path: path, environment: .system)
        _ = try warehouse.execute("CREATE OR REPLACE TABLE amounts (x NUMBER(10,2))")
        var state: UInt64 = 42
        try warehouse.insertRows(table: "AMOUNTS", columns: ["X"], count: rows) { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return [.real(Double(Int64(state >> 40) % 10_000_000) / 100)]   // 0.00 … 99,999.99
        }
        var exact = Double.infinity, plain = Double.infinity
        var exactValue = SQLValue.null, plainValue = SQLValue.null
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let start = clock.now
            exactValue = try warehouse.execute("SELECT SUM(x) FROM amounts").rows.first?.first ?? .null
            exact = min(exact, seconds(clock.now - start))
            let baseline = try AggregateBaseline.plainSum(path: path, table: "AMOUNTS", column: "X")
            plain = min(plain, baseline.seconds)
            plainValue = baseline.value
        }
        let exactText = ResultColumn(name: "s", declaredType: "NUMBER(38,2)").displayText(exactValue) ?? "NULL"
        let plainText = plainValue.displayText ?? "NULL"
        output.report(json: ["rows": "\(rows)", "exact_ms": "\(round3(exact * 1000))", "plain_ms": "\(round3(plain * 1000))",
                             "ratio": "\(round3(exact / plain))", "exact_sum": "\"\(exactText)\"", "plain_sum": "\"\(plainText)\""],
                      text: ["rows": "\(rows) NUMBER(10,2) values",
                             "wh SUM (exact)": String(format: "%.1f ms, %@", exact * 1000, exactText),
                             "SQLite sum()": String(format: "%.1f ms, %@", plain * 1000, plainText),
                             "ratio": String(format: "%.2fx the plain sum's time (best of %d)", exact / plain, runs)])
    }
}
