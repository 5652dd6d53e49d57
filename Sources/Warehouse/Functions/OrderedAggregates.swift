import SQLite

/// The aggregates that need their group's rows in an order: LISTAGG and ARRAY_AGG … WITHIN GROUP,
/// MEDIAN, PERCENTILE_CONT/DISC, MIN_BY/MAX_BY (SQLite 3.40 has no ORDER BY inside an aggregate).
/// Each is called as `wh_<name>(value, parameter, flags, key…)`: `flags` starts with `D` for
/// DISTINCT (else `-`), then one letter a key: `a`/`A` ascending, `d`/`D` descending, the capital
/// putting NULLs first. Rows sort by the keys as SQLite compares values; ties keep their arrival order.
extension Warehouse {
    func registerOrderedAggregates() throws {
        for kind in OrderedAggregate.Kind.allCases {
            try connection.createAggregate("wh_\(kind.rawValue)") { OrderedAggregate(kind) }
        }
    }
}

final class OrderedAggregate: SQLAggregateState {
    enum Kind: String, CaseIterable {
        case listagg, array_agg_ordered, percentile_cont, percentile_disc, min_by, max_by
    }

    let kind: Kind
    var parameter: Value = .null
    var flags: [UInt8] = []
    var rows: [(keys: [Value], value: Value)] = []
    /// Rows before this one left a window's frame.
    var start = 0

    init(_ kind: Kind) { self.kind = kind }

    func step(_ arguments: [Value]) throws {
        guard arguments.count >= 3 else { throw FunctionError("wh_\(kind.rawValue) takes a value, a parameter and flags") }
        if rows.isEmpty {
            parameter = arguments[1]
            flags = Array((arguments[2].textValue ?? "-").utf8)
        }
        guard takesPart(arguments) else { return }
        rows.append((Array(arguments.dropFirst(3)), arguments[0]))
    }

    func inverse(_ arguments: [Value]) throws {
        guard takesPart(arguments), start < rows.count else { return }
        start += 1
        if start > 64, start * 2 > rows.count { rows.removeFirst(start); start = 0 }
    }

    private func takesPart(_ arguments: [Value]) -> Bool {
        switch kind {
        case .listagg, .array_agg_ordered, .percentile_cont, .percentile_disc: !arguments[0].isNull   // these skip NULL values
        case .min_by, .max_by: arguments.count > 3 && !arguments[3].isNull   // rows without an ordering value take no part
        }
    }

    func result() throws -> Value {
        let order = Array(flags.dropFirst())
        let sorted = rows[start...].enumerated().sorted { left, right in
            for (i, flag) in order.enumerated() where i < left.element.keys.count {
                let descending = flag == UInt8(ascii: "d") || flag == UInt8(ascii: "D")
                let nullsFirst = flag == UInt8(ascii: "A") || flag == UInt8(ascii: "D")
                let (a, b) = (left.element.keys[i], right.element.keys[i])
                if a.isNull != b.isNull { return a.isNull == nullsFirst }
                let c = Self.compare(a, b)
                if c != 0 { return descending ? c > 0 : c < 0 }
            }
            return left.offset < right.offset
        }.map(\.element.value)
        let distinct = flags.first == UInt8(ascii: "D")
        var values = sorted
        if distinct {
            var seen = Set<Value>()
            values = sorted.filter { seen.insert($0).inserted }
        }
        switch kind {
        case .listagg:
            let separator = parameter.textValue ?? ""
            return .text(values.compactMap(\.textValue).joined(separator: separator))
        case .array_agg_ordered:
            // The values arrive as JSON texts (the renderer quotes them).
            return .text("[" + values.compactMap(\.textValue).joined(separator: ",") + "]")
        case .percentile_cont, .percentile_disc:
            guard let p = parameter.textValue.flatMap(Double.init), p >= 0, p <= 1 else {
                throw FunctionError("the percentile '\(parameter.textValue ?? "NULL")' is not a constant between 0.0 and 1.0")
            }
            guard !values.isEmpty else { return .null }
            if kind == .percentile_disc {
                // The first value whose cumulative distribution reaches p.
                let index = max(0, Int((p * Double(values.count)).rounded(.up)) - 1)
                return values[min(index, values.count - 1)]
            }
            let numbers = try values.map { value -> Double in
                guard let d = value.textValue.flatMap(Double.init) else {
                    throw FunctionError("PERCENTILE_CONT needs numbers; '\(value.textValue ?? "")' is not one")
                }
                return d
            }
            let position = p * Double(numbers.count - 1)
            let (low, high) = (Int(position.rounded(.down)), Int(position.rounded(.up)))
            if low == high { return Self.number(numbers[low], like: values[low]) }
            return .real(numbers[low] + (position - Double(low)) * (numbers[high] - numbers[low]))
        case .min_by, .max_by:
            // The renderer sorts MIN_BY's key ascending and MAX_BY's descending.
            if parameter.isNull { return sorted.first ?? .null }
            guard let n = parameter.integerValue, n >= 0, n <= 1000 else {
                throw FunctionError("\(kind == .max_by ? "MAX_BY" : "MIN_BY")'s count '\(parameter.textValue ?? "")' is not a constant from 0 to 1000")
            }
            return .text("[" + sorted.prefix(Int(n)).compactMap(\.textValue).joined(separator: ",") + "]")   // JSON texts
        }
    }

    private static func number(_ d: Double, like value: Value) -> Value {
        if case .integer = value { return value }
        return .real(d)
    }

    /// SQLite's ordering of values: numbers before text before blobs; text by bytes.
    static func compare(_ a: Value, _ b: Value) -> Int {
        func rank(_ v: Value) -> Int {
            switch v { case .null: 0; case .integer, .real: 1; case .text: 2; case .blob: 3 }
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case let (.integer(x), .integer(y)): return x < y ? -1 : x > y ? 1 : 0
        case let (.integer(x), .real(y)): return Double(x) < y ? -1 : Double(x) > y ? 1 : 0
        case let (.real(x), .integer(y)): return x < Double(y) ? -1 : x > Double(y) ? 1 : 0
        case let (.real(x), .real(y)): return x < y ? -1 : x > y ? 1 : 0
        case let (.text(x), .text(y)):
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : x == y ? 0 : 1
        case let (.blob(x), .blob(y)):
            return x.lexicographicallyPrecedes(y) ? -1 : x == y ? 0 : 1
        default: return 0
        }
    }
}
