import SQLite

extension Warehouse {
    /// A multi-table INSERT: the query runs once into a temporary table; each INTO inserts, through
    /// INSERT's conversions, the rows its clause takes (INSERT FIRST: the first clause whose
    /// condition is TRUE; ELSE: rows no condition took). One statement: all or nothing.
    func insert(_ statement: MultiTableInsertStatement) throws -> ResultSet {
        let source = Identifier("__WH_INSERT_SOURCE", quoted: true)
        try connection.execute("DROP TABLE IF EXISTS temp.\(source.sql)")
        try connection.execute("CREATE TEMP TABLE \(source.sql) AS " + (try renderer.render(statement.query)))
        defer { try? connection.execute("DROP TABLE IF EXISTS temp.\(source.sql)") }
        if statement.overwrite {
            for target in statement.clauses.flatMap(\.targets) {
                let (sql, name) = try sqliteName(target.table)
                guard try tableExists(name) else { throw CatalogError.noSuchTable(name.name) }
                try connection.execute("DELETE FROM \(sql)")
            }
        }
        func taken(_ e: Expression?) -> Expression { .function(name: "COALESCE", arguments: [e ?? .boolean(true), .boolean(false)], distinct: false, star: false) }
        var headers: [String] = [], counts: [Value] = []
        var earlier: [Expression] = []
        for clause in statement.clauses {
            var condition: Expression?
            if clause.isElse {
                condition = earlier.isEmpty ? nil : .unary(op: "NOT", earlier.dropFirst().reduce(earlier[0]) { .binary(op: "OR", $0, $1) })
            } else if let own = clause.condition {
                condition = taken(own)
                if statement.first, !earlier.isEmpty {
                    let before = earlier.dropFirst().reduce(earlier[0]) { .binary(op: "OR", $0, $1) }
                    condition = .binary(op: "AND", taken(own), .unary(op: "NOT", before))
                }
            }
            if let own = clause.condition { earlier.append(taken(own)) }
            for target in clause.targets {
                var core = SelectCore()
                core.items = target.values.map { $0.map { .expression($0, alias: nil, text: "") } } ?? [.all(qualifier: [])]
                core.from = .table(name: [source], alias: nil)
                core.whereClause = condition
                let query = QueryStatement(body: .select(core))
                let result = try insert(InsertStatement(table: target.table, columns: target.columns, source: .query(query)))
                headers.append("number of rows inserted into \(target.table.last!.name)")
                counts.append(result.rows.first?.first?.sqlite ?? .integer(0))
            }
        }
        return ResultSet(columns: headers.map { ResultColumn(name: $0) }, sqliteRows: [counts], isQuery: true)
    }
}
