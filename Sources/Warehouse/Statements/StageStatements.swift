/// CREATE [OR REPLACE] STAGE [IF NOT EXISTS] name [URL = '…'] [FILE_FORMAT = (…)] [COMMENT = '…'].
public struct CreateStageStatement: Equatable, Sendable {
    public var orReplace = false
    public var ifNotExists = false
    public var name: Identifier
    public var url: String?
    public var fileFormat = FileFormatOptions()
    /// FILE_FORMAT = (FORMAT_NAME = 'f'): the named format, resolved when the stage is created.
    public var formatName: String?
    public var comment: String?
    /// CREATE STAGE … CREDENTIALS = (AWS_KEY_ID = '…' AWS_SECRET_KEY = '…'), for an s3:// URL.
    public var credentials: [String: String]?
}

extension CreateStageStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { try parser.createStage() }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.createStage(self) }
}

/// CREATE [OR REPLACE] FILE FORMAT [IF NOT EXISTS] name TYPE = … options… [COMMENT = '…'].
public struct CreateFileFormatStatement: Equatable, Sendable {
    public var orReplace = false
    public var ifNotExists = false
    public var name: Identifier
    public var options = FileFormatOptions()
    public var comment: String?
}

extension CreateFileFormatStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { try parser.createFileFormat() }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.createFileFormat(self) }
}

/// `@stage/prefix`: a stage and a path prefix inside it.
public struct StageLocation: Equatable, Sendable {
    public var stage: Identifier
    public var prefix: String

    /// Reads the text of a stage reference token (`stage/a/b`, `"Odd"/x`, `db.schema.stage/x`).
    /// By Unicode scalar, as the path's file system reads it: "/" followed by a combining mark is
    /// one Character, and read as Characters it stayed in the stage's name.
    init(reference: String, location: SourceLocation) throws {
        var text = Substring(reference).unicodeScalars
        if text.first == "~" || text.first == "%" {
            throw SyntaxError(message: "user and table stages (@~, @%table) are not supported by wh", location: location,
                              hint: "create a named stage: CREATE STAGE s URL = 'file:///path/'")
        }
        var name: Identifier
        if text.first == "\"" {
            let body = text.dropFirst()
            guard let close = body.firstIndex(of: "\"") else { throw SyntaxError(message: "unterminated stage name", location: location, hint: nil) }
            name = Identifier(String(Substring(body[..<close])), quoted: true)
            text = body[body.index(after: close)...]
        } else {
            let end = text.firstIndex(of: "/") ?? text.endIndex
            let qualified = text[..<end].split(separator: ".")
            name = Identifier(qualified.last.map { String(Substring($0)) } ?? "")
            text = text[end...]
        }
        guard !name.name.isEmpty else { throw SyntaxError(message: "a stage reference needs a stage name after @", location: location, hint: nil) }
        stage = name
        prefix = String(Substring(text.drop(while: { $0 == "/" })))
    }
}

/// LIST / REMOVE @stage[/prefix] [PATTERN = '…'].
public struct StageFilesStatement: Equatable, Sendable {
    public var location: StageLocation
    public var pattern: String?
}

/// PUT file://path @stage[/prefix] [AUTO_COMPRESS = …] [OVERWRITE = …].
public struct PutStatement: Equatable, Sendable {
    public var source: String
    public var location: StageLocation
    public var autoCompress = true
    public var overwrite = false
}

extension PutStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.isWord("PUT") ? try parser.put() : nil }
    var traits: StatementTraits { .keepsKeyValueTables }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.put(self) }
}

extension Parser {
    mutating func createStage() throws -> CreateStageStatement? {
        guard let (orReplace, ifNotExists) = createHeader("STAGE", modifiers: ["TEMPORARY", "TEMP"]) else { return nil }
        var statement = CreateStageStatement(orReplace: orReplace, ifNotExists: ifNotExists, name: try objectName())
        while let token = current {
            let word = token.text.uppercased()
            guard token.kind == .word, isSymbol("=", ahead: 1) else { throw unexpected(expecting: "URL, FILE_FORMAT or COMMENT") }
            index += 2
            switch word {
            case "URL": statement.url = try stringLiteral()
            case "FILE_FORMAT":
                let options = try optionList()
                if case .text(let name)? = options["FORMAT_NAME"] { statement.formatName = name }
                else { statement.fileFormat = FileFormatOptions(values: options) }
            case "COMMENT": statement.comment = try stringLiteral()
            case "CREDENTIALS":
                // For an s3:// URL: the bucket is one wh serves itself (createStage checks the URL).
                var credentials: [String: String] = [:]
                for (key, value) in try optionList() {
                    guard case .text(let text) = value else {
                        throw SyntaxError(message: "CREDENTIALS \(key) must be a string", location: token.location, hint: "write CREDENTIALS = (AWS_KEY_ID = '…' AWS_SECRET_KEY = '…')")
                    }
                    credentials[key] = text
                }
                statement.credentials = credentials
            case "STORAGE_INTEGRATION", "ENCRYPTION":
                throw SyntaxError(message: "\(word) is not supported by wh: a stage is a local directory, or a bucket wh serves itself", location: token.location,
                                  hint: "use URL = 'file:///absolute/dir/', a path relative to the warehouse file, or 's3://bucket/prefix/'")
            case "COPY_OPTIONS", "DIRECTORY":
                throw SyntaxError(message: "\(word) on a stage is not supported by wh yet", location: token.location,
                                  hint: "give the options to COPY INTO instead")
            default:
                throw SyntaxError(message: "unknown stage property \(word)", location: token.location,
                                  hint: "use URL, FILE_FORMAT or COMMENT")
            }
        }
        return statement
    }

    mutating func createFileFormat() throws -> CreateFileFormatStatement? {
        guard let (orReplace, ifNotExists) = createHeader("FILE", "FORMAT", modifiers: ["TEMPORARY", "TEMP"]) else { return nil }
        var statement = CreateFileFormatStatement(orReplace: orReplace, ifNotExists: ifNotExists, name: try objectName())
        while !atEnd {
            if accept("COMMENT") {
                try expectSymbol("=")
                statement.comment = try stringLiteral()
                continue
            }
            let (name, value) = try option()
            statement.options.values[name] = value
            _ = acceptSymbol(",")
        }
        return statement
    }

    mutating func stageLocation() throws -> StageLocation {
        guard let token = current else { throw unexpected(expecting: "@stage") }
        if token.kind == .stageReference {
            index += 1
            return try StageLocation(reference: token.text, location: token.location)
        }
        if token.kind == .string, token.text.hasPrefix("@") {
            index += 1
            return try StageLocation(reference: String(token.text.dropFirst()), location: token.location)
        }
        throw unexpected(expecting: "@stage")
    }

    mutating func stageFiles() throws -> StageFilesStatement {
        index += 1
        var statement = StageFilesStatement(location: try stageLocation())
        if accept("PATTERN") {
            try expectSymbol("=")
            statement.pattern = try stringLiteral()
        }
        try expectEnd()
        return statement
    }

    mutating func put() throws -> PutStatement {
        try expect("PUT")
        let source: String
        if let token = current, token.kind == .string {
            index += 1
            source = token.text
        } else {
            // `file:///tmp/x.json` unquoted: everything up to the stage reference.
            let start = index
            while let token = current, token.kind != .stageReference { index += 1 }
            source = text(from: start)
        }
        var statement = PutStatement(source: source, location: try stageLocation())
        while !atEnd {
            let (name, value) = try option()
            guard case .text(let text) = value else { throw unexpected() }
            switch name {
            case "AUTO_COMPRESS": statement.autoCompress = text == "TRUE"
            case "OVERWRITE": statement.overwrite = text == "TRUE"
            case "PARALLEL", "SOURCE_COMPRESSION": break
            default: throw SyntaxError(message: "unknown PUT option \(name)", location: end, hint: "use AUTO_COMPRESS or OVERWRITE")
            }
        }
        return statement
    }
}

/// LIST | LS and REMOVE | RM @stage[/path] [PATTERN = '…'].
struct ListOrRemoveStatement: OwnedStatement {
    var files: StageFilesStatement
    var removes: Bool

    static func parse(_ parser: inout Parser) throws -> Self? {
        let removes = parser.isWord("REMOVE") || parser.isWord("RM")
        guard removes || parser.isWord("LIST") || parser.isWord("LS") else { return nil }
        return Self(files: try parser.stageFiles(), removes: removes)
    }

    var traits: StatementTraits { removes ? [] : .keepsKeyValueTables }

    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet {
        removes ? try warehouse.remove(files) : try warehouse.list(files)
    }
}
