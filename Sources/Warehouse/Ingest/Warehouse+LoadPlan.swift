import SQLite

extension Warehouse {
    /// The columns of `name` in order, with Snowflake types and nullability.
    func targetColumns(of name: Identifier) throws -> [TargetColumn] {
        let statement = try connection.prepare("""
            SELECT p.name, c.data_type, p."notnull" FROM pragma_table_info(?1) p
            LEFT JOIN _wh_columns c ON c.table_name = ?1 AND c.column_name = p.name ORDER BY p.cid
            """)
        try statement.bind([.text(name.name)])
        return try statement.all().enumerated().map { index, row in
            TargetColumn(name: row[0].textValue ?? "", type: row[1].textValue.flatMap(SnowflakeType.init(catalogText:)),
                         notNull: row[2] == .integer(1), ordinal: index + 1)
        }
    }

    /// The plan of a COPY: transformation, MATCH_BY_COLUMN_NAME, or the whole record into a VARIANT.
    func loadPlan(_ statement: CopyStatement, table: Identifier, tableSQL: String, csv: Bool = false) throws -> LoadPlan {
        let all = try targetColumns(of: table)
        var targets = all
        if !statement.columns.isEmpty {
            targets = try statement.columns.map { try Self.column($0, of: all, table: table.name, name: \.name) }
        }
        if let items = statement.transform {
            guard items.count == targets.count else { throw CatalogError.valueCount(expected: targets.count, got: items.count) }
            return try transformPlan(items, alias: statement.stageAlias, table: table.name, tableSQL: tableSQL, columns: targets, csv: csv)
        }
        if csv {
            if statement.options.matchCaseSensitive != nil {
                throw UnsupportedFeature(feature: "MATCH_BY_COLUMN_NAME with CSV files", hint: "CSV fields fill the columns in order; name them: COPY INTO t (a, b) …")
            }
            return LoadPlan.csvFields(table: table.name, tableSQL: tableSQL, columns: targets)
        }
        if let caseSensitive = statement.options.matchCaseSensitive {
            return try LoadPlan.matchByName(table: table.name, tableSQL: tableSQL, columns: all, caseSensitive: caseSensitive,
                                            flatten: statement.options.flattenObjects, columnPaths: statement.options.columnPaths)
        }
        return try LoadPlan.whole(table: table.name, tableSQL: tableSQL, columns: all)
    }

    /// `SELECT $1:a::FLOAT, METADATA$FILENAME, … FROM @stage`: a path (cast or not) becomes a slot
    /// converted in Swift; anything else is rendered to SQL over bound parameters.
    private func transformPlan(_ items: [SelectItem], alias: Identifier?, table: String, tableSQL: String,
                               columns: [TargetColumn], csv: Bool) throws -> LoadPlan {
        var plan = LoadPlan(table: table, tableSQL: tableSQL, columns: columns)
        /// The field `$n` names (n - 1), or nil for another expression.
        func positional(_ e: Expression) throws -> Int? {
            guard case .column(let parts) = e, let last = parts.last, last.name.hasPrefix("$") else { return nil }
            guard parts.count == 1 || (parts.count == 2 && alias.map { $0.name.caseInsensitiveCompare(parts[0].name) == .orderedSame } == true) else {
                throw CopyError.transformColumn(parts.map(\.name).joined(separator: "."))
            }
            guard let n = Int(last.name.dropFirst()), n >= 1 else { throw CopyError.transformPositional(last.name) }
            return n - 1
        }
        func isRecord(_ e: Expression) throws -> Bool {
            guard let field = try positional(e) else { return false }
            if csv { throw CopyError.csvPath(e) }
            guard field == 0 else { throw CopyError.transformPositional("$\(field + 1)") }
            return true
        }
        func metadata(_ e: Expression) -> MetadataColumn? {
            guard case .column(let parts) = e, let last = parts.last else { return nil }
            return MetadataColumn(rawValue: last.name.uppercased())
        }
        func staticPath(_ e: Expression, text: String) throws -> [JSONPathSet.Step]? {
            guard case .path(let base, let steps) = e, try isRecord(base) else { return nil }
            return try steps.map { step in
                switch step {
                case .key(let key): return .key(Array(key.utf8))
                case .index(.number(let n)) where Int(n) != nil: return .index(Int(n)!)
                case .index: throw CopyError.dynamicPath(text)
                }
            }
        }
        for (index, item) in items.enumerated() {
            guard case .expression(let expression, _, let text) = item else { continue }
            let column = columns[index]
            if csv {
                // A CSV field ($n, cast or not) is converted in Swift; expressions see fields as text.
                var value = expression, cast: SnowflakeType?, isTry = false
                if case .cast(let inner, let type, let tryCast) = expression { value = inner; cast = type; isTry = tryCast }
                if let field = try positional(value) {
                    let slot = plan.slot(for: [.index(field)])
                    plan.values.append(LoadPlan.placeholder(plan.parameter(.converted(slot: slot, cast: cast, isTry: isTry, column: index)), for: column))
                    continue
                }
                let rewritten = try expression.rewritingTopDown { e -> Expression? in
                    if let field = try positional(e) { return .parameter(plan.parameter(.sqlValue(slot: plan.slot(for: [.index(field)])))) }
                    if let column = metadata(e) { return .parameter(plan.parameter(.metadata(column))) }
                    if case .path = e { throw CopyError.csvPath(e) }
                    if case .column(let parts) = e { throw CopyError.transformColumn(parts.map(\.name).joined(separator: ".")) }
                    return nil
                }
                plan.values.append(Self.converted(try renderer.render(rewritten), to: column.type))
                continue
            }
            var value = expression, cast: SnowflakeType?, isTry = false
            if case .cast(let inner, let type, let tryCast) = expression, case .path = inner {
                value = inner; cast = type; isTry = tryCast
            }
            if let steps = try staticPath(value, text: text) {
                let slot = plan.slot(for: steps)
                plan.values.append(LoadPlan.placeholder(plan.parameter(.converted(slot: slot, cast: cast, isTry: isTry, column: index)), for: column))
                continue
            }
            // COALESCE of paths, cast (a pipe reading two record shapes): the first path the record
            // has, converted in Swift, not a JSON parse per path in SQL.
            if case .cast(.function("COALESCE", let arguments, false, false), let type, let tryCast) = expression, type.kind != .variant,
               !arguments.isEmpty, let paths = try? arguments.map({ try staticPath($0, text: text) }), paths.allSatisfy({ $0 != nil }) {
                let slots = paths.map { plan.slot(for: $0!) }
                plan.values.append(LoadPlan.placeholder(plan.parameter(.firstOf(slots: slots, cast: type, isTry: tryCast, column: index)), for: column))
                continue
            }
            let rewritten = try expression.rewritingTopDown { e -> Expression? in
                if case .cast(let inner, let type, let tryCast) = e, type.kind != .variant, let steps = try staticPath(inner, text: text) {
                    return .cast(.parameter(plan.parameter(.sqlValue(slot: plan.slot(for: steps)))), type, isTry: tryCast)
                }
                if let steps = try staticPath(e, text: text) {
                    // An empty path on the JSON keeps the value typed VARIANT for what encloses it:
                    // COALESCE($1:a, $1:b)::TIMESTAMP_NTZ casts the element's value, not its JSON text.
                    return .path(.parameter(plan.parameter(.json(slot: plan.slot(for: steps)))), [])
                }
                if try isRecord(e) { return .parameter(plan.parameter(.document)) }
                if let column = metadata(e) { return .parameter(plan.parameter(.metadata(column))) }
                if case .column(let parts) = e { throw CopyError.transformColumn(parts.map(\.name).joined(separator: ".")) }
                return nil
            }
            var sql = try renderer.render(rewritten)
            if case .parameter(let n) = rewritten, case .document? = plan.parameters[n - 1] as LoadParameter? {
                sql = LoadPlan.placeholder(n, for: column)
            }
            plan.values.append(Self.converted(sql, to: column.type))
        }
        return plan
    }
}
