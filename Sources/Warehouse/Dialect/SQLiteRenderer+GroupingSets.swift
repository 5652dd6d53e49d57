extension SQLiteRenderer {
    /// GROUP BY ROLLUP/CUBE/GROUPING SETS (and GROUPING() in a plain GROUP BY): one grouped SELECT a
    /// set, joined with UNION ALL. In each, the grouping expressions the set leaves out are NULL and
    /// GROUPING(a, b) is the constant whose bits say which of its arguments are left out. Nil when
    /// the core needs none of this.
    func renderGroupingSets(_ core: SelectCore) throws -> String? {
        guard let sets = core.groupingSets ?? (Self.callsGrouping(core) ? [core.groupBy] : nil) else { return nil }
        if core.items.contains(where: { if case .all = $0 { return true } else { return false } }) {
            throw UnsupportedFeature(feature: "ROLLUP, CUBE or GROUPING SETS with * in the select list", hint: "name the columns")
        }
        if sets.count > 1 {
            // A window runs over the rows of every set together, which separate SELECTs cannot give.
            var windowed = core.qualify != nil
            for case .expression(let value, _, _) in core.items {
                _ = value.rewritingTopDown { part in
                    if case .window = part { windowed = true }
                    return nil
                }
            }
            if windowed {
                throw UnsupportedFeature(feature: "a window function or QUALIFY with ROLLUP, CUBE or GROUPING SETS",
                                         hint: "group in a subquery, then apply the window to its rows")
            }
        }
        let selects = try sets.map { set -> String in
            var grouped = core
            grouped.groupingSets = nil
            grouped.groupBy = set
            func rewrite(_ e: Expression) throws -> Expression { try Self.grouping(e, of: core.groupBy, in: set) }
            grouped.items = try core.items.map { item in
                guard case .expression(let value, let alias, let text) = item else { return item }
                return .expression(try rewrite(value), alias: alias ?? Self.header(for: value, text: text), text: text)
            }
            grouped.having = try core.having.map(rewrite)
            grouped.qualify = try core.qualify.map(rewrite)
            return try render(grouped)
        }
        if selects.count == 1 { return selects[0] }
        return "SELECT * FROM (" + selects.joined(separator: core.distinct ? " UNION " : " UNION ALL ") + ")"
    }

    static func callsGrouping(_ core: SelectCore) -> Bool {
        var found = false
        let visit: (Expression) -> Expression? = { part in
            if case .function(let name, _, _, _) = part, name == "GROUPING" || name == "GROUPING_ID" { found = true }
            return nil
        }
        for case .expression(let value, _, _) in core.items { _ = value.rewritingTopDown(visit) }
        _ = core.having?.rewritingTopDown(visit)
        return found
    }

    /// `e` for the grouping set `set` of `all`: expressions the set leaves out are NULL (outside
    /// aggregates' arguments), GROUPING(…) a constant.
    static func grouping(_ e: Expression, of all: [Expression], in set: [Expression]) throws -> Expression {
        func same(_ a: Expression, _ b: Expression) -> Bool {
            if a == b { return true }
            // `region` and `s.region` are one column when either is unqualified.
            if case .column(let x) = a, case .column(let y) = b, x.count == 1 || y.count == 1 { return x.last == y.last }
            return false
        }
        let absent = all.filter { grouped in !set.contains { same($0, grouped) } }
        return try e.rewritingTopDown { part in
            switch part {
            case .function(let name, let arguments, _, _) where name == "GROUPING" || name == "GROUPING_ID":
                guard !arguments.isEmpty else { throw CompilationError(problem: "\(name) needs arguments", hint: "name the grouping columns: \(name)(a, b)") }
                var bits = 0
                for argument in arguments {
                    guard all.contains(where: { same($0, argument) }) else {
                        throw CompilationError(problem: "\(name)'s argument is not a grouping expression of the query",
                                               hint: "\(name) takes the expressions the query groups by")
                    }
                    bits = bits << 1 | (absent.contains { same($0, argument) } ? 1 : 0)
                }
                return .number(String(bits))
            case .function(let name, _, _, _) where aggregateFunctions.contains(name): return part
            case .withinGroup, .window, .subquery, .exists: return part
            default: return absent.contains { same($0, part) } ? .null : nil
            }
        }
    }
}
