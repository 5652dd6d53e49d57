import Foundation
import Testing

/// A warehouse file is an ordinary SQLite file: Python's sqlite3 and the sqlite3 shell append rows
/// to a wh table and check the file, the table's rules (plain-SQL CHECKs) refuse what its types
/// cannot hold, and wh reads those rows back typed.
@Suite struct OtherSQLiteToolsTests {
    let dir: TempDir
    init() throws { dir = try TempDir() }

    func wh(_ arguments: String...) throws -> WhBinary.Output { try WhBinary.run(arguments, in: dir.path) }

    func makeTelemetryTable() throws {
        let out = try wh("sql", "-c", """
            CREATE TABLE telemetry (truck_id STRING NOT NULL, temperature FLOAT, odometer NUMBER(10,1), healthy BOOLEAN,
                                    load_timestamp TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP())
            """)
        #expect(out.status == 0, "\(out.stderr)")
    }

    @Test func pythonAppendsRowsAndAWordIntoAFloatIsRefused() throws {
        try makeTelemetryTable()
        #expect(try wh("sql", "-c", "CREATE STREAM telemetry_changes ON TABLE telemetry").status == 0)
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("INSERT INTO TELEMETRY (TRUCK_ID, TEMPERATURE, ODOMETER, HEALTHY) VALUES (?, ?, ?, ?)", ("TRK001", 21.5, 1042.3, True))
            db.commit()
            try:
                db.execute("INSERT INTO TELEMETRY (TRUCK_ID, TEMPERATURE) VALUES ('TRK002', 'warm')")
                print("accepted")
            except sqlite3.IntegrityError as e:
                print("refused:", e)
            print(db.execute("PRAGMA integrity_check").fetchone()[0])
            """
        let out = try WhBinary.run(["-c", script, dir.path + "/warehouse.db"], in: dir.path, executable: "/usr/bin/python3")
        #expect(out.stdout == "refused: CHECK constraint failed: TEMPERATURE must be a number\nok\n", "\(out.stderr)")
        let read = try wh("sql", "-o", "csv", "-c", "SELECT truck_id, temperature, odometer, healthy, load_timestamp LIKE '____-__-__ __:__:__.___' AS stamped FROM telemetry")
        #expect(read.stdout == "TRUCK_ID,TEMPERATURE,ODOMETER,HEALTHY,STAMPED\nTRK001,21.5,1042.3,TRUE,TRUE\n", "\(read.stderr)")
        // The stream's change capture is plain SQL too: Python's row is a change to consume.
        let changes = try wh("sql", "-o", "csv", "-c", "SELECT truck_id, METADATA$ACTION FROM telemetry_changes")
        #expect(changes.stdout == "TRUCK_ID,METADATA$ACTION\nTRK001,INSERT\n", "\(changes.stderr)")
    }

    @Test func theSQLiteShellAppendsARowAndTheFileChecksOK() throws {
        try makeTelemetryTable()
        let shell = try WhBinary.run([dir.path + "/warehouse.db", "INSERT INTO TELEMETRY (TRUCK_ID) VALUES ('x'); PRAGMA integrity_check;"],
                                     in: dir.path, executable: "/usr/bin/sqlite3")
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(shell.stdout == "ok\n")
        let bad = try WhBinary.run([dir.path + "/warehouse.db", "INSERT INTO TELEMETRY (TRUCK_ID, HEALTHY) VALUES ('y', 'yes');"],
                                   in: dir.path, executable: "/usr/bin/sqlite3")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("CHECK constraint failed: HEALTHY must be a boolean"), "\(bad.stderr)")
        let read = try wh("sql", "-o", "csv", "-c", "SELECT truck_id, temperature, healthy, load_timestamp IS NOT NULL AS stamped FROM telemetry")
        #expect(read.stdout == "TRUCK_ID,TEMPERATURE,HEALTHY,STAMPED\nx,,,TRUE\n", "\(read.stderr)")
    }

    @Test func whRefusesTheSameWordWithSnowflakesMessage() throws {
        try makeTelemetryTable()
        let out = try wh("sql", "-c", "REPLACE INTO telemetry (truck_id, temperature) VALUES ('TRK002', 'warm')")
        #expect(out.status != 0)
        #expect(out.stderr.contains("Numeric value 'warm' is not recognized"), "\(out.stderr)")
    }
}
