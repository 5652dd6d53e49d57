import SQLite

extension Warehouse {
    /// MERGE, which SQLite lacks, in four steps inside the statement's savepoint: the source is
    /// materialized; each (source row, target row) pair is joined and given the first WHEN clause
    /// that holds, all on the state before the MERGE; a target row claimed by two updates (or an
    /// update and a delete) is Snowflake's nondeterministic-merge error; then updates, deletes and
    /// inserts are applied clause by clause.
    func merge(_ statement: MergeStatement) throws -> ResultSet {
        let (targetSQL, target) = try sqliteName(statement.target)
        guard try tableExists(target) else { throw CatalogError.noSuchTable(target.name) }
        let types = try columnTypes(of: target)
        let render = try renderer(checkingNamesOf: .join(.table(name: statement.target, alias: statement.targetAlias), kind: ",",
                                                         statement.source, on: nil, using: []))
        let targetAlias = statement.targetAlias ?? target
        let sourceAlias: Identifier
        switch statement.source {
        case .table(let name, let alias): sourceAlias = alias ?? name.last!
        case .subquery(_, let alias?), .values(_, let alias?, _): sourceAlias = alias
        default: sourceAlias = Identifier("__wh_source", quoted: true)
        }
        var source = statement.source
        switch source {
        case .subquery(let query, nil): source = .subquery(query, alias: sourceAlias)
        case .values(let rows, nil, let columns): source = .values(rows, alias: sourceAlias, columns: columns)
        default: break
        }
        let sourceTable = "\"__wh_merge_source\"", pairs = "\"__wh_merge_pairs\""
        defer {
            try? connection.execute("DROP TABLE IF EXISTS temp.\(pairs)")
            try? connection.execute("DROP TABLE IF EXISTS temp.\(sourceTable)")
        }
        try runTranslated("""
            CREATE TEMP TABLE \(sourceTable) AS SELECT row_number() OVER () AS "__wh_src_id", \(sourceAlias.sql).*
            FROM \(try render.render(source))
            """)

        // Which clause each pair takes: the first that holds, matched and not-matched apart.
        func choice(matched: Bool) throws -> String {
            let cases = try statement.clauses.enumerated().filter { $0.element.matched == matched }.map { index, clause in
                "WHEN \(try clause.condition.map { try render.condition($0) } ?? "1") THEN \(index)"
            }
            return cases.isEmpty ? "NULL" : "CASE " + cases.joined(separator: " ") + " END"
        }
        try runTranslated("""
            CREATE TEMP TABLE \(pairs) AS
            SELECT \(sourceAlias.sql)."__wh_src_id" AS src, \(targetAlias.sql).rowid AS tgt,
                   CASE WHEN \(targetAlias.sql).rowid IS NOT NULL THEN \(try choice(matched: true)) ELSE \(try choice(matched: false)) END AS clause
            FROM temp.\(sourceTable) AS \(sourceAlias.sql) LEFT JOIN \(targetSQL) AS \(targetAlias.sql) ON \(try render.condition(statement.condition))
            """)

        let updates = statement.clauses.indices.filter { if case .update = statement.clauses[$0].action { return true } else { return false } }
        let updateList = updates.isEmpty ? "-1" : updates.map(String.init).joined(separator: ", ")
        let conflicts = try connection.prepare("""
            SELECT tgt FROM temp.\(pairs) WHERE tgt IS NOT NULL AND clause IS NOT NULL GROUP BY tgt
            HAVING sum(clause IN (\(updateList))) >= 2 OR (sum(clause IN (\(updateList))) = 1 AND count(*) >= 2) LIMIT 1
            """).all()
        if let row = conflicts.first {
            if sessionParameter("ERROR_ON_NONDETERMINISTIC_MERGE") != "FALSE" {
                throw MergeError.duplicateRow(try rowValues(targetSQL, rowid: row[0]))
            }
            // One source row wins, the first: the rest of that target row's pairs are dropped.
            try runTranslated("""
                DELETE FROM temp.\(pairs) WHERE tgt IS NOT NULL AND clause IS NOT NULL
                AND src <> (SELECT min(p.src) FROM temp.\(pairs) p WHERE p.tgt = \(pairs).tgt AND p.clause IS NOT NULL)
                """)
        }

        var inserted = 0, updated = 0, deleted = 0
        for (index, clause) in statement.clauses.enumerated() {
            let chosen = """
                (SELECT p.tgt AS "__wh_tgt", s.* FROM temp.\(pairs) p JOIN temp.\(sourceTable) s ON s."__wh_src_id" = p.src
                 WHERE p.clause = \(index) ORDER BY p.src) AS \(sourceAlias.sql)
                """
            switch clause.action {
            case .update(let assignments):
                let sets = try assignments.map { assignment -> String in
                    let column = try Self.column(assignment.column, of: types, table: target.name)
                    return "\(Identifier(column.name, quoted: true).sql) = \(Self.converted(try render.render(assignment.value), to: column.type))"
                }
                try runTranslated("""
                    UPDATE \(targetSQL) AS \(targetAlias.sql) SET \(sets.joined(separator: ", ")) FROM \(chosen)
                    WHERE \(targetAlias.sql).rowid = \(sourceAlias.sql)."__wh_tgt"
                    """)
                updated += connection.changes
            case .delete:
                try runTranslated("DELETE FROM \(targetSQL) WHERE rowid IN (SELECT tgt FROM temp.\(pairs) WHERE clause = \(index))")
                deleted += connection.changes
            case .insert(let columns, let values):
                let targets = try columns.isEmpty ? types : columns.map { try Self.column($0, of: types, table: target.name) }
                guard targets.count == values.count else { throw CatalogError.valueCount(expected: targets.count, got: values.count) }
                let items = try zip(values, targets).map { Self.converted(try render.render($0), to: $1.type) }
                try runTranslated("""
                    INSERT INTO \(targetSQL) (\(targets.map { Identifier($0.name, quoted: true).sql }.joined(separator: ", ")))
                    SELECT \(items.joined(separator: ", ")) FROM \(chosen)
                    """)
                inserted += connection.changes
            }
        }
        var columns: [ResultColumn] = [], row: [Value] = []
        let kinds = statement.clauses.map(\.action)
        if kinds.contains(where: { if case .insert = $0 { return true } else { return false } }) {
            columns.append(ResultColumn(name: "number of rows inserted")); row.append(.integer(Int64(inserted)))
        }
        if !updates.isEmpty { columns.append(ResultColumn(name: "number of rows updated")); row.append(.integer(Int64(updated))) }
        if kinds.contains(.delete) { columns.append(ResultColumn(name: "number of rows deleted")); row.append(.integer(Int64(deleted))) }
        return ResultSet(columns: columns, sqliteRows: [row], isQuery: true)
    }

    /// A target row as the duplicate-row error shows it: `["TRK001", 35.1, NULL]`.
    private func rowValues(_ table: String, rowid: Value) throws -> String {
        let statement = try connection.prepare("SELECT * FROM \(table) WHERE rowid = ?")
        try statement.bind([rowid])
        let values = try statement.all().first ?? []
        return "[" + values.map { value -> String in
            switch value {
            case .null: return "NULL"
            case .text(let s): return "\"" + s.replacingEvery("\"", with: "\\\"") + "\""
            default: return value.displayText ?? ""
            }
        }.joined(separator: ", ") + "]"
    }
}

/// MERGE's runtime errors.
public enum MergeError: WarehouseError, Equatable {
    case duplicateRow(String)

    public var message: String {
        switch self {
        case .duplicateRow(let values): return "Duplicate row detected during DML action\nRow Values: \(values)"
        }
    }

    public var hint: String? {
        "several source rows match this target row: keep one per key in USING (… QUALIFY ROW_NUMBER() OVER (PARTITION BY key ORDER BY ts DESC) = 1), or ALTER SESSION SET ERROR_ON_NONDETERMINISTIC_MERGE = FALSE to let the first win"
    }
}
