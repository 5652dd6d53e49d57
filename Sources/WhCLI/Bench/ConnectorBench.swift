import ArgumentParser
import Foundation
import Warehouse
import WarehouseServer
import Workloads

/// `wh bench connector`: a large SELECT fetched through snowflake-connector-python from `wh serve`,
/// next to `wh sql -o csv` of the same query, in the same run.
struct ConnectorBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connector",
        abstract: "Rows/s of a SELECT fetched through the Snowflake connector, next to wh sql -o csv of the same query.",
        discussion: """
            Builds a table of --rows rows (an INTEGER, a NUMBER(10,2), a FLOAT, a VARCHAR, a TIMESTAMP_NTZ and a BOOLEAN), \
            starts wh serve in this process on a free loopback port, and times `SELECT * FROM BENCH_ROWS` fetched with \
            cursor.fetchall() by snowflake-connector-python (--python, default .build/python/bin/python; scripts/setup \
            installs it) with Arrow results and with JSON results, then the same query written by `wh sql -o csv` to \
            /dev/null. Build with -c release.
            """)

    @Option(help: "Rows in the table.") var rows = 100_000
    @Option(help: "The Python with snowflake-connector-python.") var python = ".build/python/bin/python"
    @OptionGroup var output: BenchOptions

    func validate() throws {
        guard rows > 0 else { throw ValidationError("--rows must be positive") }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw ValidationError("no Python at \(python): run scripts/setup (it installs snowflake-connector-python into .build/python), or give --python")
        }
    }

    func run() throws {
        try output.inWorkingDirectory("connector") { dir in try BlockingTask.run { try await measure(in: dir) } }
    }

    private func measure(in dir: String) async throws {
        let path = dir + "/connector.db"
        let warehouse = try Warehouse(path: path, environment: .system)
        _ = try warehouse.execute("CREATE TABLE BENCH_ROWS (ID INTEGER, PRICE NUMBER(10,2), SPEED FLOAT, NAME VARCHAR, AT TIMESTAMP_NTZ, OK BOOLEAN)")
        try warehouse.insertRows(table: "BENCH_ROWS", columns: ["ID", "PRICE", "SPEED", "NAME", "AT", "OK"], count: rows) { i in
            [.integer(Int64(i)), .real(Double(i % 100_000) / 100), .real(Double(i) * 0.37), .text("truck \(i % 1000)"),
             .text(CanonicalTimestamp.format(Date(timeIntervalSince1970: 1_742_225_754 + Double(i)))), .integer(Int64(i % 2))]
        }
        try warehouse.checkpoint()
        try Self.script.write(toFile: dir + "/fetch.py", atomically: true, encoding: .utf8)
        let served = try await BenchServer.start(path) { $0.runDaemon = false }
        let port = String(served.url.split(separator: ":").last ?? "")
        let arrow = try BenchProcess.figure(python, [dir + "/fetch.py", port, String(rows), "ARROW"])
        let json = try BenchProcess.figure(python, [dir + "/fetch.py", port, String(rows), "JSON"])
        await served.stop()
        let started = ContinuousClock.now
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BenchProcess.wh)
        process.arguments = ["sql", "--db", path, "-o", "csv", "-c", "SELECT * FROM BENCH_ROWS"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        process.waitUntilExit()
        let csv = seconds(ContinuousClock.now - started)
        guard process.terminationStatus == 0 else { throw ValidationError("wh sql -o csv failed") }
        let (a, j, b) = (Double(rows) / arrow, Double(rows) / json, Double(rows) / csv)
        output.report(json: ["rows": "\(rows)", "arrow_rows_per_s": String(format: "%.0f", a), "json_rows_per_s": String(format: "%.0f", j),
                             "csv_rows_per_s": String(format: "%.0f", b), "arrow_ratio": String(format: "%.3f", a / b),
                             "json_ratio": String(format: "%.3f", j / b)],
                      text: ["rows": "\(rows) (6 columns), SELECT * FROM BENCH_ROWS",
                             "connector fetchall, Arrow results": String(format: "%.0f rows/s (%.2f s)", a, arrow),
                             "connector fetchall, JSON results": String(format: "%.0f rows/s (%.2f s)", j, json),
                             "wh sql -o csv > /dev/null": String(format: "%.0f rows/s (%.2f s)", b, csv),
                             "Arrow / csv, JSON / csv": String(format: "%.2f×, %.2f×", a / b, j / b)])
    }

    /// The client: connects, fetches every row, checks the count, prints the seconds it took.
    static let script = #"""
        import sys, time
        import snowflake.connector
        port, rows, form = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
        conn = snowflake.connector.connect(account="wh", user="bench", password="x", host="127.0.0.1", port=port, protocol="http",
                                           session_parameters={"PYTHON_CONNECTOR_QUERY_RESULT_FORMAT": form})
        start = time.perf_counter()
        fetched = conn.cursor().execute("SELECT * FROM BENCH_ROWS").fetchall()
        elapsed = time.perf_counter() - start
        conn.close()
        if len(fetched) != rows:
            print("fetched %d of %d rows" % (len(fetched), rows)); sys.exit(1)
        print(elapsed)
        """#
}
