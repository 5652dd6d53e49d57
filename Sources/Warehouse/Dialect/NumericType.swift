/// Snowflake's precision and scale rules for fixed-point arithmetic ("Scale and precision in
/// arithmetic operations"), on NUMBER(p,s) types: L = p − s leading digits.
enum NumericType {
    /// The type of a numeric literal as written: `7` is NUMBER(1,0), `1.50` NUMBER(3,2); with an
    /// exponent it is a FLOAT.
    static func literal(_ text: String) -> SnowflakeType {
        if text.contains("e") || text.contains("E") { return SnowflakeType(kind: .float) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = parts.first.map { $0.drop(while: { $0 == "0" }).count } ?? 0
        let scale = parts.count > 1 ? parts[1].count : 0
        return number(leading: max(integer, scale == 0 ? 1 : 0), scale: scale)
    }

    /// The result type of `left op right` for + − * /; nil when an operand's type is not known. A
    /// FLOAT operand makes the result a FLOAT, as in Snowflake.
    static func arithmetic(_ op: String, _ left: SnowflakeType?, _ right: SnowflakeType?) -> SnowflakeType? {
        guard let left, let right, ["+", "-", "*", "/", "%"].contains(op) else { return nil }
        if left.kind == .float || right.kind == .float {
            return [.number, .float].contains(left.kind) && [.number, .float].contains(right.kind) ? SnowflakeType(kind: .float) : nil
        }
        guard left.kind == .number, right.kind == .number else { return nil }
        let (s1, s2) = (left.scale ?? 0, right.scale ?? 0)
        let (l1, l2) = ((left.precision ?? 38) - s1, (right.precision ?? 38) - s2)
        switch op {
        case "+", "-": return number(leading: max(l1, l2) + 1, scale: max(s1, s2))
        case "*": return number(leading: l1 + l2, scale: min(s1 + s2, max(s1, s2, 12)))
        case "%": return number(leading: min(l1, l2), scale: max(s1, s2))   // smaller than the divisor
        default: return number(leading: l1 + s2, scale: max(s1, min(s1 + 6, 12)))
        }
    }

    static func number(leading: Int, scale: Int) -> SnowflakeType {
        SnowflakeType(kind: .number, precision: min(38, leading + scale), scale: min(scale, 37))
    }

    /// The type that holds values of all `types` (the rows of a VALUES list, a UNION's branches):
    /// NUMBERs widen to the most leading digits and the largest scale; NUMBER with FLOAT is FLOAT;
    /// other kinds must agree. nil when a type is unknown or they do not.
    static func common(_ types: [SnowflakeType?]) -> SnowflakeType? {
        guard let first = types.first ?? nil else { return nil }
        var result = first
        for type in types.dropFirst() {
            guard let type else { return nil }
            switch (result.kind, type.kind) {
            case (.number, .number):
                let scale = max(result.scale ?? 0, type.scale ?? 0)
                let leading = max((result.precision ?? 38) - (result.scale ?? 0), (type.precision ?? 38) - (type.scale ?? 0))
                result = number(leading: leading, scale: scale)
            case (.number, .float), (.float, .number), (.float, .float): result = SnowflakeType(kind: .float)
            case (let a, let b) where a == b: continue
            default: return nil
            }
        }
        return result
    }
}
