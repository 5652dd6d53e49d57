/// The options of a file format, as written: `TYPE = JSON STRIP_OUTER_ARRAY = TRUE NULL_IF = ('')`.
/// Names are upper-case; values keep their text (strings unquoted, keywords upper-cased).
public struct FileFormatOptions: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case text(String)
        case list([String])
    }

    public var values: [String: Value] = [:]

    public init(values: [String: Value] = [:]) { self.values = values }

    /// TYPE, JSON when not given (wh's default: the warehouse's data is JSON).
    public var type: String { if case .text(let t)? = values["TYPE"] { return t.uppercased() } else { return "JSON" } }

    public subscript(_ name: String) -> String? {
        if case .text(let t)? = values[name] { return t } else { return nil }
    }

    static let common: Set = ["TYPE", "COMPRESSION", "DATE_FORMAT", "TIME_FORMAT", "TIMESTAMP_FORMAT", "TRIM_SPACE",
                              "NULL_IF", "FILE_EXTENSION", "SKIP_BYTE_ORDER_MARK", "REPLACE_INVALID_CHARACTERS", "ENCODING"]
    static let json: Set = ["STRIP_OUTER_ARRAY", "STRIP_NULL_VALUES", "ALLOW_DUPLICATE", "IGNORE_UTF8_ERRORS", "MULTI_LINE",
                            "ENABLE_OCTAL", "BINARY_FORMAT"]
    static let csv: Set = ["RECORD_DELIMITER", "FIELD_DELIMITER", "SKIP_HEADER", "PARSE_HEADER", "FIELD_OPTIONALLY_ENCLOSED_BY",
                           "EMPTY_FIELD_AS_NULL", "ESCAPE", "ESCAPE_UNENCLOSED_FIELD", "ERROR_ON_COLUMN_COUNT_MISMATCH",
                           "SKIP_BLANK_LINES", "BINARY_FORMAT"]

    /// Checks the type and the option names against what the type accepts.
    func validate() throws {
        guard ["JSON", "CSV"].contains(type) else {
            throw FileFormatError.unsupportedType(type)
        }
        let allowed = Self.common.union(type == "JSON" ? Self.json : Self.csv)
        for name in values.keys.sorted() where !allowed.contains(name) {
            throw FileFormatError.unknownOption(name, type: type, allowed: allowed.sorted())
        }
        if let compression = self["COMPRESSION"]?.uppercased(), !["AUTO", "GZIP", "NONE"].contains(compression) {
            throw FileFormatError.badValue("COMPRESSION", compression, expected: "AUTO, GZIP or NONE")
        }
    }

    /// The options as a JSON object with sorted keys, as the catalog keeps them.
    var json: String {
        "{" + values.keys.sorted().map { key -> String in
            let value: String
            switch values[key]! {
            case .text(let t): value = JSONString.quoted(t)
            case .list(let items): value = "[" + items.map(JSONString.quoted).joined(separator: ",") + "]"
            }
            return JSONString.quoted(key) + ":" + value
        }.joined(separator: ",") + "}"
    }

    /// `TYPE = JSON STRIP_OUTER_ARRAY = TRUE`, as SHOW and DESC print options.
    var text: String {
        values.keys.sorted().map { key -> String in
            switch values[key]! {
            case .text(let t): return "\(key) = \(t)"
            case .list(let items): return "\(key) = (" + items.map(SQLiteRenderer.quote).joined(separator: ", ") + ")"
            }
        }.joined(separator: " ")
    }
}


/// Problems with a file format's options.
public enum FileFormatError: WarehouseError, Equatable {
    case unsupportedType(String)
    case unknownOption(String, type: String, allowed: [String])
    case badValue(String, String, expected: String)
    case noSuchFormat(String)

    public var message: String {
        switch self {
        case .unsupportedType(let type): return "File format type \(type) is not supported by wh"
        case .unknownOption(let name, let type, _): return "invalid file format option \(name) for TYPE = \(type)"
        case .badValue(let name, let value, let expected): return "invalid value '\(value)' for file format option \(name): expected \(expected)"
        case .noSuchFormat(let name): return "File format '\(name)' does not exist or not authorized."
        }
    }

    public var hint: String? {
        switch self {
        case .unsupportedType: return "use TYPE = JSON or TYPE = CSV"
        case .unknownOption(_, _, let allowed): return "valid options: \(allowed.joined(separator: ", "))"
        case .badValue: return nil
        case .noSuchFormat: return "list file formats with SHOW FILE FORMATS; unquoted names are upper-cased"
        }
    }
}

extension Parser {
    /// `( NAME = value … )`: the options list of FILE_FORMAT, COPY_OPTIONS and CREATE FILE FORMAT.
    mutating func optionList() throws -> [String: FileFormatOptions.Value] {
        try expectSymbol("(")
        var values: [String: FileFormatOptions.Value] = [:]
        while !isSymbol(")") {
            let (name, value) = try option()
            values[name] = value
            _ = acceptSymbol(",")
        }
        try expectSymbol(")")
        return values
    }

    /// `NAME = value`, value being a string, a word, a number or a parenthesized list of strings.
    mutating func option() throws -> (String, FileFormatOptions.Value) {
        guard let token = current, token.kind == .word else { throw unexpected(expecting: "an option name") }
        index += 1
        try expectSymbol("=")
        return (token.text.uppercased(), try optionValue())
    }

    mutating func optionValue() throws -> FileFormatOptions.Value {
        guard let token = current else { throw unexpected(expecting: "a value") }
        switch token.kind {
        case .string: index += 1; return .text(token.text)
        case .word: index += 1; return .text(token.text.uppercased())
        case .number: index += 1; return .text(token.text)
        case .symbol where token.text == "(":
            index += 1
            var items: [String] = []
            while !isSymbol(")") {
                items.append(try stringLiteral())
                _ = acceptSymbol(",")
            }
            try expectSymbol(")")
            return .list(items)
        case .symbol where token.text == "-":
            index += 1
            guard let number = current, number.kind == .number else { throw unexpected(expecting: "a number") }
            index += 1
            return .text("-" + number.text)
        default:
            throw unexpected(expecting: "a value")
        }
    }
}
