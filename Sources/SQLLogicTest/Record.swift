/// How a query's rows are ordered before comparison.
public enum SortMode: String, Sendable {
    case nosort, rowsort, valuesort
}

/// One record of a sqllogictest file.
public enum RecordKind: Equatable, Sendable {
    /// `statement ok` / `statement error` (with an optional expected message substring after `----`).
    case statement(expectError: Bool, expectedMessage: String?, sql: String)
    /// `query <types> [sort] [label]` with its expected values (nil: the query must return no rows).
    case query(types: String, sort: SortMode, label: String?, sql: String, expected: [String])
    /// `hash-threshold N`.
    case hashThreshold(Int)
    /// `halt`: stop running the file here.
    case halt
    /// `clock set YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC): sets the warehouse clock. A wh extension.
    case clockSet(String)
    /// `clock advance N seconds|minutes|hours|days`. A wh extension.
    case clockAdvance(seconds: Double)
    /// `copy-fixture SOURCE [DEST]`: copies SOURCE (relative to the .test file) into the test's
    /// directory. A wh extension.
    case copyFixture(source: String, destination: String)
    /// `touch PATH YYYY-MM-DD HH:MM:SS`: sets a file's modification time (PATH in the test's
    /// directory). A wh extension.
    case touch(path: String, time: String)
    /// `ingest [PIPE]`: one pass of the ingest daemon (`wh daemon --once`): pipes, then due tasks.
    /// A wh extension.
    case ingest(pipe: String?)
    /// `run FILE`: runs every statement of a SQL file (relative to the .test file), so a test can
    /// exercise the scripts shipped in sql/ instead of a copy of them. A wh extension.
    case runScript(String)
    /// `generate telemetry|clicks STAGE RECORDS [nested|flat]`: writes one file of `wh generate`'s
    /// data (seed 42, five trucks, the test's clock) into the stage. A wh extension.
    case generate(source: String, stage: String, records: Int, shape: String)
}

/// A record with its place in the file and whether the file's conditions skip it.
public struct Record: Equatable, Sendable {
    public var kind: RecordKind
    public var line: Int
    public var skipped: Bool
}
