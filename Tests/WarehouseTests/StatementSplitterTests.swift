import Testing
import Warehouse

@Suite struct StatementSplitterTests {
    func texts(_ script: String) throws -> [String] {
        try StatementSplitter.statements(in: script).map(\.text)
    }

    @Test func splitsAtSemicolonsOutsideQuotesCommentsAndBodies() throws {
        let script = """
            SELECT 'a;b', "c;d" FROM t; -- not; here
            /* nor; here */ SELECT 2 // nor; this
            ;
            CREATE PROCEDURE p() RETURNS INT LANGUAGE SQL AS $$ BEGIN RETURN 1; END; $$;
            SELECT 'it''s; \\'ok\\''
            """
        #expect(try texts(script) == [
            "SELECT 'a;b', \"c;d\" FROM t",
            "SELECT 2",
            "CREATE PROCEDURE p() RETURNS INT LANGUAGE SQL AS $$ BEGIN RETURN 1; END; $$",
            "SELECT 'it''s; \\'ok\\''",
        ])
    }

    @Test func aFileURLIsNotAComment() throws {
        #expect(try texts("PUT file:///tmp/a.json @stage; SELECT 1 // a comment\n;") == ["PUT file:///tmp/a.json @stage", "SELECT 1"])
    }

    @Test func emptyStatementsAndCommentsOnlyYieldNothing() throws {
        #expect(try texts(";;  -- just a comment\n/* and another */") == [])
    }

    @Test func locationsAreLinesAndColumnsInTheScript() throws {
        let statements = try StatementSplitter.statements(in: "SELECT 1;\n\n  SELECT\n 2;")
        #expect(statements.map(\.location.line) == [1, 3])
        #expect(statements[1].location.column == 3)
    }

    @Test(arguments: [
        ("SELECT 'abc", LexerError.Reason.unterminatedString),
        ("SELECT \"abc", .unterminatedIdentifier),
        ("SELECT 1 /* abc", .unterminatedComment),
        ("CREATE PROCEDURE p() AS $$ BEGIN", .unterminatedDollarString),
    ])
    func unterminatedInputIsReportedNotHung(script: String, reason: LexerError.Reason) {
        let split = StatementSplitter.split(script)
        #expect(split.unterminated?.reason == reason)
        #expect(split.remainder?.text == script)
        #expect(throws: LexerError.self) { try StatementSplitter.statements(in: script) }
    }

    @Test func aStatementBeingTypedIsTheRemainder() {
        let split = StatementSplitter.split("SELECT 1; SELECT\n  2")
        #expect(split.complete.map(\.text) == ["SELECT 1"])
        #expect(split.remainder?.text == "SELECT\n  2")
        #expect(split.remainder?.location == SourceLocation(line: 1, column: 11, offset: 10))
    }
}

@Suite struct LexerTests {
    @Test func tokenKinds() throws {
        let tokens = try Lexer.tokenize("SELECT $1:a.b::FLOAT, 'x''y\\n', \"Q\"\"id\", @stage/p.json, ?, 1.5e3 FROM t")
        let kinds = tokens.map(\.kind)
        #expect(kinds == [.word, .positional, .symbol, .word, .symbol, .word, .symbol, .word, .symbol, .string, .symbol,
                          .quotedIdentifier, .symbol, .stageReference, .symbol, .parameter, .symbol, .number, .word, .word])
        #expect(tokens[9].text == "x'y\n")
        #expect(tokens[11].text == "Q\"id")
        #expect(tokens[13].text == "stage/p.json")
        #expect(tokens[17].text == "1.5e3")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let tokens = try Lexer.tokenize("SELECT 'é', x")
        #expect(tokens.last?.location == SourceLocation(line: 1, column: 13, offset: 13))
    }
}
