/// A Snowflake data type as declared, with the SQLite storage wh uses for it.
public struct SnowflakeType: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case text, number, float, boolean, date, time, timestampNTZ, timestampLTZ, timestampTZ
        case variant, object, array, binary
    }

    public var kind: Kind
    /// Length for text, precision for NUMBER.
    public var precision: Int?
    public var scale: Int?

    public init(kind: Kind, precision: Int? = nil, scale: Int? = nil) {
        self.kind = kind
        self.precision = precision
        self.scale = scale
    }

    /// Resolves a type name as written (`VARCHAR`, `DOUBLE PRECISION`, `TIMESTAMP_NTZ` …) with its
    /// optional parameters; nil for a name Snowflake does not have.
    public static func named(_ name: String, parameters: [Int] = []) -> SnowflakeType? {
        let p = parameters.first, s = parameters.count > 1 ? parameters[1] : nil
        switch name.uppercased() {
        case "STRING", "TEXT", "VARCHAR", "CHAR", "CHARACTER", "NCHAR", "NVARCHAR", "NVARCHAR2", "CHAR VARYING", "NCHAR VARYING":
            return SnowflakeType(kind: .text, precision: p ?? (name.uppercased().hasPrefix("CHAR") || name.uppercased() == "NCHAR" ? 1 : nil))
        case "NUMBER", "NUMERIC", "DECIMAL", "DEC":
            return SnowflakeType(kind: .number, precision: p ?? 38, scale: s ?? 0)
        case "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT":
            return SnowflakeType(kind: .number, precision: 38, scale: 0)
        case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "DOUBLE PRECISION", "REAL":
            return SnowflakeType(kind: .float)
        case "BOOLEAN", "BOOL": return SnowflakeType(kind: .boolean)
        case "DATE": return SnowflakeType(kind: .date)
        case "TIME": return SnowflakeType(kind: .time, precision: p ?? 9)
        case "TIMESTAMP", "DATETIME", "TIMESTAMP_NTZ", "TIMESTAMPNTZ", "TIMESTAMP WITHOUT TIME ZONE":
            return SnowflakeType(kind: .timestampNTZ, precision: p ?? 9)
        case "TIMESTAMP_LTZ", "TIMESTAMPLTZ", "TIMESTAMP WITH LOCAL TIME ZONE": return SnowflakeType(kind: .timestampLTZ, precision: p ?? 9)
        case "TIMESTAMP_TZ", "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE": return SnowflakeType(kind: .timestampTZ, precision: p ?? 9)
        case "VARIANT": return SnowflakeType(kind: .variant)
        case "OBJECT": return SnowflakeType(kind: .object)
        case "ARRAY": return SnowflakeType(kind: .array)
        case "BINARY", "VARBINARY": return SnowflakeType(kind: .binary)
        default: return nil
        }
    }

    /// The column type written into SQLite's schema: the Snowflake spelling itself. SQLite derives
    /// the storage affinity from it (VARCHAR → TEXT, FLOAT → REAL, the rest NUMERIC, which keeps
    /// text that does not look like a number as text), and hands it back as the declared type of
    /// result columns, which is how results know to show BOOLEAN as TRUE/FALSE.
    public var sqliteDeclaration: String { description }

    /// The type as Snowflake's DESC TABLE shows it: `VARCHAR(16777216)`, `NUMBER(38,0)`, `FLOAT` …
    public var description: String {
        switch kind {
        case .text: return "VARCHAR(\(precision ?? 16_777_216))"
        case .number: return "NUMBER(\(precision ?? 38),\(scale ?? 0))"
        case .float: return "FLOAT"
        case .boolean: return "BOOLEAN"
        case .date: return "DATE"
        case .time: return "TIME(\(precision ?? 9))"
        case .timestampNTZ: return "TIMESTAMP_NTZ(\(precision ?? 9))"
        case .timestampLTZ: return "TIMESTAMP_LTZ(\(precision ?? 9))"
        case .timestampTZ: return "TIMESTAMP_TZ(\(precision ?? 9))"
        case .variant: return "VARIANT"
        case .object: return "OBJECT"
        case .array: return "ARRAY"
        case .binary: return "BINARY(8388608)"
        }
    }

    /// Parses the text `description` produces (as stored in the catalog).
    public init?(catalogText: String) {
        let open = catalogText.firstIndex(of: "(")
        let name = String(catalogText[..<(open ?? catalogText.endIndex)])
        var parameters: [Int] = []
        if let open, let close = catalogText.lastIndex(of: ")") {
            parameters = catalogText[catalogText.index(after: open)..<close].split(separator: ",").compactMap { Int($0) }
        }
        guard let type = SnowflakeType.named(name, parameters: parameters) else { return nil }
        self = type
        if kind == .binary { precision = nil }
    }
}
