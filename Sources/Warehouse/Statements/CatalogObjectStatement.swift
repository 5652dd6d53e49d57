/// The objects wh keeps in its catalog rather than as SQLite tables.
enum CatalogObjectKind: CaseIterable, Sendable {
    case stage, fileFormat, pipe, stream, task, procedure, tag, sequence

    /// The words naming one object and several, as written after DROP/DESC and SHOW.
    var words: (singular: [String], plural: [String]) {
        switch self {
        case .stage: return (["STAGE"], ["STAGES"])
        case .fileFormat: return (["FILE", "FORMAT"], ["FILE", "FORMATS"])
        case .pipe: return (["PIPE"], ["PIPES"])
        case .stream: return (["STREAM"], ["STREAMS"])
        case .task: return (["TASK"], ["TASKS"])
        case .procedure: return (["PROCEDURE"], ["PROCEDURES"])
        case .tag: return (["TAG"], ["TAGS"])
        case .sequence: return (["SEQUENCE"], ["SEQUENCES"])
        }
    }

    /// The catalog table holding this kind's objects, when it keeps their names ignoring case (as
    /// SQLite keeps table names; tags and sequences are kept as written).
    var caseInsensitiveCatalogTable: String? {
        switch self {
        case .stage: return "_wh_stages"
        case .fileFormat: return "_wh_file_formats"
        case .pipe: return "_wh_pipes"
        case .stream: return "_wh_streams"
        case .task: return "_wh_tasks"
        case .procedure: return "_wh_procedures"
        case .tag, .sequence: return nil
        }
    }

    /// Whether DESC <object> exists for it.
    var describable: Bool { self != .fileFormat && self != .procedure && self != .tag }
}

/// `SHOW <objects> [LIKE '…'] [IN …]`, `DROP <object> [IF EXISTS] name`, `DESC <object> name` for the
/// catalog's objects.
struct CatalogObjectStatement: OwnedStatement {
    enum Action: Equatable, Sendable {
        case show(like: String?)
        case drop(Identifier, ifExists: Bool)
        case describe(Identifier)
    }

    var kind: CatalogObjectKind
    var action: Action

    static func parse(_ parser: inout Parser) throws -> Self? {
        func follows(_ words: [String]) -> Bool { words.enumerated().allSatisfy { parser.isWord($0.element, ahead: $0.offset + 1) } }
        for kind in CatalogObjectKind.allCases {
            let (singular, plural) = kind.words
            if parser.isWord("SHOW"), follows(plural) {
                parser.index += 1 + plural.count
                var like: String?
                if parser.accept("LIKE") { like = try parser.stringLiteral() }
                if parser.accept("IN") { while !parser.atEnd { parser.index += 1 } }   // one database, one schema: the scope changes nothing
                try parser.expectEnd()
                return Self(kind: kind, action: .show(like: like))
            }
            if parser.isWord("DROP"), follows(singular) {
                parser.index += 1 + singular.count
                let ifExists = parser.accept(words: "IF", "EXISTS")
                let name = try parser.objectName()
                if parser.acceptSymbol("(") { while !parser.atEnd && !parser.acceptSymbol(")") { parser.index += 1 } }   // DROP PROCEDURE p(VARCHAR)
                try parser.expectEnd()
                return Self(kind: kind, action: .drop(name, ifExists: ifExists))
            }
            if parser.isWord("DESC") || parser.isWord("DESCRIBE"), follows(singular), kind.describable {
                parser.index += 1 + singular.count
                let name = try parser.objectName()
                try parser.expectEnd()
                return Self(kind: kind, action: .describe(name))
            }
        }
        return nil
    }

    var traits: StatementTraits {
        if case .drop = action { return [] }
        return .keepsKeyValueTables
    }

    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet {
        switch action {
        case .drop(let name, _), .describe(let name): try warehouse.refuseNameDifferingOnlyInCase(name.name, of: kind)
        case .show: break
        }
        switch (kind, action) {
        case (.stage, .show(let like)): return try warehouse.showStages(like: like)
        case (.fileFormat, .show(let like)): return try warehouse.showFileFormats(like: like)
        case (.pipe, .show(let like)): return try warehouse.showPipes(like: like)
        case (.stream, .show(let like)): return try warehouse.showStreams(like: like)
        case (.task, .show(let like)): return try warehouse.showTasks(like: like)
        case (.procedure, .show(let like)): return try warehouse.showProcedures(like: like)
        case (.tag, .show(let like)): return try warehouse.showTags(like: like)
        case (.sequence, .show(let like)): return try warehouse.showSequences(like: like)
        case (.sequence, .drop(let name, let ifExists)): return try warehouse.dropSequence(name, ifExists: ifExists)
        case (.sequence, .describe(let name)): return try warehouse.showSequences(like: nil, only: name)
        case (.tag, .drop(let name, let ifExists)): return try warehouse.dropTag(name, ifExists: ifExists)
        case (.stage, .drop(let name, let ifExists)): return try warehouse.dropStageOrFormat(name, ifExists: ifExists, isStage: true)
        case (.fileFormat, .drop(let name, let ifExists)): return try warehouse.dropStageOrFormat(name, ifExists: ifExists, isStage: false)
        case (.pipe, .drop(let name, let ifExists)):
            try warehouse.dropPipe(name, ifExists: ifExists)
            return Warehouse.status("\(name.name) successfully dropped.")
        case (.stream, .drop(let name, let ifExists)): return try warehouse.dropStream(name, ifExists: ifExists)
        case (.task, .drop(let name, let ifExists)): return try warehouse.dropTask(name, ifExists: ifExists)
        case (.procedure, .drop(let name, let ifExists)): return try warehouse.dropProcedure(name, ifExists: ifExists)
        case (.stage, .describe(let name)): return try warehouse.describeStage(name)
        case (.pipe, .describe(let name)): return try warehouse.showPipes(like: nil, only: name)
        case (.stream, .describe(let name)): return try warehouse.showStreams(like: nil, only: name)
        case (.task, .describe(let name)): return try warehouse.showTasks(like: nil, only: name)
        case (.fileFormat, .describe), (.procedure, .describe), (.tag, .describe):
            throw UnsupportedFeature(feature: "DESC of this object", hint: "use SHOW to list it")   // not parsed: `describable`
        }
    }
}
