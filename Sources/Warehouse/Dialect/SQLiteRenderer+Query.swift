extension SQLiteRenderer {
    /// Renders a query. Every select item gets an explicit alias: Snowflake's header (the resolved
    /// name for a column, the upper-cased text for an expression), so results read as in Snowflake.
    public func render(_ query: QueryStatement) throws -> String {
        var out = ""
        if !query.with.isEmpty {
            out += "WITH " + (query.recursive ? "RECURSIVE " : "")
            out += try query.with.map { cte in
                let columns = cte.columns.isEmpty ? "" : "(" + cte.columns.map(\.sql).joined(separator: ", ") + ")"
                return "\(cte.name.sql)\(columns) AS (\(try render(cte.query)))"
            }.joined(separator: ", ") + " "
        }
        out += try render(query.body)
        if !query.orderBy.isEmpty { out += " ORDER BY " + (try render(query.orderBy)) }
        if let limit = query.limit { out += " LIMIT " + (try render(limit)) }
        if let offset = query.offset {
            if query.limit == nil { out += " LIMIT -1" }
            out += " OFFSET " + (try render(offset))
        }
        return out
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
        var items = try core.items.map(render)
        let qualifyColumn = "\"__WH_QUALIFY\""
        if let qualify = core.qualify { items.append("(\(try render(qualify))) AS \(qualifyColumn)") }
        var out = "SELECT " + (core.distinct ? "DISTINCT " : "") + items.joined(separator: ", ")
        if let from = core.from { out += " FROM " + (try render(from)) }
        if let condition = core.whereClause { out += " WHERE " + (try render(condition)) }
        if !core.groupBy.isEmpty { out += " GROUP BY " + (try core.groupBy.map(render).joined(separator: ", ")) }
        if let having = core.having { out += " HAVING " + (try render(having)) }
        guard core.qualify != nil else { return out }
        // SQLite has no QUALIFY: filter the query as a subquery and list its columns but the filter.
        let columns = try columnNames(out).dropLast().map { Identifier($0, quoted: true).sql }
        return "SELECT \(columns.joined(separator: ", ")) FROM (\(out)) WHERE \(qualifyColumn)"
    }

    func render(_ item: SelectItem) throws -> String {
        switch item {
        case .all(let qualifier):
            return qualifier.isEmpty ? "*" : qualifier.map(\.sql).joined(separator: ".") + ".*"
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
            return try tableName(name) + (alias.map { " AS \($0.sql)" } ?? "")
        case .function(let name, let arguments, let alias):
            return "\(name)(\(try arguments.map(render).joined(separator: ", ")))" + (alias.map { " AS \($0.sql)" } ?? "")
        case .subquery(let query, let alias):
            return "(\(try render(query)))" + (alias.map { " AS \($0.sql)" } ?? "")
        case .join(let left, let kind, let right, let on, let using):
            var out = "\(try render(left)) \(kind) \(try render(right))"
            if let on { out += " ON " + (try render(on)) }
            if !using.isEmpty { out += " USING (" + using.map(\.sql).joined(separator: ", ") + ")" }
            return out
        }
    }
}
