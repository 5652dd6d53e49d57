import Foundation
import SQLite

extension Warehouse {
    /// COPY INTO @stage: runs the query and writes its rows as CSV or NDJSON files in the stage,
    /// gzipped unless COMPRESSION = NONE, each file at most MAX_FILE_SIZE bytes before compression
    /// (one file, named by the path, with SINGLE = TRUE). Values are written as wh shows them, so a
    /// COPY INTO a table of the same columns loads them back identically.
    func unload(_ statement: UnloadStatement) throws -> ResultSet {
        let stage = try stage(named: statement.location.stage)
        if Self.leavesStage(statement.location.prefix) { throw StageError.escapingPath(statement.location.prefix) }
        var options = try fileFormatOptions(catalogJSON: try statement.formatName.map { try fileFormat(named: Identifier($0).name) } ?? stage.fileFormat)
        if let given = statement.fileFormat {
            try given.validate()
            if let type = given["TYPE"], type != options.type { options = given } else { options.values.merge(given.values) { $1 } }
        }
        if statement.fileFormat == nil && statement.formatName == nil && stage.fileFormat == "{}" { options.values["TYPE"] = .text("CSV") }
        try options.validate()
        let writer = try UnloadWriter(options, header: statement.header)

        let sql: String
        do { sql = try renderer.render(statement.query) } catch let error as SQLiteError { throw TranslatedSQLError(error: error) }
        let rows: Statement
        do { rows = try connection.prepare(sql) } catch let error as SQLiteError { throw TranslatedSQLError(error: error) }
        let columns = try typed((0..<rows.columnCount).map { ResultColumn(name: rows.columnName($0), declaredType: rows.columnDeclaredType($0)) },
                                of: statement.query)
        if writer.isJSON, columns.count != 1 || !columns[0].isVariant {
            throw UnloadError.jsonNeedsOneVariant(columns: columns.count)
        }

        // The files' names: `path/data_0_0_<n>.csv.gz`, or the path itself with SINGLE.
        let prefix = statement.location.prefix
        let base: String
        if statement.single {
            base = prefix.isEmpty || prefix.hasSuffix("/") ? prefix + "data" : prefix
        } else {
            base = prefix.isEmpty || prefix.hasSuffix("/") ? prefix + "data_" : prefix.hasSuffix("_") ? prefix : prefix + "_"
        }
        var whole = statement.location
        whole.prefix = ""
        let existing = environment.fileSystem.kind(of: stage.directory) == .directory ? try stagedFiles(whole, pattern: nil).1.map(\.relativePath) : []
        let clashing = existing.filter { statement.single ? $0 == base : $0.hasPrefix(base + "0_0_") }
        if !clashing.isEmpty {
            guard statement.overwrite else { throw UnloadError.filesExist("@" + stage.name + "/" + prefix, clashing.sorted()) }
            for file in clashing { try environment.fileSystem.removeItem(at: stage.directory + "/" + file) }
        }

        var written: [(name: String, size: Int, rows: Int)] = []
        var rowsUnloaded = 0, inputBytes = 0, outputBytes = 0
        func flush() throws {
            guard writer.rows > 0 else { return }
            let name = statement.single ? base : base + "0_0_\(written.count)" + writer.fileExtension
            let (data, plain) = try writer.finish()
            let path = stage.directory + "/" + name
            if let directory = splitAtLastSlash(path).directory { try environment.fileSystem.createDirectory(at: directory) }
            try environment.fileSystem.write(data, to: path)
            written.append((name, data.count, writer.lastRows))
            inputBytes += plain
            outputBytes += data.count
        }
        while try rows.step() {
            let added = try writer.add(rows.row(), columns: columns)
            if added { rowsUnloaded += 1 }
            if !statement.single, writer.size >= statement.maxFileSize { try flush() }
        }
        if statement.single, writer.size > statement.maxFileSize {
            throw UnloadError.singleTooLarge(writer.size, limit: statement.maxFileSize)
        }
        try flush()
        if statement.detailedOutput {
            return ResultSet(columns: ["FILE_NAME", "FILE_SIZE", "ROW_COUNT"].map { ResultColumn(name: $0) },
                             sqliteRows: written.map { [.text($0.name), .integer(Int64($0.size)), .integer(Int64($0.rows))] }, isQuery: true)
        }
        return ResultSet(columns: ["rows_unloaded", "input_bytes", "output_bytes"].map { ResultColumn(name: $0) },
                         sqliteRows: [[.integer(Int64(rowsUnloaded)), .integer(Int64(inputBytes)), .integer(Int64(outputBytes))]], isQuery: true)
    }
}

/// One unloaded file's text as it is built: CSV lines (a header first when asked) or NDJSON.
final class UnloadWriter {
    let isJSON: Bool
    let header: Bool
    let compress: Bool
    let delimiter: String, recordDelimiter: String, quote: Unicode.Scalar?, escape: Unicode.Scalar?, nullText: String
    private var text: [UInt8] = []
    private(set) var rows = 0
    private(set) var lastRows = 0

    init(_ options: FileFormatOptions, header: Bool) throws {
        isJSON = options.type == "JSON"
        self.header = header && !isJSON
        switch options["COMPRESSION"]?.uppercased() ?? "AUTO" {
        case "AUTO", "GZIP": compress = true
        case "NONE": compress = false
        case let other: throw FileFormatError.badValue("COMPRESSION", other, expected: "AUTO, GZIP or NONE")
        }
        let csv = isJSON ? CSVFormat() : try CSVFormat(options)
        guard let field = csv.fieldDelimiter else { throw FileFormatError.badValue("FIELD_DELIMITER", "NONE", expected: "a delimiter to write between fields") }
        delimiter = String(decoding: field, as: UTF8.self)
        recordDelimiter = String(decoding: csv.recordDelimiter, as: UTF8.self)
        quote = csv.enclosedBy.map { Unicode.Scalar($0) }
        escape = csv.escapeUnenclosed.map { Unicode.Scalar($0) }
        nullText = csv.nullIf.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    var size: Int { text.count }
    var fileExtension: String { (isJSON ? ".json" : ".csv") + (compress ? ".gz" : "") }

    /// Adds a row; false when it writes nothing (JSON leaves out a NULL document).
    func add(_ row: [Value], columns: [ResultColumn]) throws -> Bool {
        if isJSON {
            guard let document = row[0].textValue else { return false }
            text += Array(document.utf8)
            text.append(0x0A)
            rows += 1
            return true
        }
        if header && rows == 0 {
            text += Array((columns.map { field($0.name) }.joined(separator: delimiter) + recordDelimiter).utf8)
        }
        let fields = zip(row, columns).map { value, column -> String in
            guard let shown = Self.text(SQLValue(value), column) else { return nullText }
            return field(shown)
        }
        text += Array((fields.joined(separator: delimiter) + recordDelimiter).utf8)
        rows += 1
        return true
    }

    /// The file's bytes (gzipped when asked) and its size before compression; starts the next file.
    func finish() throws -> (Data, Int) {
        let plain = text.count
        let data = compress ? try Gzip.compress(Data(text)) : Data(text)
        text.removeAll(keepingCapacity: true)
        lastRows = rows
        rows = 0
        return (data, plain)
    }

    /// A value as the CSV shows it: BOOLEAN true/false, NUMBER with its scale, the rest as wh shows it.
    static func text(_ value: SQLValue, _ column: ResultColumn) -> String? {
        if value.isNull { return nil }
        switch column.type?.kind {
        case .boolean?: return value.integerValue.map { $0 != 0 ? "true" : "false" } ?? value.displayText
        default: return column.displayText(value)
        }
    }

    /// A field enclosed when it must be (a field or record delimiter, quote or newline inside, or
    /// empty, so it reads back as an empty string and not NULL), else escaped with
    /// ESCAPE_UNENCLOSED_FIELD. By Unicode scalar, as COPY reads it back: as Characters, "\r\n" is
    /// neither "\r" nor "\n", and a quote followed by a combining mark is not a quote.
    private func field(_ value: String) -> String {
        let special = value.isEmpty || value == nullText
            || value.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == quote || $0 == escape }
            || value.containsScalars(of: delimiter) || value.containsScalars(of: recordDelimiter)
        guard special else { return value }
        if let quote {
            let enclosing = String(quote)
            return enclosing + value.replacingEvery(quote, with: enclosing + enclosing) + enclosing
        }
        guard let escape else { return value }
        let scalars = Array(value.unicodeScalars)
        let delimiters = [Array(delimiter.unicodeScalars), Array(recordDelimiter.unicodeScalars)].filter { !$0.isEmpty }
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            let startsDelimiter = delimiters.contains { scalars[index...].starts(with: $0) }
            if scalar == escape || scalar == "\n" || scalar == "\r" || startsDelimiter || (value == nullText && index == 0) { out.append(escape) }
            out.append(scalar)
        }
        return String(out)
    }
}

/// Unloading problems, naming the stage path or the columns and the fix.
public enum UnloadError: WarehouseError, Equatable {
    case jsonNeedsOneVariant(columns: Int)
    case filesExist(String, [String])
    case singleTooLarge(Int, limit: Int)

    public var message: String {
        switch self {
        case .jsonNeedsOneVariant(let n):
            return "JSON file format can produce one and only one column of type variant, object, or array (the query gives \(n) column\(n == 1 ? "" : "s"))."
        case .filesExist(let path, let files):
            return "Files already existing at the unload destination: \(path) (\(files.prefix(3).joined(separator: ", "))\(files.count > 3 ? ", …" : ""))."
        case .singleTooLarge(let size, let limit):
            return "the unloaded data is \(size) bytes, more than MAX_FILE_SIZE (\(limit)) allows for one file"
        }
    }

    public var hint: String? {
        switch self {
        case .jsonNeedsOneVariant: return "select one VARIANT, e.g. OBJECT_CONSTRUCT('id', id, 'name', name), or use TYPE = CSV"
        case .filesExist: return "Use overwrite option to force unloading: OVERWRITE = TRUE, or unload to another path"
        case .singleTooLarge: return "raise MAX_FILE_SIZE, or leave out SINGLE = TRUE to write several files"
        }
    }
}
