/// Draws a grid of cells with borders, in Unicode box characters or ASCII.
struct TableDrawing {
    enum Alignment { case left, right }

    let horizontal: Character
    let vertical: String
    /// Corners and joints: top (left, middle, right), separator, bottom.
    let top: (String, String, String)
    let separator: (String, String, String)
    let bottom: (String, String, String)

    static let box = TableDrawing(horizontal: "─", vertical: "│", top: ("┌", "┬", "┐"),
                                  separator: ("├", "┼", "┤"), bottom: ("└", "┴", "┘"))
    static let ascii = TableDrawing(horizontal: "-", vertical: "|", top: ("+", "+", "+"),
                                    separator: ("+", "+", "+"), bottom: ("+", "+", "+"))

    func render(headers: [String]?, rows: [[String]], alignments: [Alignment]) -> String {
        let columnCount = headers?.count ?? rows.first?.count ?? 0
        guard columnCount > 0 else { return "" }
        var widths = [Int](repeating: 1, count: columnCount)
        for row in (headers.map { [$0] } ?? []) + rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func rule(_ joints: (String, String, String)) -> String {
            joints.0 + widths.map { String(repeating: horizontal, count: $0 + 2) }.joined(separator: joints.1) + joints.2 + "\n"
        }
        func line(_ cells: [String], _ align: [Alignment]) -> String {
            let padded = cells.enumerated().map { i, cell -> String in
                let fill = String(repeating: " ", count: widths[i] - cell.count)
                return align[i] == .right ? fill + cell : cell + fill
            }
            return vertical + " " + padded.joined(separator: " " + vertical + " ") + " " + vertical + "\n"
        }
        var out = rule(top)
        if let headers {
            out += line(headers, Array(repeating: .left, count: columnCount))
            out += rule(separator)
        }
        for row in rows { out += line(row, alignments) }
        out += rule(bottom)
        return out
    }
}
