/// The CSV options of a load's file format, as Snowflake defines them: RECORD_DELIMITER ('\n',
/// which also ends a line at '\r\n'), FIELD_DELIMITER (','), SKIP_HEADER, SKIP_BLANK_LINES,
/// FIELD_OPTIONALLY_ENCLOSED_BY (NONE), ESCAPE (NONE, inside enclosed fields),
/// ESCAPE_UNENCLOSED_FIELD ('\\'), NULL_IF (('\N')), EMPTY_FIELD_AS_NULL (TRUE), TRIM_SPACE,
/// ERROR_ON_COLUMN_COUNT_MISMATCH (TRUE), ENCODING (UTF8 or ISO-8859-1) and COMPRESSION.
struct CSVFormat: Sendable, Equatable {
    var compression = StagedFileReader.Compression.auto
    var recordDelimiter: [UInt8] = [0x0A]
    var fieldDelimiter: [UInt8]? = [0x2C]
    var skipHeader = 0
    var skipBlankLines = false
    var enclosedBy: UInt8?
    var escape: UInt8?
    var escapeUnenclosed: UInt8? = 0x5C
    var nullIf: [[UInt8]] = [Array("\\N".utf8)]
    var emptyFieldAsNull = true
    var trimSpace = false
    var errorOnColumnCountMismatch = true
    var latin1 = false
    var skipByteOrderMark = true

    init() {}

    init(_ options: FileFormatOptions) throws {
        func flag(_ name: String, default value: Bool) throws -> Bool {
            guard let text = options[name]?.uppercased() else { return value }
            guard text == "TRUE" || text == "FALSE" else { throw FileFormatError.badValue(name, text, expected: "TRUE or FALSE") }
            return text == "TRUE"
        }
        /// A delimiter or character option: NONE, a string with \t \n \r \\ escapes, or 0xNN / \xNN.
        func bytes(_ name: String, default value: [UInt8]?) throws -> [UInt8]? {
            guard let text = options[name] else { return value }
            if text.uppercased() == "NONE" { return nil }
            let decoded = try Self.decode(text, option: name)
            guard !decoded.isEmpty else { return nil }
            return decoded
        }
        func character(_ name: String, default value: UInt8?) throws -> UInt8? {
            guard let decoded = try bytes(name, default: value.map { [$0] }) else { return nil }
            guard decoded.count == 1 else { throw FileFormatError.badValue(name, options[name] ?? "", expected: "one single-byte character or NONE") }
            return decoded[0]
        }
        switch options["COMPRESSION"]?.uppercased() ?? "AUTO" {
        case "AUTO": compression = .auto
        case "GZIP": compression = .gzip
        case "NONE": compression = .none
        case let other: throw FileFormatError.badValue("COMPRESSION", other, expected: "AUTO, GZIP or NONE")
        }
        recordDelimiter = try bytes("RECORD_DELIMITER", default: [0x0A]) ?? []
        guard !recordDelimiter.isEmpty else { throw FileFormatError.badValue("RECORD_DELIMITER", "NONE", expected: "a delimiter: wh reads records") }
        fieldDelimiter = try bytes("FIELD_DELIMITER", default: [0x2C])
        if let text = options["SKIP_HEADER"] {
            guard let n = Int(text), n >= 0 else { throw FileFormatError.badValue("SKIP_HEADER", text, expected: "a number of lines, 0 or more") }
            skipHeader = n
        }
        skipBlankLines = try flag("SKIP_BLANK_LINES", default: false)
        enclosedBy = try character("FIELD_OPTIONALLY_ENCLOSED_BY", default: nil)
        if let quote = enclosedBy, quote != 0x22, quote != 0x27 {
            throw FileFormatError.badValue("FIELD_OPTIONALLY_ENCLOSED_BY", options["FIELD_OPTIONALLY_ENCLOSED_BY"] ?? "", expected: "'\"', '\\'' or NONE")
        }
        escape = try character("ESCAPE", default: nil)
        escapeUnenclosed = try character("ESCAPE_UNENCLOSED_FIELD", default: 0x5C)
        switch options.values["NULL_IF"] {
        case .list(let items)?: nullIf = try items.map { try Self.decode($0, option: "NULL_IF") }
        case .text(let item)?: nullIf = [try Self.decode(item, option: "NULL_IF")]
        case nil: break
        }
        emptyFieldAsNull = try flag("EMPTY_FIELD_AS_NULL", default: true)
        trimSpace = try flag("TRIM_SPACE", default: false)
        errorOnColumnCountMismatch = try flag("ERROR_ON_COLUMN_COUNT_MISMATCH", default: true)
        skipByteOrderMark = try flag("SKIP_BYTE_ORDER_MARK", default: true)
        switch (options["ENCODING"] ?? "UTF8").uppercased().replacingOccurrences(of: "-", with: "") {
        case "UTF8": latin1 = false
        case "ISO88591", "LATIN1": latin1 = true
        case let other:
            throw FileFormatError.badValue("ENCODING", other, expected: "UTF8 or ISO-8859-1 (the encodings wh reads)")
        }
        for name in ["DATE_FORMAT", "TIME_FORMAT", "TIMESTAMP_FORMAT"] {
            if let format = options[name], format.uppercased() != "AUTO" {
                throw FileFormatError.badValue(name, format, expected: "AUTO (wh reads ISO dates and times; convert others in a COPY transformation with TO_DATE/TO_TIMESTAMP)")
            }
        }
        if try flag("PARSE_HEADER", default: false) {
            throw FileFormatError.badValue("PARSE_HEADER", "TRUE", expected: "FALSE (wh maps CSV fields by position; use SKIP_HEADER = 1)")
        }
        if try flag("REPLACE_INVALID_CHARACTERS", default: false) {
            throw FileFormatError.badValue("REPLACE_INVALID_CHARACTERS", "TRUE", expected: "FALSE for CSV in wh")
        }
    }

    /// An option's bytes: its text (the SQL string literal already turned `\t` into a tab), or one
    /// byte written `0xNN`.
    static func decode(_ text: String, option: String) throws -> [UInt8] {
        let chars = Array(text.utf8)
        if chars.count == 4, chars[0] == 0x30, chars[1] == 0x78 || chars[1] == 0x58 {
            guard let n = UInt8(String(decoding: chars[2...], as: UTF8.self), radix: 16) else {
                throw FileFormatError.badValue(option, text, expected: "0xNN with two hex digits")
            }
            return [n]
        }
        return chars
    }
}
