extension SQLiteRenderer {
    /// LISTAGG, ARRAY_AGG, PERCENTILE_CONT/DISC with WITHIN GROUP (ORDER BY …), and MEDIAN, MIN_BY,
    /// MAX_BY, LISTAGG without: calls of the ordered aggregates (`OrderedAggregate`). Nil for other names.
    /// `over` is the window clause when it is a window function (inside a JSON result's json()).
    func orderedAggregate(_ name: String, _ arguments: [Expression], distinct: Bool, order: [OrderItem]?, over: String = "") throws -> String? {
        func call(_ function: String, value: String, parameter: String, keys: [OrderItem]) throws -> String {
            let flags = (distinct ? "D" : "-") + keys.map { key in
                let nullsFirst = key.nullsFirst ?? key.descending   // Snowflake: NULLs sort high
                return key.descending ? (nullsFirst ? "D" : "d") : (nullsFirst ? "A" : "a")
            }.joined()
            let keySQL = try keys.map { ", " + (try render($0.expression)) }.joined()
            return "wh_\(function)(\(value), \(parameter), '\(flags)'\(keySQL))\(over)"
        }
        switch (name, arguments.count, order) {
        case ("LISTAGG", 1...2, _):
            return try call("listagg", value: text(of: arguments[0]), parameter: arguments.count == 2 ? try render(arguments[1]) : "''",
                            keys: order ?? [])
        case ("ARRAY_AGG", 1, let order?):
            return "json(\(try call("array_agg_ordered", value: try jsonElement(arguments[0]), parameter: "NULL", keys: order)))"
        case ("PERCENTILE_CONT", 1, let order?), ("PERCENTILE_DISC", 1, let order?):
            guard order.count == 1 else {
                throw UnsupportedFeature(feature: "\(name) ordered by \(order.count) expressions", hint: "order by the one value: WITHIN GROUP (ORDER BY x)")
            }
            return try call(name.lowercased(), value: try render(order[0].expression), parameter: try render(arguments[0]), keys: order)
        case ("MEDIAN", 1, nil):
            return try call("percentile_cont", value: try render(arguments[0]), parameter: "0.5",
                            keys: [OrderItem(expression: arguments[0])])
        case ("MIN_BY", 2...3, nil), ("MAX_BY", 2...3, nil):
            let key = OrderItem(expression: arguments[1], descending: name == "MAX_BY")
            let function = try call(name.lowercased(), value: arguments.count == 3 ? try jsonElement(arguments[0]) : try render(arguments[0]),
                                    parameter: arguments.count == 3 ? try render(arguments[2]) : "NULL", keys: [key])
            return arguments.count == 3 ? "json(\(function))" : function
        case ("PERCENTILE_CONT", _, nil), ("PERCENTILE_DISC", _, nil):
            throw UnsupportedFeature(feature: "\(name) without WITHIN GROUP", hint: "write \(name)(0.5) WITHIN GROUP (ORDER BY x)")
        case (_, _, .some):
            throw UnsupportedFeature(feature: "\(name)(…) WITHIN GROUP", hint: "WITHIN GROUP follows LISTAGG, ARRAY_AGG, PERCENTILE_CONT or PERCENTILE_DISC")
        default:
            return nil
        }
    }

    /// An expression's value as a JSON text for an array element: a VARIANT as it is, a BOOLEAN as
    /// true/false, anything else quoted as JSON; SQL NULL stays NULL (the aggregates skip it).
    func jsonElement(_ e: Expression) throws -> String {
        let sql = try render(e)
        switch staticType(of: e)?.kind {
        case .variant?: return sql
        case .boolean?: return "(CASE WHEN \(sql) IS NULL THEN NULL WHEN \(sql) THEN 'true' ELSE 'false' END)"
        default: return "(CASE WHEN \(sql) IS NULL THEN NULL ELSE json_quote(\(sql)) END)"
        }
    }
}
