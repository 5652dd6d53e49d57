import Foundation
import Testing
import Warehouse
import WarehouseSystem

/// What the reading connection saw, shared between the two threads.
private final class Observations: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [(rows: Int64, files: Int64)] = []
    private var errors: [String] = []
    private var loaderDone = false

    func note(rows: Int64, files: Int64) { lock.withLock { counts.append((rows, files)) } }
    func note(error: String) { lock.withLock { errors.append(error) } }
    func finishLoading() { lock.withLock { loaderDone = true } }
    var isLoaderDone: Bool { lock.withLock { loaderDone } }
    var seen: (counts: [(rows: Int64, files: Int64)], errors: [String]) { lock.withLock { (counts, errors) } }
}

/// The concurrency rule the server relies on (docs/architecture.md): one `Warehouse` per connection,
/// one writer, many readers, WAL. A reader never gets a busy error and never sees half a file.
@Suite struct TwoConnectionTests {
    static let files = 24, recordsPerFile = 1_000

    @Test func aPipeLoadsWhileAnotherConnectionQueriesInALoop() throws {
        let dir = try TempDirectory()
        let path = dir.file("w.db")
        try FileManager.default.createDirectory(atPath: dir.file("landing"), withIntermediateDirectories: true)
        do {
            let setup = try Warehouse(path: path, environment: .testing())
            _ = try setup.execute("CREATE STAGE landing URL = '\(dir.file("landing"))'")
            _ = try setup.execute("CREATE TABLE readings (id NUMBER, file_no NUMBER, payload STRING)")
            _ = try setup.execute("""
                CREATE PIPE readings_pipe AUTO_INGEST = TRUE AS
                COPY INTO readings FROM (SELECT $1:id, $1:file, $1:payload FROM @landing)
                """)
        }
        for file in 0..<Self.files {
            let lines = (0..<Self.recordsPerFile).map { #"{"id": \#($0), "file": \#(file), "payload": "reading \#($0) of file \#(file)"}"# }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: dir.file("landing/f\(file).ndjson")))
        }

        let observed = Observations()
        let finished = DispatchGroup()
        finished.enter()
        Thread.detachNewThread {
            defer { observed.finishLoading(); finished.leave() }
            do {
                let loader = try Warehouse(path: path, environment: .testing())
                let pass = try loader.ingestPending()
                if pass.loads.count != Self.files || !pass.failures.isEmpty { observed.note(error: "the pipe's pass: \(pass)") }
            } catch {
                observed.note(error: "loader: \(error)")
            }
        }
        finished.enter()
        Thread.detachNewThread {
            defer { finished.leave() }
            do {
                let reader = try Warehouse(path: path, environment: .testing())
                var last = false
                while !last {
                    last = observed.isLoaderDone
                    let row = try reader.execute("SELECT count(*), count(DISTINCT file_no) FROM readings").rows.first ?? []
                    observed.note(rows: row.first?.integerValue ?? -1, files: row.last?.integerValue ?? -1)
                }
            } catch {
                observed.note(error: "reader: \(error)")
            }
        }
        finished.wait()

        let (counts, errors) = observed.seen
        #expect(errors.isEmpty, "\(errors)")
        #expect(counts.count >= 2)
        for count in counts {
            #expect(count.rows == count.files * Int64(Self.recordsPerFile), "a reader saw \(count.rows) rows from \(count.files) files")
        }
        #expect(counts.last.map { $0.rows == Int64(Self.files * Self.recordsPerFile) } == true)
    }

    /// Two writers (wh serve's and its daemon's connections): a statement that read before it wrote
    /// used to fail with "database is locked" when the other committed meanwhile (its deferred
    /// transaction's snapshot could not be upgraded). Statements now begin IMMEDIATE and wait.
    @Test func aWriteWaitsForAnotherWritersCommitInsteadOfFailing() throws {
        let dir = try TempDirectory()
        let path = dir.file("w.db")
        let first = try Warehouse(path: path, environment: .testing())
        let second = try Warehouse(path: path, environment: .testing())
        _ = try first.execute("CREATE TABLE t (a NUMBER)")
        _ = try first.execute("BEGIN")
        _ = try first.execute("INSERT INTO t VALUES (1)")
        let holder = WarehouseBox(first)
        let committer = Thread { Thread.sleep(forTimeInterval: 0.3); _ = try? holder.warehouse.execute("COMMIT") }
        committer.start()
        // It reads the catalog, then writes it: with the other transaction committing in between.
        _ = try second.execute("CREATE STAGE waited")
        _ = try second.execute("INSERT INTO t VALUES (2)")
        #expect(try second.execute("SELECT count(*) FROM t").rows == [[.integer(2)]])
    }
}

/// A warehouse handed to another thread that alone uses it from then on.
private final class WarehouseBox: @unchecked Sendable {
    let warehouse: Warehouse
    init(_ warehouse: Warehouse) { self.warehouse = warehouse }
}
