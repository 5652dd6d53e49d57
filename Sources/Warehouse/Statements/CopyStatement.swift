/// COPY INTO table [(columns)] FROM @stage[/prefix] | (SELECT … FROM @stage [alias]) [options].
public struct CopyStatement: Equatable, Sendable {
    public var table: [Identifier]
    public var columns: [Identifier] = []
    public var location: StageLocation
    /// The SELECT list of a transformation, with each item's text; nil for a plain load.
    public var transform: [SelectItem]?
    /// The alias the transformation gives the stage (`FROM @s t` → `t.$1`).
    public var stageAlias: Identifier?
    public var files: [String]?
    public var pattern: String?
    /// FILE_FORMAT = (TYPE = … options) given on the COPY, overriding the stage's.
    public var fileFormat: FileFormatOptions?
    /// FILE_FORMAT = (FORMAT_NAME = 'f').
    public var formatName: String?
    public var options = CopyOptions()
}

extension CopyStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.isWord("COPY") ? try parser.copyInto() : nil }
    var traits: StatementTraits { [.consumesStreams, .keepsKeyValueTables] }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.copy(self, in: scope) }

    func translation(on warehouse: Warehouse) throws -> String? {
        "-- COPY reads the staged files itself and runs this for each record: " + (try warehouse.compile(self).plan.insertSQL)
    }
}

/// What to do when a record cannot be loaded.
public enum OnError: Equatable, Sendable {
    case abortStatement
    case `continue`
    /// SKIP_FILE (1) and SKIP_FILE_n: skip a file once it has n bad records.
    case skipFile(Int)
    /// 'SKIP_FILE_n%': skip a file when more than n percent of its records are bad.
    case skipFilePercent(Double)
}

/// VALIDATION_MODE: check the files instead of loading them.
public enum ValidationMode: Equatable, Sendable {
    case returnRows(Int)
    case returnErrors
    case returnAllErrors
}

/// The copy options of Snowflake's COPY INTO, plus wh's path flattening.
public struct CopyOptions: Equatable, Sendable {
    public var onError = OnError.abortStatement
    public var force = false
    public var purge = false
    public var returnFailedOnly = false
    public var sizeLimit: Int64?
    /// MATCH_BY_COLUMN_NAME: nil for NONE, else whether names must match case.
    public var matchCaseSensitive: Bool?
    public var validationMode: ValidationMode?
    /// wh extension FLATTEN_OBJECTS = TRUE: nested keys match columns by path (`a.b` fills `A_B`).
    public var flattenObjects = false
    /// wh extension COLUMN_PATHS = (COLUMN = 'json.path', …): where a column's value is when its
    /// name says otherwise.
    public var columnPaths: [String: String] = [:]
    /// ON_ERROR was written (pipes need to know whether to apply their own default).
    public var onErrorGiven = false
}

extension Parser {
    /// `until`: a symbol that ends the statement early (the `)` of `CREATE PIPE … AS (COPY …)`).
    mutating func copyInto(until stop: String? = nil) throws -> CopyStatement {
        try expect("COPY")
        try expect("INTO")
        if current?.kind == .stageReference {
            throw SyntaxError(message: "COPY INTO @stage (unloading) is not supported by wh", location: current!.location,
                              hint: "query the table and write the result with `wh sql -o csv` or `-o json`")
        }
        let (table, columns) = try tableAndColumns()
        try expect("FROM")
        var transform: [SelectItem]?
        var alias: Identifier?
        let location: StageLocation
        if isSymbol("(") {
            let start = current!.location
            index += 1
            let query = try queryStatement()
            try expectSymbol(")")
            (transform, location, alias) = try Self.transformParts(query, at: start)
        } else {
            location = try stageLocation()
        }
        var statement = CopyStatement(table: table, columns: columns, location: location, transform: transform, stageAlias: alias)
        try copyOptions(into: &statement, until: stop)
        return statement
    }

    /// The pieces of `SELECT items FROM @stage [alias]`; anything more is refused as Snowflake does.
    private static func transformParts(_ query: QueryStatement, at location: SourceLocation) throws
        -> ([SelectItem], StageLocation, Identifier?) {
        let refuse = { (what: String) in
            SyntaxError(message: "\(what) is not supported in a COPY transformation", location: location,
                        hint: "COPY takes SELECT <items> FROM @stage; to filter, join or flatten use INSERT INTO t SELECT … FROM @stage")
        }
        guard query.with.isEmpty, query.orderBy.isEmpty else { throw refuse(query.with.isEmpty ? "ORDER BY" : "WITH") }
        guard query.limit == nil, query.offset == nil else { throw refuse("LIMIT") }
        guard case .select(let core) = query.body else { throw refuse("a set operation") }
        guard core.whereClause == nil else { throw refuse("WHERE") }
        guard core.groupBy.isEmpty, core.having == nil else { throw refuse("GROUP BY") }
        guard core.qualify == nil else { throw refuse("QUALIFY") }
        guard case .stage(let stage, let formatName, let pattern, let alias)? = core.from else {
            throw refuse(core.from == nil ? "a SELECT without FROM @stage" : "a source other than one @stage (JOIN, FLATTEN, a table)")
        }
        guard formatName == nil, pattern == nil else { throw refuse("@stage (FILE_FORMAT => …, PATTERN => …)") }
        for item in core.items {
            if case .all = item { throw refuse("SELECT *") }
        }
        return (core.items, stage, alias)
    }

    private mutating func copyOptions(into statement: inout CopyStatement, until stop: String?) throws {
        while !atEnd, !(stop.map { isSymbol($0) } ?? false) {
            if acceptSymbol(",") { continue }
            guard let token = current, token.kind == .word, isSymbol("=", ahead: 1) else {
                throw unexpected(expecting: "a COPY option such as FILES, PATTERN, FILE_FORMAT or ON_ERROR")
            }
            let name = token.text.uppercased()
            index += 2
            func flag() throws -> Bool {
                guard case .text(let t) = try optionValue(), t == "TRUE" || t == "FALSE" else {
                    throw SyntaxError(message: "\(name) takes TRUE or FALSE", location: token.location, hint: nil)
                }
                return t == "TRUE"
            }
            switch name {
            case "FILES":
                guard case .list(let files) = try optionValue() else {
                    throw SyntaxError(message: "FILES takes a list of names", location: token.location, hint: "FILES = ('a.json', 'b.json')")
                }
                statement.files = files
            case "PATTERN": statement.pattern = try stringLiteral()
            case "FILE_FORMAT":
                let options = try optionList()
                if case .text(let format)? = options["FORMAT_NAME"] {
                    guard options.count == 1 else {
                        throw SyntaxError(message: "FORMAT_NAME and format options cannot be combined", location: token.location,
                                          hint: "give either FILE_FORMAT = (FORMAT_NAME = 'f') or FILE_FORMAT = (TYPE = JSON …)")
                    }
                    statement.formatName = format
                } else {
                    statement.fileFormat = FileFormatOptions(values: options)
                }
            case "ON_ERROR":
                statement.options.onError = try onError(at: token.location)
                statement.options.onErrorGiven = true
            case "FORCE": statement.options.force = try flag()
            case "PURGE": statement.options.purge = try flag()
            case "RETURN_FAILED_ONLY": statement.options.returnFailedOnly = try flag()
            case "FLATTEN_OBJECTS": statement.options.flattenObjects = try flag()
            case "SIZE_LIMIT":
                guard case .text(let t) = try optionValue(), let limit = Int64(t), limit >= 0 else {
                    throw SyntaxError(message: "SIZE_LIMIT takes a number of bytes", location: token.location, hint: nil)
                }
                statement.options.sizeLimit = limit
            case "MATCH_BY_COLUMN_NAME":
                guard case .text(let t) = try optionValue(), ["CASE_SENSITIVE", "CASE_INSENSITIVE", "NONE"].contains(t) else {
                    throw SyntaxError(message: "MATCH_BY_COLUMN_NAME takes CASE_SENSITIVE, CASE_INSENSITIVE or NONE",
                                      location: token.location, hint: nil)
                }
                statement.options.matchCaseSensitive = t == "NONE" ? nil : t == "CASE_SENSITIVE"
            case "VALIDATION_MODE":
                statement.options.validationMode = try validationMode(at: token.location)
            case "COLUMN_PATHS":
                for (column, value) in try optionList() {
                    guard case .text(let path) = value else {
                        throw SyntaxError(message: "COLUMN_PATHS takes COLUMN = 'json.path' pairs", location: token.location, hint: nil)
                    }
                    statement.options.columnPaths[column] = path
                }
            case "ENFORCE_LENGTH", "TRUNCATECOLUMNS", "LOAD_UNCERTAIN_FILES":
                _ = try flag()   // accepted: wh keeps every load's metadata and does not cut strings
            default:
                throw SyntaxError(message: "unknown COPY option \(name)", location: token.location,
                                  hint: "options: FILES, PATTERN, FILE_FORMAT, ON_ERROR, FORCE, PURGE, SIZE_LIMIT, RETURN_FAILED_ONLY, MATCH_BY_COLUMN_NAME, VALIDATION_MODE, FLATTEN_OBJECTS, COLUMN_PATHS")
            }
        }
    }

    private mutating func onError(at location: SourceLocation) throws -> OnError {
        guard case .text(let raw) = try optionValue() else { throw unexpected() }
        let value = raw.uppercased()
        switch value {
        case "ABORT_STATEMENT": return .abortStatement
        case "CONTINUE": return .continue
        case "SKIP_FILE": return .skipFile(1)
        default:
            if value.hasPrefix("SKIP_FILE_") {
                let number = value.dropFirst("SKIP_FILE_".count)
                if number.hasSuffix("%"), let percent = Double(number.dropLast()), percent >= 0, percent <= 100 {
                    return .skipFilePercent(percent)
                }
                if let n = Int(number), n >= 1 { return .skipFile(n) }
            }
            throw SyntaxError(message: "invalid value '\(raw)' for ON_ERROR", location: location,
                              hint: "use ABORT_STATEMENT, CONTINUE, SKIP_FILE, SKIP_FILE_<n> or 'SKIP_FILE_<n>%'")
        }
    }

    private mutating func validationMode(at location: SourceLocation) throws -> ValidationMode {
        guard case .text(let value) = try optionValue() else { throw unexpected() }
        switch value {
        case "RETURN_ERRORS": return .returnErrors
        case "RETURN_ALL_ERRORS": return .returnAllErrors
        default:
            if value.hasPrefix("RETURN_"), value.hasSuffix("_ROWS"),
               let n = Int(value.dropFirst("RETURN_".count).dropLast("_ROWS".count)), n > 0 {
                return .returnRows(n)
            }
            throw SyntaxError(message: "invalid value '\(value)' for VALIDATION_MODE", location: location,
                              hint: "use RETURN_<n>_ROWS, RETURN_ERRORS or RETURN_ALL_ERRORS")
        }
    }
}
