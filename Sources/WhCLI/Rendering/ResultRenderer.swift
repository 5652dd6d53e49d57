import Warehouse

/// Turns a result into text for one output mode. csv, json, jsonl, list and line are exact and
/// complete; box shortens long values; NULL is shown as `NULL` except in json (null) and csv (empty).
public struct ResultRenderer {
    public var settings: RenderSettings

    public init(settings: RenderSettings) { self.settings = settings }

    /// The text for `result`, ending in a newline, or "" when there is nothing to show.
    public func render(_ result: ResultSet) -> String {
        guard result.isQuery else { return "" }
        let headers = result.columns.map(\.name)
        switch settings.mode {
        case .box: return TableDrawing.box.render(headers: settings.showHeaders ? headers : nil, rows: cells(result, shorten: true), alignments: alignments(result))
        case .table: return TableDrawing.ascii.render(headers: settings.showHeaders ? headers : nil, rows: cells(result, shorten: false), alignments: alignments(result))
        case .markdown: return markdown(headers: headers, rows: cells(result, shorten: false))
        case .csv: return csv(result)
        case .json: return json(result, lines: false)
        case .jsonl: return json(result, lines: true)
        case .line: return line(result)
        case .list: return list(result)
        }
    }

    private func cells(_ result: ResultSet, shorten: Bool) -> [[String]] {
        result.rows.map { row in
            zip(result.columns, row).map { column, value in
                // By scalar: "\r\n" is one Character, and a line break shown raw breaks the table.
                let text = (column.displayText(value) ?? "NULL").replacingEvery("\n", with: "\\n").replacingEvery("\r", with: "\\r")
                guard shorten else { return text }
                return Self.shorten(text, to: settings.maxColumnWidth)
            }
        }
    }

    static func shorten(_ text: String, to width: Int) -> String {
        guard text.count > width, width > 1 else { return text }
        return String(text.prefix(width - 1)) + "…"
    }

    /// Numbers are right-aligned in tables; everything else left-aligned.
    private func alignments(_ result: ResultSet) -> [TableDrawing.Alignment] {
        (0..<result.columns.count).map { column in
            if result.columns[column].isBoolean { return .left }
            let values = result.rows.map { $0[column] }.filter { !$0.isNull }
            let numeric = !values.isEmpty && values.allSatisfy {
                if case .integer = $0 { return true }
                if case .real = $0 { return true }
                return false
            }
            return numeric ? .right : .left
        }
    }

    private func markdown(headers: [String], rows: [[String]]) -> String {
        func escape(_ s: String) -> String { s.replacingEvery("|", with: "\\|") }
        var out = ""
        if settings.showHeaders {
            out += "| " + headers.map(escape).joined(separator: " | ") + " |\n"
            out += "|" + headers.map { _ in "---|" }.joined() + "\n"
        }
        for row in rows { out += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
        return out
    }

    private func csv(_ result: ResultSet) -> String {
        func field(_ s: String) -> String {
            if s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + s.replacingEvery("\"", with: "\"\"") + "\""
            }
            return s
        }
        var out = ""
        if settings.showHeaders { out += result.columns.map { field($0.name) }.joined(separator: ",") + "\n" }
        for row in result.rows { out += zip(result.columns, row).map { field($0.displayText($1) ?? "") }.joined(separator: ",") + "\n" }
        return out
    }

    private func json(_ result: ResultSet, lines: Bool) -> String {
        let objects = result.rows.map { ResultJSON.object($0, columns: result.columns) }
        if lines { return objects.map { $0 + "\n" }.joined() }
        if objects.isEmpty { return "[]\n" }
        return "[" + objects.joined(separator: ",\n") + "]\n"
    }

    private func line(_ result: ResultSet) -> String {
        let width = result.columns.map(\.name.count).max() ?? 0
        return result.rows.map { row in
            zip(result.columns, row).map { column, value in
                String(repeating: " ", count: width - column.name.count) + column.name + " = " + (column.displayText(value) ?? "NULL") + "\n"
            }.joined()
        }.joined(separator: "\n")
    }

    private func list(_ result: ResultSet) -> String {
        var out = ""
        if settings.showHeaders { out += result.columns.map(\.name).joined(separator: "|") + "\n" }
        for row in result.rows { out += zip(result.columns, row).map { $0.displayText($1) ?? "NULL" }.joined(separator: "|") + "\n" }
        return out
    }
}
