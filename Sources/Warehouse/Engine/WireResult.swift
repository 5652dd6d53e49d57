/// A result as Snowflake's wire formats give it — the SQL API's `jsonv2` and the connector's JSON
/// rowset: each column's `rowType` entry, and each value as a string (NULL as nil).
public enum WireResult {
    /// One column's metadata, as Snowflake's `rowType` has it.
    public struct Column: Equatable, Sendable {
        public var name: String
        /// Lower case, as Snowflake sends it: fixed, real, text, boolean, date, time, timestamp_ntz, …
        public var type: String
        public var precision: Int?
        public var scale: Int?
        public var length: Int?
        public var nullable = true

        public init(name: String, type: String, precision: Int? = nil, scale: Int? = nil, length: Int? = nil, nullable: Bool = true) {
            (self.name, self.type, self.precision, self.scale, self.length, self.nullable) = (name, type, precision, scale, length, nullable)
        }

        /// The column as a JSON object with every key the clients read.
        public var json: String {
            let number = { (v: Int?) in v.map(String.init) ?? "null" }
            return "{\"name\":\(JSONString.quoted(name)),\"database\":\"\",\"schema\":\"\",\"table\":\"\",\"type\":\(JSONString.quoted(type)),"
                + "\"precision\":\(number(precision)),\"scale\":\(number(scale)),\"length\":\(number(length)),"
                + "\"byteLength\":\(number(length.map { $0 * 4 })),\"nullable\":\(nullable),\"collation\":null}"
        }
    }

    /// The rowType of `result`. A column whose Snowflake type wh does not know is typed from its
    /// values: whole numbers as NUMBER(38,0), other numbers as FLOAT, anything else as VARCHAR.
    public static func columns(of result: ResultSet) -> [Column] {
        result.columns.enumerated().map { index, column in
            let type = column.type ?? inferredType(result.rows.map { $0[index] })
            return Column(name: column.name, type: type)
        }
    }

    private static func inferredType(_ values: [SQLValue]) -> SnowflakeType {
        var sawReal = false, sawText = false, sawInteger = false
        for value in values {
            switch value {
            case .integer: sawInteger = true
            case .real: sawReal = true
            case .text, .blob: sawText = true
            case .null: break
            }
        }
        if sawText || !(sawReal || sawInteger) { return SnowflakeType(kind: .text) }
        return sawReal ? SnowflakeType(kind: .float) : SnowflakeType(kind: .number, precision: 38, scale: 0)
    }

    /// `value` as Snowflake writes it in a JSON rowset: NUMBER as its decimal, BOOLEAN as
    /// true/false, DATE as days since 1970-01-01, TIME as seconds since midnight and TIMESTAMP_NTZ
    /// as seconds since 1970-01-01 UTC, each with nine decimals; VARIANT as its JSON.
    public static func string(_ value: SQLValue, in column: Column) -> String? {
        if case .null = value { return nil }
        switch column.type {
        case "boolean":
            switch value {
            case .integer(let i): return i != 0 ? "true" : "false"
            case .real(let d): return d != 0 ? "true" : "false"
            default: return value.displayText
            }
        case "fixed":
            let resultColumn = ResultColumn(name: column.name, declaredType: "NUMBER(\(column.precision ?? 38),\(column.scale ?? 0))")
            return resultColumn.displayText(value)
        case "date":
            guard let text = value.displayText, let micros = CanonicalTimestamp.epochMicroseconds(text) else { return value.displayText }
            return String(micros / 86_400_000_000 - (micros % 86_400_000_000 < 0 ? 1 : 0))
        case "timestamp_ntz", "timestamp_ltz":
            guard let text = value.displayText, let micros = CanonicalTimestamp.epochMicroseconds(text) else { return value.displayText }
            return secondsWithNineDecimals(micros)
        case "timestamp_tz":
            // wh keeps timestamps in UTC: the offset is 0 minutes, sent as 0 + 1440.
            guard let text = value.displayText, let micros = CanonicalTimestamp.epochMicroseconds(text) else { return value.displayText }
            return secondsWithNineDecimals(micros) + " 1440"
        case "time":
            guard let text = value.displayText, let micros = CanonicalTimestamp.epochMicroseconds("1970-01-01 " + text) else { return value.displayText }
            return secondsWithNineDecimals(micros)
        default:
            return value.displayText
        }
    }

    /// Seconds as a signed decimal, as Snowflake writes them: -1.5 s (1969-12-31 23:59:58.5) is
    /// `-1.500000000`, not a floor and a positive fraction (which once gave 23:59:57.5).
    private static func secondsWithNineDecimals(_ micros: Int64) -> String {
        let magnitude = micros.magnitude
        let digits = String(magnitude % 1_000_000)
        return (micros < 0 ? "-" : "") + String(magnitude / 1_000_000) + "." + String(repeating: "0", count: 6 - digits.count) + digits + "000"
    }
}

extension WireResult.Column {
    init(name: String, type: SnowflakeType) {
        self.name = name
        switch type.kind {
        case .number: self.type = "fixed"; precision = type.precision ?? 38; scale = type.scale ?? 0
        case .float: self.type = "real"
        case .text: self.type = "text"; length = type.precision ?? 16_777_216
        case .boolean: self.type = "boolean"
        case .date: self.type = "date"
        case .time: self.type = "time"; scale = type.precision ?? 9
        case .timestampNTZ: self.type = "timestamp_ntz"; scale = type.precision ?? 9
        case .timestampLTZ: self.type = "timestamp_ltz"; scale = type.precision ?? 9
        case .timestampTZ: self.type = "timestamp_tz"; scale = type.precision ?? 9
        case .variant: self.type = "variant"
        case .object: self.type = "object"
        case .array: self.type = "array"
        case .binary: self.type = "binary"; length = type.precision ?? 8_388_608
        }
    }
}
