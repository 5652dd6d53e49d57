extension SQLiteRenderer {
    /// Renders a query. Every select item gets an explicit alias: Snowflake's header (the resolved
    /// name for a column, the upper-cased text for an expression), so results read as in Snowflake.
    public func render(_ query: QueryStatement) throws -> String {
        var out = ""
        var renderer = self
        if !query.with.isEmpty {
            out += "WITH " + (query.recursive ? "RECURSIVE " : "")
            out += try query.with.map { cte in
                let columns = cte.columns.isEmpty ? "" : "(" + cte.columns.map(\.sql).joined(separator: ", ") + ")"
                let sql = "\(cte.name.sql)\(columns) AS (\(try renderer.render(cte.query)))"
                try renderer.define(cte)   // later CTEs and the body read it
                return sql
            }.joined(separator: ", ") + " "
        }
        return try renderer.renderBody(of: query, after: out)
    }

    /// `resultTypes(of:)` for a query whose own WITH defines CTEs its SELECT reads.
    func resultTypes(withCTEsOf query: QueryStatement) throws -> [(name: String, type: SnowflakeType?)] {
        try resultColumns(withCTEsOf: query).typed
    }

    /// `resultColumns(of:)` for a query whose own WITH defines CTEs its SELECT reads.
    func resultColumns(withCTEsOf query: QueryStatement) throws -> ResultColumns {
        var renderer = self
        for cte in query.with { try renderer.define(cte) }
        return try renderer.resultColumns(of: query)
    }

    /// Puts `cte` in scope: its result columns' types and, when all are known, names.
    mutating func define(_ cte: CommonTableExpression) throws {
        let columns = try resultColumns(of: cte.query)
        var typed = columns.typed
        for (index, column) in cte.columns.enumerated() where index < typed.count { typed[index].name = column.name }
        cteTypes[cte.name.name] = typed
        cteNames[cte.name.name] = cte.columns.isEmpty ? columns.names : cte.columns.map(\.name)
    }

    /// The result columns of `query` with the types known for them (by its first SELECT's items).
    func resultTypes(of query: QueryStatement) throws -> [(name: String, type: SnowflakeType?)] {
        try resultColumns(of: query).typed
    }

    /// A query's result columns as Snowflake names them: those its select items name, with the
    /// types known for them (a `*` adds none), and every name when all are known (a `*` over
    /// sources whose names are all known stands for theirs).
    struct ResultColumns {
        var typed: [(name: String, type: SnowflakeType?)] = []
        var names: [String]? = []
    }

    func resultColumns(of query: QueryStatement) throws -> ResultColumns {
        guard let core = query.body.firstCore else { return ResultColumns(names: nil) }
        var columns = try resultColumns(of: core)
        // A UNION (INTERSECT, EXCEPT) column holds every branch's values: its type is their common one.
        for other in query.body.cores.dropFirst() {
            let types = try resultColumns(of: other).typed
            for index in columns.typed.indices {
                columns.typed[index].type = index < types.count ? NumericType.common([columns.typed[index].type, types[index].type]) : nil
            }
        }
        return columns
    }

    private func resultColumns(of core: SelectCore) throws -> ResultColumns {
        let (_, scoped) = try scope(of: core)
        var columns = ResultColumns()
        for item in core.items {
            switch item {
            case .expression(let expression, let alias, let text):
                var name = alias?.name ?? text.uppercased()
                if alias == nil, case .column(let parts) = expression, let last = parts.last { name = last.name }
                columns.typed.append((name, scoped.staticType(of: expression)))
                columns.names?.append(name)
            case .all(let qualifier) where qualifier.isEmpty:
                guard scoped.everySourceNamed, let from = core.from else { columns.names = nil; continue }
                var sources = scoped.namedSources.tables[...]
                columns.names?.append(contentsOf: Self.starNames(from, &sources))
            case .all(let qualifier):
                let sources = scoped.namedSources.tables.filter { $0.qualifier.sameBytes(qualifier.last!.name) }
                guard scoped.everySourceNamed, !sources.isEmpty else { columns.names = nil; continue }
                columns.names?.append(contentsOf: sources.flatMap { $0.columns.map(\.name) })
            }
        }
        return columns
    }

    /// The names `*` stands for over `from` whose `sources` (in FROM order) are all named: each
    /// source's, a USING or NATURAL join's shared columns once.
    static func starNames(_ from: TableExpression, _ sources: inout ArraySlice<DeclaredColumns.Table>) -> [String] {
        guard case .join(let left, let kind, let right, _, let using) = from else {
            return sources.popFirst().map { $0.columns.map(\.name) } ?? []
        }
        let leftNames = starNames(left, &sources), rightNames = starNames(right, &sources)
        let shared = kind.uppercased().hasPrefix("NATURAL") ? leftNames.filter { name in rightNames.contains { $0.sameBytes(name) } }
                                                            : using.map(\.name)
        return leftNames + rightNames.filter { name in !shared.contains { $0.sameBytes(name) } }
    }

    private func renderBody(of query: QueryStatement, after prefix: String) throws -> String {
        var out = prefix
        if case .select(let core) = query.body, let sets = try renderGroupingSets(core) {
            // The sets' SELECTs joined: ORDER BY sees their result columns.
            if query.orderBy.contains(where: { Self.containsAggregate($0.expression) }) {
                throw UnsupportedFeature(feature: "ORDER BY an aggregate with ROLLUP, CUBE or GROUPING SETS",
                                         hint: "name the aggregate in the select list with an alias and order by the alias")
            }
            out += sets
            if !query.orderBy.isEmpty { out += " ORDER BY " + (try render(query.orderBy)) }
        } else if case .select(let core) = query.body {
            // One SELECT: its ORDER BY sees what its FROM does (FLATTEN's columns through their alias).
            let (named, scoped) = try scope(of: core)
            out += try scoped.renderScoped(named)
            if !query.orderBy.isEmpty { out += " ORDER BY " + (try scoped.renderOrder(query.orderBy, aliases: named.items)) }
        } else {
            out += try render(query.body)
            if !query.orderBy.isEmpty { out += " ORDER BY " + (try render(query.orderBy)) }
        }
        if let limit = query.limit { out += " LIMIT " + (try render(limit)) }
        if let offset = query.offset {
            if query.limit == nil { out += " LIMIT -1" }
            out += " OFFSET " + (try render(offset))
        }
        return out
    }

    /// A query's ORDER BY, which may name the select list's aliases (SQLite, like Snowflake, takes
    /// the alias there): those names are not checked against the tables' declared names.
    func renderOrder(_ items: [OrderItem], aliases: [SelectItem]) throws -> String {
        let names = aliases.compactMap { item -> String? in
            if case .expression(_, let alias?, _) = item { return alias.name }
            return nil
        }
        var renderer = self
        let match = columnNameMatch
        renderer.columnNameMatch = { parts in
            parts.count == 1 && names.contains { $0.sameBytes(parts[0].name) } ? .notHere : match(parts)
        }
        return try renderer.render(items)
    }

    func render(_ items: [OrderItem]) throws -> String {
        try items.map { item in
            var text = try render(item.expression)
            if item.descending { text += " DESC" }
            // Snowflake sorts NULLs last ascending and first descending, SQLite the other way round.
            let nullsFirst = item.nullsFirst ?? item.descending
            text += nullsFirst ? " NULLS FIRST" : " NULLS LAST"
            return text
        }.joined(separator: ", ")
    }

    func render(_ body: QueryBody) throws -> String {
        switch body {
        case .select(let core): return try render(core)
        case .compound(let left, let op, let right): return "\(try render(left)) \(op) \(try render(right))"
        case .parenthesized(let inner): return "SELECT * FROM (\(try render(inner)))"
        }
    }

    func render(_ core: SelectCore) throws -> String {
        if let sets = try renderGroupingSets(core) { return sets }
        let (named, scoped) = try scope(of: core)
        return try scoped.renderScoped(named)
    }

    /// The core with its FLATTENs named, and the renderer that resolves names in it.
    func scope(of core: SelectCore) throws -> (SelectCore, SQLiteRenderer) {
        var core = core
        var scoped = self
        var counter = 0
        let outer = Set(flattens.keys)
        core.from = core.from.map {
            Self.nameFlattens($0, into: &scoped.flattens, sequences: &scoped.flattenSequences, counter: &counter)
        }
        scoped.localFlattens = scoped.flattens.keys.filter { !outer.contains($0) }
        scoped.hiddenColumnOwners = [:]
        if counter > 0, let from = core.from { scoped.hiddenColumnOwners = try scoped.ownersOfHiddenNames(in: from) }
        // Each source of the FROM, in order: a table's declared columns, or a subquery's, CTE's or
        // VALUES list's worked out from it (for their types), and their names where all are known.
        let leaves = core.from?.leaves ?? []
        var tables = DeclaredColumns(), derived = DeclaredColumns(), named = DeclaredColumns()
        for leaf in leaves {
            if !isCTE(leaf), let table = try declaredColumns([leaf]).tables.first {
                tables.tables.append(table)
                named.tables.append(table)
                continue
            }
            let (all, withNames) = try derivedColumns(of: leaf)
            if let all { derived.tables.append(all) }
            if let withNames { named.tables.append(withNames) }
        }
        let outerTypes = columnTypes, outerMatch = columnNameMatch, flattenTypes = scoped.flattenColumnType
        scoped.columnTypes = { [tables, derived] parts in
            flattenTypes(parts) ?? tables.type(of: parts) ?? derived.type(of: parts) ?? outerTypes(parts)
        }
        // SQLite looks for a name in the FROM's sources, then outwards. Where a source's names are
        // not all known (a subquery of `*`, a FLATTEN, a stage …), the outward look is left to
        // SQLite rather than refuse a name that source may have.
        let everySourceNamed = named.tables.count == leaves.count
        (scoped.namedSources, scoped.everySourceNamed) = (named, everySourceNamed)
        scoped.columnNameMatch = { [named] parts in
            let here = named.match(parts)
            return here == .notHere && everySourceNamed ? outerMatch(parts) : here
        }
        return (core, scoped)
    }

    /// Whether a FROM leaf reads a CTE in scope rather than a table.
    func isCTE(_ leaf: TableExpression) -> Bool {
        if case .table(let name, _) = leaf { return name.count == 1 && cteTypes[name[0].name] != nil }
        return false
    }

    /// The columns of a subquery, CTE or VALUES list a FROM reads, worked out from its SELECT items:
    /// all of them (for their types), and the same with every name when all are known (for checking
    /// names); nil for other sources.
    func derivedColumns(of leaf: TableExpression) throws -> (all: DeclaredColumns.Table?, named: DeclaredColumns.Table?) {
        let qualifier: String, columns: [(name: String, type: SnowflakeType?)], names: [String]?
        switch leaf {
        case .subquery(let query, let alias):
            let result = try resultColumns(of: query)
            (qualifier, columns, names) = (alias?.name ?? "", result.typed, result.names)
        case .table(let name, let alias) where isCTE(leaf):
            (qualifier, columns, names) = ((alias ?? name[0]).name, cteTypes[name[0].name]!, cteNames[name[0].name] ?? nil)
        case .values(let rows, let alias, let declared):
            // A VALUES list's columns (COLUMN1 … unless named) hold every row's values.
            let width = rows.first?.count ?? 0
            qualifier = alias?.name ?? ""
            columns = (0..<width).map { index in
                (index < declared.count ? declared[index].name : "COLUMN\(index + 1)",
                 NumericType.common(rows.map { index < $0.count ? staticType(of: $0[index]) : nil }))
            }
            names = columns.map(\.name)
        default:
            return (nil, nil)
        }
        return (DeclaredColumns.Table(qualifier: qualifier, columns: columns),
                names.map { DeclaredColumns.Table(qualifier: qualifier, columns: $0.map { ($0, nil) }) })
    }

    /// Gives every FLATTEN an alias (Snowflake lets its columns go unqualified) and records it, with
    /// what numbers its input records for SEQ: the rowid of the table it flattens rows of, or 1 for a
    /// FLATTEN of its own (one input).
    static func nameFlattens(_ table: TableExpression, into scope: inout [String: FlattenCall],
                             sequences: inout [String: String], counter: inout Int, standalone: Bool = true) -> TableExpression {
        switch table {
        case .flatten(let call, let alias):
            counter += 1
            let name = alias ?? Identifier("__WH_FLATTEN\(counter)", quoted: true)
            scope[name.name] = call
            if standalone { sequences[name.name] = "1" }
            return .flatten(call, alias: name)
        case .join(let left, let kind, let right, let on, let using):
            let named = nameFlattens(right, into: &scope, sequences: &sequences, counter: &counter, standalone: false)
            if case .flatten(_, let alias?) = named, case .table(let tableName, let tableAlias) = left {
                sequences[alias.name] = (tableAlias ?? tableName.last!).sql + ".rowid"
            }
            return .join(nameFlattens(left, into: &scope, sequences: &sequences, counter: &counter, standalone: false), kind: kind,
                         named, on: on, using: using)
        default:
            return table
        }
    }

    private func renderScoped(_ core: SelectCore) throws -> String {
        var core = core
        core.items = try expandingObjectConstructStar(core)
        var items = try core.items.map(render)
        let qualifyColumn = "\"__WH_QUALIFY\""
        if let qualify = core.qualify {
            // QUALIFY may name the select list's aliases, which SQLite cannot see beside them:
            // put each alias's expression in its place.
            var aliases: [String: Expression] = [:]
            for case .expression(let value, let alias?, _) in core.items { aliases[alias.name] = value }
            let resolved = qualify.replacingColumns { parts in
                guard parts.count == 1, let value = aliases[parts[0].name], value != .column(parts) else { return nil }
                return value
            }
            items.append("(\(try condition(resolved))) AS \(qualifyColumn)")
        }
        var out = "SELECT " + (core.distinct ? "DISTINCT " : "") + items.joined(separator: ", ")
        if let from = core.from { out += " FROM " + (try render(from)) }
        if let whereClause = core.whereClause { out += " WHERE " + (try condition(whereClause)) }
        if !core.groupBy.isEmpty { out += " GROUP BY " + (try core.groupBy.map(render).joined(separator: ", ")) }
        if core.groupByAll {
            var ordinals: [String] = []
            for (index, item) in core.items.enumerated() {
                guard case .expression(let expression, _, _) = item else {
                    throw UnsupportedFeature(feature: "GROUP BY ALL with * in the select list", hint: "name the columns, or GROUP BY them")
                }
                if !Self.containsAggregate(expression) { ordinals.append(String(index + 1)) }
            }
            if !ordinals.isEmpty { out += " GROUP BY " + ordinals.joined(separator: ", ") }
        }
        if let having = core.having { out += " HAVING " + (try condition(having)) }
        guard core.qualify != nil else { return out }
        // SQLite has no QUALIFY: filter the query as a subquery and list its columns but the filter,
        // renamed by position (a column named FALSE or NULL could not be referred to by its name).
        let names = try columnNames(out).dropLast()
        let positional = names.indices.map { "\"__wh_q\($0 + 1)\"" }
        let columns = zip(positional, names).map { "\($0) AS \(Identifier($1, quoted: true).sql)" }
        return "SELECT * FROM (WITH \"__wh_qualified\"(\((positional + [qualifyColumn]).joined(separator: ", "))) AS (\(out)) "
            + "SELECT \(columns.joined(separator: ", ")) FROM \"__wh_qualified\" WHERE \(qualifyColumn))"
    }

    func render(_ item: SelectItem) throws -> String {
        switch item {
        case .all(let qualifier):
            // A table or alias as written; schema.table as FROM names it (SQLite has no schema PUBLIC).
            if qualifier.count >= 2 { return try tableName(qualifier) + ".*" }
            return qualifier.isEmpty ? "*" : qualifier[0].sql + ".*"
        case .expression(let value, let alias, let text):
            return "\(try render(value)) AS \((alias ?? Self.header(for: value, text: text)).sql)"
        }
    }

    /// Snowflake's header for an unaliased item: a column's resolved name, else the text upper-cased.
    static func header(for value: Expression, text: String) -> Identifier {
        if case .column(let parts) = value, let last = parts.last { return last }
        return Identifier(text.uppercased(), quoted: true)
    }

    func render(_ table: TableExpression) throws -> String {
        switch table {
        case .table(let name, let alias):
            // SQLite finds a CTE whatever the case it is named in; Snowflake's quoted names are case-sensitive.
            if name.count == 1, cteTypes[name[0].name] == nil,
               let defined = cteTypes.keys.first(where: { $0.equalsIgnoringASCIICase(name[0].name) }) {
                throw CatalogError.cteDiffersOnlyInCase(written: name[0].name, defined: defined)
            }
            return try tableName(name) + (alias.map { " AS \($0.sql)" } ?? "")
        case .function(let name, let arguments, let alias):
            // Quoted: a name SQLite keeps as a keyword (AUTOINCREMENT) or a quoted name with spaces
            // was a syntax error written bare; SQLite finds table-valued functions whatever their case.
            return "\(Identifier(name, quoted: true).sql)(\(try arguments.map(render).joined(separator: ", ")))" + (alias.map { " AS \($0.sql)" } ?? "")
        case .subquery(let query, let alias):
            return "(\(try render(query)))" + (alias.map { " AS \($0.sql)" } ?? "")
        case .values(let rows, let alias, let columns):
            let width = rows.first?.count ?? 0
            guard rows.allSatisfy({ $0.count == width }) else {
                throw UnsupportedFeature(feature: "VALUES rows of different lengths", hint: "give every row the same number of values")
            }
            guard columns.isEmpty || columns.count == width else {
                throw UnsupportedFeature(feature: "VALUES with \(width) columns named by \(columns.count) names", hint: "name every column")
            }
            let names = (1...max(1, width)).map { i in "column\(i) AS " + (columns.isEmpty ? Identifier("COLUMN\(i)") : columns[i - 1]).sql }
            let body = try rows.map { "(" + (try $0.map(render).joined(separator: ", ")) + ")" }.joined(separator: ", ")
            return "(SELECT \(names.joined(separator: ", ")) FROM (VALUES \(body)))" + (alias.map { " AS \($0.sql)" } ?? "")
        case .join(let left, let kind, .flatten(let call, let alias), _, _) where kind == "CROSS JOIN" || kind == "JOIN" || kind == "LEFT JOIN":
            // A FLATTEN to the right of a table is lateral: SQLite's json_each/json_tree may use the
            // columns of the tables before them.
            let join = call.outer || kind == "LEFT JOIN" ? "LEFT JOIN" : "JOIN"
            return "\(try render(left)) \(join) \(try flattenSource(call, alias: alias!)) ON \(flattenCondition(call, alias: alias!))"
        case .tableFunction(let name, let arguments, let alias):
            return "(\(try tableFunction(name.last!.name.uppercased(), arguments)))" + (alias.map { " AS \($0.sql)" } ?? "")
        case .stage(let location, let formatName, let pattern, let alias):
            return try stageTable(location, formatName, pattern) + (alias.map { " AS \($0.sql)" } ?? "")
        case .flatten(let call, let alias):
            let source = try flattenSource(call, alias: alias!)
            guard call.recursive else { return source }
            return "(SELECT * FROM \(source) WHERE \(flattenCondition(call, alias: alias!))) AS \(alias!.sql)"
        case .join(let left, let kind, let right, let on, let using):
            var out = "\(try render(left)) \(kind) \(try render(right))"
            if kind.uppercased().hasPrefix("NATURAL") { try checkNaturalJoin(left.leaves, right.leaves) }
            if let on { out += " ON " + (try condition(on)) }
            if !using.isEmpty {
                for name in using { try checkUsing(name, on: left.leaves); try checkUsing(name, on: right.leaves) }
                out += " USING (" + using.map(\.sql).joined(separator: ", ") + ")"
            }
            return out
        }
    }

    /// A NATURAL join joins on the names both sides have exactly; SQLite would also join A with "a".
    func checkNaturalJoin(_ left: [TableExpression], _ right: [TableExpression]) throws {
        guard let left = namedColumns(of: left), let right = namedColumns(of: right) else { return }
        for name in left {
            if !right.contains(where: { $0.sameBytes(name) }), let other = right.first(where: { $0.equalsIgnoringASCIICase(name) }) {
                throw CatalogError.columnsDifferingOnlyInCase(reference: "NATURAL JOIN", written: name, other: other)
            }
        }
    }

    /// The column names of a side of a join, when every source of it has known names.
    func namedColumns(of leaves: [TableExpression]) -> [String]? {
        let side = namedSide(leaves)
        return side.tables.count == leaves.count ? side.tables.flatMap { $0.columns.map(\.name) } : nil
    }

    /// The named sources of the SELECT being rendered that `leaves` (a side of a join) are.
    func namedSide(_ leaves: [TableExpression]) -> DeclaredColumns {
        let qualifiers = leaves.compactMap { leaf -> String? in
            switch leaf {
            case .table(let table, let alias): return (alias ?? table.last!).name
            case .subquery(_, let alias), .values(_, let alias, _): return alias?.name
            default: return nil
            }
        }
        return DeclaredColumns(namedSources.tables.filter { table in qualifiers.contains { $0.sameBytes(table.qualifier) } })
    }

    /// A USING column is named on each side of its join as that side declares it: SQLite would join
    /// `USING ("a")` on a side's A.
    func checkUsing(_ name: Identifier, on leaves: [TableExpression]) throws {
        let side = namedSide(leaves)
        guard side.tables.count == leaves.count, case .onlyIgnoringCase(let written, let declared) = side.match([name]) else { return }
        throw CatalogError.columnDiffersOnlyInCase(reference: Identifier.display(written), written: written, declared: declared)
    }

    static let jsonEachHiddenColumns: Set = ["ID", "TYPE", "ATOM", "PARENT", "FULLKEY", "JSON", "ROOT"]

    /// Which table of `from` has each column whose name json_each also uses.
    func ownersOfHiddenNames(in from: TableExpression) throws -> [String: String] {
        var owners: [String: String] = [:]
        for leaf in from.leaves {
            let names: [String], owner: String
            switch leaf {
            case .table(let name, let alias):
                names = (try? columnNames("SELECT * FROM \(try tableName(name))")) ?? []
                owner = (alias ?? name.last!).sql
            case .subquery(let query, let alias?):
                names = (try? columnNames(try render(query))) ?? []
                owner = alias.sql
            default: continue
            }
            for name in names where Self.jsonEachHiddenColumns.contains(name.uppercased()) { owners[name.uppercased()] = owner }
        }
        return owners
    }

    func flattenSource(_ call: FlattenCall, alias: Identifier) throws -> String {
        let path = call.path.isEmpty ? "$" : try Warehouse.sqliteJSONPath(call.path)
        var input = try render(call.input)
        if call.mode != "BOTH" {
            if call.recursive { throw UnsupportedFeature(feature: "FLATTEN with RECURSIVE and MODE", hint: "use MODE => 'BOTH' with RECURSIVE") }
            input = "(CASE WHEN json_type(\(input), \(Self.quote(path))) = '\(call.mode.lowercased())' THEN \(input) END)"
        }
        return "\(call.recursive ? "json_tree" : "json_each")(\(input), \(Self.quote(path))) AS \(alias.sql)"
    }

    /// json_tree also returns the element it starts from: FLATTEN does not.
    func flattenCondition(_ call: FlattenCall, alias: Identifier) -> String {
        let path = call.path.isEmpty ? "$" : ((try? Warehouse.sqliteJSONPath(call.path)) ?? "$")
        return call.recursive ? "\(alias.sql).fullkey <> \(Self.quote(path))" : "1"
    }

    /// The type of a FLATTEN output column: VALUE and THIS are VARIANT, INDEX and SEQ numbers, KEY and
    /// PATH text.
    func flattenColumnType(_ parts: [Identifier]) -> SnowflakeType? {
        let column: String
        if parts.count == 2, flattens[parts[0].name] != nil {
            column = parts[1].name.uppercased()
        } else if parts.count == 1, localFlattens.count == 1 {
            column = parts[0].name.uppercased()
        } else {
            return nil
        }
        switch column {
        case "VALUE", "THIS": return SnowflakeType(kind: .variant)
        case "INDEX", "SEQ": return SnowflakeType(kind: .number, precision: 38, scale: 0)
        case "KEY", "PATH": return SnowflakeType(kind: .text)
        default: return nil
        }
    }

    /// FLATTEN's output columns, as SQLite expressions over json_each/json_tree.
    func flattenColumn(_ parts: [Identifier]) throws -> String? {
        let alias: String
        let column: String
        if parts.count == 2, flattens[parts[0].name] != nil {
            (alias, column) = (parts[0].name, parts[1].name.uppercased())
        } else if parts.count == 1, localFlattens.count == 1, let only = localFlattens.first,
                  ["SEQ", "KEY", "PATH", "INDEX", "VALUE", "THIS"].contains(parts[0].name.uppercased()) {
            (alias, column) = (only, parts[0].name.uppercased())
        } else if parts.count == 1, let owner = hiddenColumnOwners[parts[0].name.uppercased()] {
            return owner + "." + parts[0].sql
        } else {
            return nil
        }
        let f = Identifier(alias, quoted: true).sql
        switch column {
        case "VALUE":
            return "(CASE \(f).type WHEN 'text' THEN json_quote(\(f).value) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' "
                + "WHEN 'null' THEN 'null' ELSE \(f).value END)"
        case "KEY": return "(CASE WHEN typeof(\(f).key) = 'text' THEN \(f).key END)"
        case "INDEX": return "(CASE WHEN typeof(\(f).key) = 'integer' THEN \(f).key END)"
        case "PATH": return "ltrim(substr(\(f).fullkey, 2), '.')"
        case "THIS": return "(\(f).json -> \(f).path)"
        case "SEQ":
            guard let sequence = flattenSequences[alias] else {
                throw UnsupportedFeature(feature: "FLATTEN's SEQ column when its input comes from a join or subquery",
                                         hint: "number the input rows yourself, for example with ROW_NUMBER()")
            }
            return sequence
        default: return nil
        }
    }
}

extension SQLiteRenderer {
    /// OBJECT_CONSTRUCT(*) / OBJECT_CONSTRUCT_KEEP_NULL(*) in a select list: one key a column of the
    /// FROM, named as the column is.
    func expandingObjectConstructStar(_ core: SelectCore) throws -> [SelectItem] {
        var columns: [String]?
        return try core.items.map { item in
            guard case .expression(let value, let alias, let text) = item else { return item }
            let expanded = try value.rewritingTopDown { part -> Expression? in
                guard case .function(let name, let arguments, _, true) = part, name == "OBJECT_CONSTRUCT", arguments.isEmpty else { return nil }
                guard let from = core.from else {
                    throw CompilationError(problem: "OBJECT_CONSTRUCT(*) needs a FROM clause", hint: "name the keys: OBJECT_CONSTRUCT('k', v, …)")
                }
                if columns == nil { columns = try columnNames("SELECT * FROM " + (try render(from))) }
                let pairs = columns!.flatMap { [Expression.string($0), Expression.column([Identifier($0, quoted: true)])] }
                return .function(name: "OBJECT_CONSTRUCT", arguments: pairs, distinct: false, star: false)
            }
            return .expression(expanded, alias: alias ?? (expanded == value ? nil : Self.header(for: value, text: text)), text: text)
        }
    }
}
