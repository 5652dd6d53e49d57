/// How results are written: the modes of sqlite3 and duckdb that wh supports.
public enum OutputMode: String, CaseIterable, Sendable {
    /// Unicode box drawing, the default on a terminal.
    case box
    /// ASCII `+---+` table, like snowsql's psql format.
    case table
    case csv
    /// One JSON array of objects.
    case json
    /// One JSON object per line.
    case jsonl
    case markdown
    /// `name = value`, one line per column, a blank line between rows.
    case line
    /// Values separated by `|`, no header: sqlite3's default, and wh's when stdout is not a terminal.
    case list

    /// Whether headers are shown when `.headers` was never set.
    var showsHeadersByDefault: Bool { self != .list }

    static var names: String { allCases.map(\.rawValue).joined(separator: "|") }
}
