import SQLite
import Testing
import Warehouse
@testable import WhCLI

@Suite struct RendererTests {
    let result = ResultSet(columns: [ResultColumn(name: "ID"), ResultColumn(name: "NAME")],
                           rows: [[.integer(1), .text("truck, \"big\"")], [.integer(22), .null]], isQuery: true)

    func render(_ mode: OutputMode, headers: Bool? = nil) -> String {
        ResultRenderer(settings: RenderSettings(mode: mode, headers: headers)).render(result)
    }

    @Test func box() {
        #expect(render(.box) == """
            ┌────┬──────────────┐
            │ ID │ NAME         │
            ├────┼──────────────┤
            │  1 │ truck, "big" │
            │ 22 │ NULL         │
            └────┴──────────────┘

            """)
    }

    @Test func table() {
        #expect(render(.table) == """
            +----+--------------+
            | ID | NAME         |
            +----+--------------+
            |  1 | truck, "big" |
            | 22 | NULL         |
            +----+--------------+

            """)
    }

    @Test func csvQuotesAndLeavesNullEmpty() {
        #expect(render(.csv) == "ID,NAME\n1,\"truck, \"\"big\"\"\"\n22,\n")
        #expect(render(.csv, headers: false) == "1,\"truck, \"\"big\"\"\"\n22,\n")
    }

    @Test func jsonAndJSONLines() {
        #expect(render(.json) == "[{\"ID\":1,\"NAME\":\"truck, \\\"big\\\"\"},\n{\"ID\":22,\"NAME\":null}]\n")
        #expect(render(.jsonl) == "{\"ID\":1,\"NAME\":\"truck, \\\"big\\\"\"}\n{\"ID\":22,\"NAME\":null}\n")
    }

    @Test func markdownLineAndList() {
        #expect(render(.markdown) == "| ID | NAME |\n|---|---|\n| 1 | truck, \"big\" |\n| 22 | NULL |\n")
        #expect(render(.line) == "  ID = 1\nNAME = truck, \"big\"\n\n  ID = 22\nNAME = NULL\n")
        #expect(render(.list) == "1|truck, \"big\"\n22|NULL\n")
        #expect(render(.list, headers: true) == "ID|NAME\n1|truck, \"big\"\n22|NULL\n")
    }

    @Test func boxShortensLongValuesOtherModesKeepThem() {
        let long = String(repeating: "x", count: 100)
        let wide = ResultSet(columns: [ResultColumn(name: "V")], rows: [[.text(long)]], isQuery: true)
        let box = ResultRenderer(settings: RenderSettings(mode: .box)).render(wide)
        #expect(box.contains(String(repeating: "x", count: 59) + "…"))
        #expect(!box.contains(long))
        #expect(ResultRenderer(settings: RenderSettings(mode: .csv)).render(wide) == "V\n\(long)\n")
    }

    @Test func declaredTypesShapeWhatIsShown() {
        let typed = ResultSet(columns: [ResultColumn(name: "B", declaredType: "BOOLEAN"), ResultColumn(name: "N", declaredType: "NUMBER(10,2)")],
                              rows: [[.integer(1), .real(2.345)], [.integer(0), .integer(2)], [.null, .null]], isQuery: true)
        #expect(ResultRenderer(settings: RenderSettings(mode: .json)).render(typed)
                == "[{\"B\":true,\"N\":2.35},\n{\"B\":false,\"N\":2.00},\n{\"B\":null,\"N\":null}]\n")
        #expect(ResultRenderer(settings: RenderSettings(mode: .box)).render(typed) == """
            ┌───────┬──────┐
            │ B     │ N    │
            ├───────┼──────┤
            │ TRUE  │ 2.35 │
            │ FALSE │ 2.00 │
            │ NULL  │ NULL │
            └───────┴──────┘

            """)
        #expect(ResultRenderer(settings: RenderSettings(mode: .csv)).render(typed) == "B,N\nTRUE,2.35\nFALSE,2.00\n,\n")
    }

    @Test func emptyJSONIsAnEmptyArray() {
        let empty = ResultSet(columns: [ResultColumn(name: "A")], rows: [], isQuery: true)
        #expect(ResultRenderer(settings: RenderSettings(mode: .json)).render(empty) == "[]\n")
    }

    @Test func statementsWithoutRowsRenderNothing() {
        #expect(ResultRenderer(settings: RenderSettings(mode: .box)).render(ResultSet(changes: 3)) == "")
    }

    @Test func dbBeforeTheSubcommandMovesBehindIt() {
        #expect(WhCommand.normalize(["--db", "x.db", "sql", "-c", "SELECT 1"]) == ["sql", "--db", "x.db", "-c", "SELECT 1"])
        #expect(WhCommand.normalize(["--db=x.db", "init"]) == ["init", "--db=x.db"])
        #expect(WhCommand.normalize(["sql", "--db", "x.db"]) == ["sql", "--db", "x.db"])
    }

    @Test func metaArgumentsHonourQuotes() {
        #expect(MetaArguments.split(".read 'my file.sql'") == [".read", "my file.sql"])
        #expect(MetaArguments.split("!source x.sql;") == ["!source", "x.sql"])
    }
}
