/// Writes result values as JSON text by hand: result rows are flat, and Foundation's encoder would
/// reorder keys and cost more than the rendering itself. BOOLEAN columns give true/false, VARIANT
/// values are embedded as the JSON they are, NUMBER(p,s) keeps exactly s decimals.
public enum ResultJSON {
    public static func string(_ s: String) -> String { JSONString.quoted(s) }

    public static func value(_ v: SQLValue, in column: ResultColumn) -> String {
        switch v {
        case .integer(let i) where column.isBoolean: return i != 0 ? "true" : "false"
        case .text(let json) where column.isVariant: return json   // VARIANT is JSON text already
        case .integer where column.type?.kind == .number, .real where column.type?.kind == .number:
            return column.displayText(v) ?? "null"   // NUMBER(p,s): exactly s decimals
        case .null: return "null"
        case .integer(let i): return String(i)
        case .real(let d): return d.isFinite ? SQLValue.format(real: d) : string(SQLValue.format(real: d))
        case .text(let s): return string(s)
        case .blob: return string(v.displayText ?? "")
        }
    }

    /// One row as a JSON object, its members named `keys` (the column names when not given).
    public static func object(_ row: [SQLValue], columns: [ResultColumn], keys: [String]? = nil) -> String {
        let names = keys ?? columns.map(\.name)
        return "{" + zip(names, zip(columns, row)).map { string($0) + ":" + value($1.1, in: $1.0) }.joined(separator: ",") + "}"
    }
}
