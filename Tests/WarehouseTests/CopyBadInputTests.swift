import Foundation
import Testing
import Warehouse
import WarehouseSystem

/// A file system on which one file disappears between COPY's listing and its reading.
struct VanishingFileSystem: FileSystem {
    let base = LocalFileSystem()
    let victim: String

    func kind(of path: String) -> FileKind? { base.kind(of: path) }
    func isWritable(_ path: String) -> Bool { base.isWritable(path) }
    func absolutePath(_ path: String) -> String { base.absolutePath(path) }
    func resolvingSymlinks(_ path: String) -> String { base.resolvingSymlinks(path) }
    func files(under directory: String) throws -> [FileEntry] { try base.files(under: directory) }
    func entry(at path: String) -> FileEntry? { base.entry(at: path) }
    func contents(of path: String) throws -> Data { try base.contents(of: path) }
    func openForReading(_ path: String) throws -> any ByteReader {
        if path.hasSuffix(victim) { try? base.removeItem(at: path) }
        return try base.openForReading(path)
    }
    func write(_ data: Data, to path: String) throws { try base.write(data, to: path) }
    func removeItem(at path: String) throws { try base.removeItem(at: path) }
    func createDirectory(at path: String) throws { try base.createDirectory(at: path) }
}

/// The bad-input cases sqllogictest cannot set up: a huge document, a file that vanishes, symbolic
/// links, and COPY's result header.
@Suite struct CopyBadInputTests {
    func warehouse(_ dir: TempDirectory, fileSystem: any FileSystem = LocalFileSystem()) throws -> Warehouse {
        try FileManager.default.createDirectory(atPath: dir.file("landing"), withIntermediateDirectories: true)
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: WarehouseEnvironment(clock: ManualClock(), fileSystem: fileSystem))
        _ = try warehouse.execute("CREATE STAGE landing URL = '\(dir.file("landing"))'")
        _ = try warehouse.execute("CREATE TABLE trucks (truck_id STRING, note STRING)")
        return warehouse
    }

    func write(_ text: String, _ path: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) }

    @Test func aDocumentOver16MBIsAnErrorAndTheNextRecordLoads() throws {
        let dir = try TempDirectory()
        let warehouse = try warehouse(dir)
        let huge = "{\"truck_id\": \"BIG\", \"note\": \"" + String(repeating: "x", count: 17 * 1024 * 1024) + "\"}\n"
        try write(huge + "{\"truck_id\": \"SMALL\", \"note\": \"ok\"}\n", dir.file("landing/huge.ndjson"))
        let copy = "COPY INTO trucks FROM (SELECT $1:truck_id, $1:note FROM @landing) ON_ERROR = CONTINUE"
        let result = try warehouse.execute(copy)
        #expect(result.rows.first?[1] == .text("PARTIALLY_LOADED"))
        #expect(result.rows.first?[6] == .text("Error parsing JSON: document is too large, max size 16777216 bytes"))
        #expect(try warehouse.execute("SELECT truck_id FROM trucks").rows == [[.text("SMALL")]])
    }

    /// A NUL inside a CSV field or a JSON string ("\u0000") was cut there on the way into SQLite:
    /// "a\0b" loaded as "a", with no error.
    @Test func aNulInsideAFieldLoadsWhole() throws {
        let dir = try TempDirectory()
        let warehouse = try warehouse(dir)
        try write("A\0B,x\0y\n", dir.file("landing/nul.csv"))
        try write("{\"truck_id\": \"J\\u0000K\", \"note\": \"n\"}\n", dir.file("landing/nul.json"))
        _ = try warehouse.execute("COPY INTO trucks FROM @landing FILES = ('nul.csv') FILE_FORMAT = (TYPE = CSV)")
        _ = try warehouse.execute("COPY INTO trucks FROM (SELECT $1:truck_id, $1:note FROM @landing) FILES = ('nul.json')")
        let rows = try warehouse.execute("SELECT truck_id, LENGTH(truck_id), note FROM trucks ORDER BY truck_id").rows
        #expect(rows == [[.text("A\0B"), .integer(3), .text("x\0y")], [.text("J\0K"), .integer(3), .text("n")]])
    }

    @Test func aFileDeletedBetweenListingAndLoadingFailsAlone() throws {
        let dir = try TempDirectory()
        let warehouse = try warehouse(dir, fileSystem: VanishingFileSystem(victim: "gone.ndjson"))
        try write("{\"truck_id\": \"A\"}\n", dir.file("landing/a.ndjson"))
        try write("{\"truck_id\": \"G\"}\n", dir.file("landing/gone.ndjson"))
        let copy = "COPY INTO trucks FROM (SELECT $1:truck_id, $1:note FROM @landing)"
        let error = #expect(throws: StatementError.self) { try warehouse.execute(copy) }
        #expect(error?.message.hasPrefix("cannot read '\(dir.file("landing/gone.ndjson"))': No such file or directory") == true)
        #expect(try warehouse.execute("SELECT count(*) FROM trucks").rows == [[.integer(0)]])

        try write("{\"truck_id\": \"G\"}\n", dir.file("landing/gone.ndjson"))
        let result = try warehouse.execute(copy + " ON_ERROR = CONTINUE")
        #expect(result.rows.map { $0[1] } == [.text("LOADED"), .text("LOAD_FAILED")])
        #expect(try warehouse.execute("SELECT truck_id FROM trucks").rows == [[.text("A")]])
    }

    @Test func symbolicLinksInAStageAreNotFollowed() throws {
        let dir = try TempDirectory()
        let warehouse = try warehouse(dir)
        try write("{\"truck_id\": \"SECRET\"}\n", dir.file("outside.ndjson"))
        try FileManager.default.createSymbolicLink(atPath: dir.file("landing/link.ndjson"), withDestinationPath: dir.file("outside.ndjson"))
        #expect(try warehouse.execute("LIST @landing").rows.isEmpty)
        #expect(try warehouse.execute("COPY INTO trucks FROM (SELECT $1:truck_id, $1:note FROM @landing)").rows
                == [[.text("Copy executed with 0 files processed.")]])
        let error = #expect(throws: StatementError.self) {
            try warehouse.execute("COPY INTO trucks FROM (SELECT $1:truck_id, $1:note FROM @landing) FILES = ('link.ndjson')")
        }
        #expect(error?.message == "'link.ndjson' is not a regular file: wh does not follow symbolic links in a stage")
        #expect(try warehouse.execute("SELECT count(*) FROM trucks").rows == [[.integer(0)]])
    }

    @Test func theResultHasSnowflakesColumns() throws {
        let dir = try TempDirectory()
        let warehouse = try warehouse(dir)
        try write("{\"truck_id\": \"A\"}\n", dir.file("landing/a.ndjson"))
        let result = try warehouse.execute("COPY INTO trucks FROM (SELECT $1:truck_id, $1:note FROM @landing)")
        #expect(result.columns.map(\.name) == ["file", "status", "rows_parsed", "rows_loaded", "error_limit", "errors_seen",
                                              "first_error", "first_error_line", "first_error_character", "first_error_column_name"])
        #expect(try warehouse.execute("COPY INTO trucks FROM (SELECT $1:truck_id, $1:note FROM @landing)").columns.map(\.name) == ["status"])
    }

    @Test func abortingNamesTheRecordAndHowToGoOn() throws {
        let dir = try TempDirectory()
        let warehouse = try warehouse(dir)
        try write("{\"truck_id\": \"A\"}\n{\"truck_id\": [1,\n", dir.file("landing/a.ndjson"))
        let error = #expect(throws: StatementError.self) {
            try warehouse.execute("COPY INTO trucks FROM (SELECT $1:truck_id, $1:note FROM @landing)")
        }
        #expect(error?.message == """
            Error parsing JSON: unexpected end of data (truncated JSON) (the record starting on line 2 is not complete)
              File 'file://\(dir.file("landing/a.ndjson"))', line 3, character 1
              Row 2
            """)
        #expect(error?.hint == "use ON_ERROR = CONTINUE or SKIP_FILE to load the good records (the bad ones are kept: SELECT * FROM TABLE(VALIDATE(TRUCKS, JOB_ID => '_last'))), or VALIDATION_MODE = RETURN_ERRORS to list every error")
        let query = #expect(throws: StatementError.self) { try warehouse.execute("SELECT count(*) FROM @landing") }
        #expect(query?.hint == "fix or remove the file; COPY INTO with ON_ERROR = CONTINUE loads the good records and keeps the bad ones")
    }
}
