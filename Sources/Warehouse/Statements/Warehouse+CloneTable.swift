import SQLite

extension Warehouse {
    /// CREATE TABLE … LIKE (the source's columns, types, defaults and constraints) and … CLONE
    /// (those, its rows, comment and tags, and its IDENTITY columns going on from where the
    /// source's are). The table's SQLite DDL is the source's under the new name.
    func createTable(target: String, name: Identifier, copying source: [Identifier], withRows: Bool, transient: Bool) throws -> ResultSet {
        let (sourceSQL, sourceName) = try sqliteName(source)
        guard try tableExists(sourceName) else { throw CatalogError.noSuchTable(sourceName.name) }
        let from = try canonicalTableName(sourceName)
        let hybrid = try connection.prepare("SELECT 1 FROM _wh_kv_tables WHERE table_name = ?")
        try hybrid.bind([.text(from)])
        if try !hybrid.all().isEmpty {
            throw UnsupportedFeature(feature: "\(withRows ? "CLONE" : "LIKE") of the hybrid table \(from)",
                                     hint: "create the new table with CREATE HYBRID TABLE and copy the rows with INSERT … SELECT")
        }
        let ddl = try connection.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
        try ddl.bind([.text(from)])
        guard let sql = try ddl.all().first?.first?.textValue, let open = sql.firstIndex(of: "(") else {
            throw CatalogError.noSuchTable(sourceName.name)
        }
        // Each IDENTITY column gets a sequence of its own: from the start for LIKE, where the source's is for CLONE.
        var body = String(sql[open...])
        for sequence in try identitySequences(ofTable: from) {
            let state = try connection.prepare("SELECT next_value, increment FROM _wh_sequences WHERE name = ?")
            try state.bind([.text(sequence)])
            guard let row = try state.all().first, let next = row[0].integerValue, let increment = row[1].integerValue else { continue }
            let column = String(sequence.split(separator: "$").dropLast().last ?? "")
            let declared = try connection.prepare("SELECT default_text FROM _wh_columns WHERE table_name = ? AND column_name = ?")
            try declared.bind([.text(from), .text(column)])
            let start = try declared.all().first?.first?.textValue.flatMap { text in
                text.range(of: "START ").flatMap { Int64(text[$0.upperBound...].prefix { $0 == "-" || $0.isNumber }) }
            } ?? 1
            let copy = try newIdentitySequence(table: name.name, column: column, start: withRows ? next : start, increment: increment)
            body = body.replacingOccurrences(of: SQLiteRenderer.quote(sequence), with: SQLiteRenderer.quote(copy))
        }
        try connection.execute("CREATE TABLE \(target) " + body)
        try catalog("""
            INSERT INTO _wh_columns(table_name, column_name, ordinal, data_type, is_nullable, default_text, comment)
            SELECT ?1, column_name, ordinal, data_type, is_nullable, default_text, comment FROM _wh_columns WHERE table_name = ?2
            """, [.text(name.name), .text(from)])
        var comment: String?
        if withRows {
            try connection.execute("INSERT INTO \(target) SELECT * FROM \(sourceSQL)")
            let stored = try connection.prepare("SELECT comment FROM _wh_tables WHERE table_name = ?")
            try stored.bind([.text(from)])
            comment = try stored.all().first?.first?.textValue
            try catalog("""
                INSERT INTO _wh_tag_references(tag, table_name, column_name, value)
                SELECT tag, ?1, column_name, value FROM _wh_tag_references WHERE table_name = ?2
                """, [.text(name.name), .text(from)])
        }
        try recordTable(name, comment: comment, kind: transient ? "TRANSIENT" : "TABLE")
        return Self.status("Table \(name.name) successfully created.")
    }
}
