import Testing
@testable import Warehouse

/// Snowflake expressions in, SQLite SQL out.
@Suite struct TranslationTests {
    func translate(_ snowflake: String) throws -> String {
        var parser = try Parser(snowflake)
        let expression = try parser.expression()
        try parser.expectEnd()
        return try SQLiteRenderer.render(expression)
    }

    @Test(arguments: [
        ("CURRENT_TIMESTAMP()", "SYSDATE()"),
        ("current_timestamp", "SYSDATE()"),
        ("CURRENT_DATE()", "substr(SYSDATE(), 1, 10)"),
        ("TRUE", "1"),
        ("NULL", "NULL"),
        ("'it''s'", "'it''s'"),
        ("'a\\'b'", "'a''b'"),
        ("truck_id", "\"TRUCK_ID\""),
        ("t.\"Mixed\"", "\"T\".\"Mixed\""),
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("a != b OR NOT c AND d", "((\"A\" <> \"B\") OR ((NOT \"C\") AND \"D\"))"),
        ("x IS NOT NULL", "(\"X\" IS NOT NULL)"),
        ("x NOT BETWEEN 1 AND 2", "(\"X\" NOT BETWEEN 1 AND 2)"),
        ("x IN (1, 2)", "(\"X\" IN (1, 2))"),
        ("name LIKE 'Tr%'", "(\"NAME\" LIKE 'Tr%')"),
        ("name ILIKE 'tr%'", "(wh_lower(\"NAME\") LIKE wh_lower('tr%'))"),
        ("IFF(a > 1, 'big', 'small')", "(CASE WHEN (\"A\" > 1) THEN 'big' ELSE 'small' END)"),
        ("NVL(a, 0)", "coalesce(\"A\", 0)"),
        ("count(*)", "COUNT(*)"),
        ("count(DISTINCT a)", "COUNT(DISTINCT \"A\")"),
        ("CASE WHEN a THEN 1 ELSE 2 END", "CASE WHEN \"A\" THEN 1 ELSE 2 END"),
        ("-x", "(-\"X\")"),
        ("x::FLOAT", "wh_to_float(\"X\", 0)"),
        ("TRY_CAST(x AS NUMBER(10,2))", "wh_to_number(\"X\", 1, 2, 10)"),
        ("CAST(x AS TIMESTAMP_NTZ)", "wh_to_timestamp(\"X\", 0)"),
        ("TRY_TO_DATE(x)", "wh_to_date(\"X\", 1)"),
    ])
    func expressions(snowflake: String, sqlite: String) throws {
        #expect(try translate(snowflake) == sqlite)
    }

    func translateQuery(_ snowflake: String) throws -> String {
        var parser = try Parser(snowflake)
        let query = try parser.queryStatement()
        try parser.expectEnd()
        return try SQLiteRenderer.detached.render(query)
    }

    @Test(arguments: [
        ("SELECT a, b AS x, c y, 1 + 2 FROM t",
         "SELECT \"A\" AS \"A\", \"B\" AS \"X\", \"C\" AS \"Y\", (1 + 2) AS \"1 + 2\" FROM \"T\""),
        ("select * from db.public.t as x where x.a is null",
         "SELECT * FROM \"DB\".\"PUBLIC\".\"T\" AS \"X\" WHERE (\"X\".\"A\" IS NULL)"),
        ("SELECT t.* FROM t JOIN u USING (id) ORDER BY a DESC NULLS LAST, b",
         "SELECT \"T\".* FROM \"T\" JOIN \"U\" USING (\"ID\") ORDER BY \"A\" DESC NULLS LAST, \"B\" NULLS LAST"),
        ("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT n FROM c LIMIT 3",
         "WITH RECURSIVE \"C\"(\"N\") AS (SELECT 1 AS \"1\" UNION ALL SELECT (\"N\" + 1) AS \"N + 1\" FROM \"C\") SELECT \"N\" AS \"N\" FROM \"C\" LIMIT 3"),
        ("SELECT sum(x) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) s FROM t",
         "SELECT SUM(\"X\") OVER (PARTITION BY \"K\" ORDER BY \"TS\" NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS \"S\" FROM \"T\""),
        ("SELECT a FROM t OFFSET 5 ROWS FETCH NEXT 2 ROWS ONLY",
         "SELECT \"A\" AS \"A\" FROM \"T\" LIMIT 2 OFFSET 5"),
    ])
    func queries(snowflake: String, sqlite: String) throws {
        #expect(try translateQuery(snowflake) == sqlite)
    }

    @Test func qualifyNeedsAWarehouse() {
        #expect(throws: UnsupportedFeature.self) { try translateQuery("SELECT a FROM t QUALIFY a = 1") }
    }

    @Test(arguments: ["x::OBJECT", "CAST(x AS TIME)", "TRY_CAST(x AS BINARY)"])
    func notYetTranslatedIsRefusedNotMistranslated(snowflake: String) {
        #expect(throws: UnsupportedFeature.self) { try translate(snowflake) }
    }

    @Test func unknownFunctionsSuggestTheClosestName() throws {
        let dir = try TempDirectory()
        let warehouse = try Warehouse(path: dir.file("w.db"), environment: .testing())
        let error = #expect(throws: StatementError.self) { try warehouse.execute("SELECT DATEAD(day, 1, '2025-01-01')") }
        #expect(error?.message == "SQL compilation error: Unknown function DATEAD")
        #expect(error?.hint == "did you mean DATEADD?")
        #expect(error?.location?.column == 8)
        let far = #expect(throws: StatementError.self) { try warehouse.execute("SELECT FROBNICATE_EVERYTHING(1)") }
        #expect(far?.hint == "check the name; wh supports SQLite's functions and the Snowflake ones in the README")
    }

    @Test func syntaxErrorsReadLikeSnowflakes() {
        let error = #expect(throws: SyntaxError.self) { try translate("1 +") }
        #expect(error?.message == "syntax error line 1 at position 3 unexpected '<EOF>'.")
        let other = #expect(throws: SyntaxError.self) { try translate("a b") }
        #expect(other?.message == "syntax error line 1 at position 2 unexpected 'b'.")
    }

    @Test(arguments: [
        ("VARCHAR(10)", "VARCHAR(10)"),
        ("NUMBER(10,2)", "NUMBER(10,2)"),
        ("INT", "NUMBER(38,0)"),
        ("DOUBLE PRECISION", "FLOAT"),
        ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP_TZ(9)"),
        ("BOOLEAN", "BOOLEAN"),
        ("VARIANT", "VARIANT"),
    ])
    func types(written: String, shown: String) throws {
        var parser = try Parser(written)
        let type = try parser.dataType()
        #expect(type.description == shown)
        #expect(SnowflakeType(catalogText: shown) == type)
    }
}
