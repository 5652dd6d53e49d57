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
        ("name ILIKE 'tr%'", "(lower(\"NAME\") LIKE lower('tr%'))"),
        ("IFF(a > 1, 'big', 'small')", "(CASE WHEN (\"A\" > 1) THEN 'big' ELSE 'small' END)"),
        ("NVL(a, 0)", "coalesce(\"A\", 0)"),
        ("count(*)", "COUNT(*)"),
        ("count(DISTINCT a)", "COUNT(DISTINCT \"A\")"),
        ("CASE WHEN a THEN 1 ELSE 2 END", "CASE WHEN \"A\" THEN 1 ELSE 2 END"),
        ("-x", "(-\"X\")"),
    ])
    func expressions(snowflake: String, sqlite: String) throws {
        #expect(try translate(snowflake) == sqlite)
    }

    @Test(arguments: ["x::FLOAT", "CAST(x AS NUMBER)", "TRY_CAST(x AS DATE)", "a LIKE 'x'", "a RLIKE 'x'"])
    func notYetTranslatedIsRefusedNotMistranslated(snowflake: String) {
        #expect(throws: UnsupportedFeature.self) { try translate(snowflake) }
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
