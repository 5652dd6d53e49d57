/// COPY INTO @stage[/path] FROM table | (query) [FILE_FORMAT = (…)] [HEADER = …] [SINGLE = …]
/// [MAX_FILE_SIZE = n] [OVERWRITE = …] [DETAILED_OUTPUT = …]: unloading rows into staged files.
struct UnloadStatement: OwnedStatement {
    var location: StageLocation
    var query: QueryStatement
    var fileFormat: FileFormatOptions?
    var formatName: String?
    var header = false
    var single = false
    var maxFileSize = 16_777_216
    var overwrite = false
    var detailedOutput = false

    static func parse(_ parser: inout Parser) throws -> Self? {
        guard parser.isWord("COPY"), parser.isWord("INTO", ahead: 1), parser.peek(2)?.kind == .stageReference else { return nil }
        parser.index += 2
        let location = try parser.stageLocation()
        try parser.expect("FROM")
        let query: QueryStatement
        if parser.acceptSymbol("(") {
            query = try parser.queryStatement()
            try parser.expectSymbol(")")
        } else {
            var core = SelectCore()
            core.items = [.all(qualifier: [])]
            var name = [try parser.identifier()]
            while parser.acceptSymbol(".") { name.append(try parser.identifier()) }
            core.from = .table(name: name, alias: nil)
            query = QueryStatement(body: .select(core))
        }
        var statement = Self(location: location, query: query)
        while !parser.atEnd {
            if parser.acceptSymbol(",") { continue }
            guard let token = parser.current, token.kind == .word, parser.isSymbol("=", ahead: 1) else {
                throw parser.unexpected(expecting: "an unload option: FILE_FORMAT, HEADER, SINGLE, MAX_FILE_SIZE, OVERWRITE or DETAILED_OUTPUT")
            }
            let name = token.text.uppercased()
            parser.index += 2
            func flag() throws -> Bool {
                guard case .text(let t) = try parser.optionValue(), t == "TRUE" || t == "FALSE" else {
                    throw SyntaxError(message: "\(name) takes TRUE or FALSE", location: token.location, hint: nil)
                }
                return t == "TRUE"
            }
            switch name {
            case "FILE_FORMAT":
                let options = try parser.optionList()
                if case .text(let format)? = options["FORMAT_NAME"], options.count == 1 {
                    statement.formatName = format
                } else {
                    statement.fileFormat = FileFormatOptions(values: options)
                }
            case "HEADER": statement.header = try flag()
            case "SINGLE": statement.single = try flag()
            case "OVERWRITE": statement.overwrite = try flag()
            case "DETAILED_OUTPUT": statement.detailedOutput = try flag()
            case "MAX_FILE_SIZE":
                guard case .text(let text) = try parser.optionValue(), let size = Int(text), size > 0, size <= 5_368_709_120 else {
                    throw SyntaxError(message: "MAX_FILE_SIZE takes a size in bytes, up to 5 GB", location: token.location, hint: nil)
                }
                statement.maxFileSize = size
            case "INCLUDE_QUERY_ID", "PARTITION", "ENCRYPTION", "CREDENTIALS", "STORAGE_INTEGRATION", "VALIDATION_MODE":
                throw UnsupportedFeature(feature: "COPY INTO @stage … \(name)", hint: "unload without it")
            default:
                throw SyntaxError(message: "unknown unload option \(name)", location: token.location,
                                  hint: "unload options: FILE_FORMAT, HEADER, SINGLE, MAX_FILE_SIZE, OVERWRITE, DETAILED_OUTPUT")
            }
        }
        return statement
    }

    var traits: StatementTraits { .consumesStreams }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.unload(self) }
}
