import SQLite
import Testing

@Suite struct SQLiteWrapperTests {
    @Test func readsEveryStorageClass() throws {
        let db = try Connection(path: ":memory:")
        let rows = try db.prepare("SELECT 1, 2.5, 'text', x'00ff', NULL").all()
        #expect(rows == [[.integer(1), .real(2.5), .text("text"), .blob([0, 255]), .null]])
    }

    @Test func bindsParametersInOrder() throws {
        let db = try Connection(path: ":memory:")
        let statement = try db.prepare("SELECT ?, ?, ?, ?")
        try statement.bind([.integer(7), .text("é"), .null, .real(-1.25)])
        #expect(try statement.all() == [[.integer(7), .text("é"), .null, .real(-1.25)]])
    }

    /// Bound text and a Swift function's text result went to SQLite with a length of -1, so SQLite
    /// kept them only up to the first NUL: a loaded "a\0b" was stored as "a".
    @Test func textWithANulInsideIsBoundAndReturnedWhole() throws {
        let db = try Connection(path: ":memory:")
        try db.createFunction("same", argumentCount: 1) { $0[0] }
        let statement = try db.prepare("SELECT ?, length(CAST(? AS BLOB)), same(?), ''")
        try statement.bind([.text("a\0b"), .text("a\0b"), .text("x\0\0y")])
        #expect(try statement.all() == [[.text("a\0b"), .integer(3), .text("x\0\0y"), .text("")]])
        let empty = try db.prepare("SELECT ? IS NOT NULL, length(?)")
        try empty.bind([.text(""), .text("")])
        #expect(try empty.all() == [[.integer(1), .integer(0)]])
    }

    @Test func errorsCarryCodesMessageSQLAndOffset() throws {
        let db = try Connection(path: ":memory:")
        let error = #expect(throws: SQLiteError.self) { try db.prepare("SELECT * FORM t") }
        #expect(error?.code == 1)
        #expect(error?.message == "near \"FORM\": syntax error")
        #expect(error?.sql == "SELECT * FORM t")
        #expect(error?.offset == 9)
    }

    @Test func constraintErrorsCarryTheExtendedCode() throws {
        let db = try Connection(path: ":memory:")
        try db.execute("CREATE TABLE t(a NOT NULL)")
        let error = #expect(throws: SQLiteError.self) { try db.execute("INSERT INTO t VALUES (NULL)") }
        #expect(error?.isConstraint == true)
        #expect(error?.extendedCode == 1299) // SQLITE_CONSTRAINT_NOTNULL
        #expect(error?.message == "NOT NULL constraint failed: t.a")
    }

    @Test func aDoubleQuotedNameIsNeverAString() throws {
        let db = try Connection(path: ":memory:")
        let error = #expect(throws: SQLiteError.self) { try db.prepare("SELECT \"nope\"").all() }
        #expect(error?.message == "no such column: nope")
    }

    @Test func prepareRefusesTwoStatements() throws {
        let db = try Connection(path: ":memory:")
        #expect(throws: SQLiteError.self) { try db.prepare("SELECT 1; SELECT 2") }
        #expect(try db.prepare("SELECT 1; -- trailing comment").all() == [[.integer(1)]])
    }

    @Test func swiftFunctionsReturnValuesAndErrors() throws {
        let db = try Connection(path: ":memory:")
        try db.createFunction("twice", argumentCount: 1) { args in
            guard case .integer(let i) = args[0] else { throw FunctionError("twice() takes an integer") }
            return .integer(i * 2)
        }
        #expect(try db.prepare("SELECT twice(21)").all() == [[.integer(42)]])
        let error = #expect(throws: SQLiteError.self) { try db.prepare("SELECT twice('x')").all() }
        #expect(error?.message == "twice() takes an integer")
    }

    @Test func interruptStopsARunningStatement() throws {
        let db = try Connection(path: ":memory:")
        // An endless query that interrupts itself half way, as another thread would.
        let handle = db.interruptHandle
        try db.createFunction("interrupt_now", argumentCount: 0, deterministic: false) { _ in
            handle.interrupt()
            return .integer(1)
        }
        let statement = try db.prepare("""
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
            SELECT count(*) FROM c WHERE x = 1000 AND interrupt_now()
            """)
        let error = #expect(throws: SQLiteError.self) { try statement.step() }
        #expect(error?.isInterrupt == true)
    }

    @Test func realsRenderInTheirShortestExactForm() {
        #expect(Value.format(real: 1) == "1.0")
        #expect(Value.format(real: 0.1) == "0.1")
        #expect(Value.format(real: 1e20) == "1e+20")
        #expect(Value.format(real: 1.0 / 3.0) == "0.3333333333333333")
    }
}
