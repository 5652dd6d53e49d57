/// An expression of Snowflake SQL, as parsed.
public indirect enum Expression: Equatable, Sendable {
    case null
    case boolean(Bool)
    case number(String)
    case string(String)
    /// A column reference, possibly qualified: `t.col`.
    case column([Identifier])
    /// `fn(args)`, with `DISTINCT` and `*` for aggregates.
    case function(name: String, arguments: [Expression], distinct: Bool, star: Bool)
    case unary(op: String, Expression)
    case binary(op: String, Expression, Expression)
    /// `expr::TYPE` and `CAST(expr AS TYPE)`; `TRY_CAST` has `isTry`.
    case cast(Expression, SnowflakeType, isTry: Bool)
    case isNull(Expression, negated: Bool)
    case between(Expression, Expression, Expression, negated: Bool)
    case inList(Expression, [Expression], negated: Bool)
    /// `CASE [operand] WHEN … THEN … [ELSE …] END`.
    case caseWhen(operand: Expression?, branches: [(Expression, Expression)], otherwise: Expression?)
    /// `(SELECT …)` as a value.
    case subquery(QueryStatement)
    case exists(QueryStatement)
    case inQuery(Expression, QueryStatement, negated: Bool)
    /// `v:a.b[0]`, `v['key']`, `v[0]`: a VARIANT path (keys are case-sensitive).
    case path(Expression, [PathStep])
    /// A function call with `OVER (…)`.
    case window(Expression, WindowSpecification)
    /// An aggregate with `WITHIN GROUP (ORDER BY …)`: LISTAGG, ARRAY_AGG, PERCENTILE_CONT/DISC.
    case withinGroup(Expression, [OrderItem])
    /// `?n`: a value bound when the statement runs (COPY binds each record's values this way).
    case parameter(Int)

    public static func == (lhs: Expression, rhs: Expression) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.boolean(a), .boolean(b)): return a == b
        case let (.number(a), .number(b)), let (.string(a), .string(b)): return a == b
        case let (.column(a), .column(b)): return a == b
        case let (.function(n1, a1, d1, s1), .function(n2, a2, d2, s2)): return n1 == n2 && a1 == a2 && d1 == d2 && s1 == s2
        case let (.unary(o1, e1), .unary(o2, e2)): return o1 == o2 && e1 == e2
        case let (.binary(o1, l1, r1), .binary(o2, l2, r2)): return o1 == o2 && l1 == l2 && r1 == r2
        case let (.cast(e1, t1, i1), .cast(e2, t2, i2)): return e1 == e2 && t1 == t2 && i1 == i2
        case let (.isNull(e1, n1), .isNull(e2, n2)): return e1 == e2 && n1 == n2
        case let (.between(a1, b1, c1, n1), .between(a2, b2, c2, n2)): return a1 == a2 && b1 == b2 && c1 == c2 && n1 == n2
        case let (.inList(e1, l1, n1), .inList(e2, l2, n2)): return e1 == e2 && l1 == l2 && n1 == n2
        case let (.caseWhen(o1, b1, e1), .caseWhen(o2, b2, e2)):
            return o1 == o2 && e1 == e2 && b1.count == b2.count && zip(b1, b2).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.subquery(a), .subquery(b)), let (.exists(a), .exists(b)): return a == b
        case let (.inQuery(e1, q1, n1), .inQuery(e2, q2, n2)): return e1 == e2 && q1 == q2 && n1 == n2
        case let (.window(e1, w1), .window(e2, w2)): return e1 == e2 && w1 == w2
        case let (.path(e1, p1), .path(e2, p2)): return e1 == e2 && p1 == p2
        case let (.withinGroup(e1, o1), .withinGroup(e2, o2)): return e1 == e2 && o1 == o2
        case let (.parameter(a), .parameter(b)): return a == b
        default: return false
        }
    }
}

/// One step of a VARIANT path.
public indirect enum PathStep: Equatable, Sendable {
    case key(String)
    case index(Expression)
}
