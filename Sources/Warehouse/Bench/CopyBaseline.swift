import SQLite

extension Warehouse {
    /// The SQLite ceiling the COPY benchmark compares against: `count` rows inserted into `table`
    /// by one prepared statement in one transaction, cycling through values built beforehand, with
    /// no parsing or conversion at all.
    public func insertBaseline(table: String, columns: [String], rows: [[Value]], count: Int) throws {
        guard !rows.isEmpty else { return }
        let list = columns.map { Identifier($0, quoted: true).sql }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let insert = try connection.prepare("INSERT INTO \(Identifier(table).sql) (\(list)) VALUES (\(marks))")
        try connection.execute("BEGIN")
        do {
            for i in 0..<count {
                let row = rows[i % rows.count]
                for (p, value) in row.enumerated() { try insert.bind(value, at: p + 1) }
                try insert.step()
                insert.reset()
            }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
