import SQLite

extension Warehouse {
    /// Inserts `count` rows made by `row(i)` into `table` through one prepared statement in one
    /// transaction (benchmarks use it to build large tables quickly).
    public func insertRows(table: String, columns: [String], count: Int, row: (Int) -> [SQLValue]) throws {
        let list = columns.map { Identifier($0, quoted: true).sql }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let insert = try connection.prepare("INSERT INTO \(Identifier(table).sql) (\(list)) VALUES (\(marks))")
        try writingTransaction {
            for i in 0..<count {
                for (p, value) in row(i).enumerated() { try insert.bind(value.sqlite, at: p + 1) }
                try insert.step()
                insert.reset()
            }
        }
    }
}
