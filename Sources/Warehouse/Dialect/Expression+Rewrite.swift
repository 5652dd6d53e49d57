extension Expression {
    /// The expression with column references replaced where `replacement` gives one. Subqueries are
    /// left alone: their names belong to their own scope.
    func replacingColumns(_ replacement: ([Identifier]) -> Expression?) -> Expression {
        func r(_ e: Expression) -> Expression { e.replacingColumns(replacement) }
        switch self {
        case .column(let parts): return replacement(parts) ?? self
        case .function(let name, let arguments, let distinct, let star):
            return .function(name: name, arguments: arguments.map(r), distinct: distinct, star: star)
        case .unary(let op, let operand): return .unary(op: op, r(operand))
        case .binary(let op, let left, let right): return .binary(op: op, r(left), r(right))
        case .cast(let value, let type, let isTry): return .cast(r(value), type, isTry: isTry)
        case .isNull(let value, let negated): return .isNull(r(value), negated: negated)
        case .between(let value, let low, let high, let negated): return .between(r(value), r(low), r(high), negated: negated)
        case .inList(let value, let items, let negated): return .inList(r(value), items.map(r), negated: negated)
        case .inQuery(let value, let query, let negated): return .inQuery(r(value), query, negated: negated)
        case .caseWhen(let operand, let branches, let otherwise):
            return .caseWhen(operand: operand.map(r), branches: branches.map { (r($0.0), r($0.1)) }, otherwise: otherwise.map(r))
        case .path(let base, let steps):
            return .path(r(base), steps.map { if case .index(let e) = $0 { return .index(r(e)) } else { return $0 } })
        case .window(let call, var window):
            window.partitionBy = window.partitionBy.map(r)
            window.orderBy = window.orderBy.map { OrderItem(expression: r($0.expression), descending: $0.descending, nullsFirst: $0.nullsFirst) }
            return .window(r(call), window)
        case .withinGroup(let call, let order):
            return .withinGroup(r(call), order.map { OrderItem(expression: r($0.expression), descending: $0.descending, nullsFirst: $0.nullsFirst) })
        case .null, .boolean, .number, .string, .subquery, .exists, .parameter: return self
        }
    }

    /// The expression with every subexpression `transform` answers for replaced by its answer,
    /// looking at outer expressions before inner ones (so `CAST(v:a AS FLOAT)` is seen whole).
    func rewritingTopDown(_ transform: (Expression) throws -> Expression?) rethrows -> Expression {
        if let replaced = try transform(self) { return replaced }
        func r(_ e: Expression) throws -> Expression { try e.rewritingTopDown(transform) }
        switch self {
        case .function(let name, let arguments, let distinct, let star):
            return .function(name: name, arguments: try arguments.map(r), distinct: distinct, star: star)
        case .unary(let op, let operand): return .unary(op: op, try r(operand))
        case .binary(let op, let left, let right): return .binary(op: op, try r(left), try r(right))
        case .cast(let value, let type, let isTry): return .cast(try r(value), type, isTry: isTry)
        case .isNull(let value, let negated): return .isNull(try r(value), negated: negated)
        case .between(let value, let low, let high, let negated): return .between(try r(value), try r(low), try r(high), negated: negated)
        case .inList(let value, let items, let negated): return .inList(try r(value), try items.map(r), negated: negated)
        case .caseWhen(let operand, let branches, let otherwise):
            return .caseWhen(operand: try operand.map(r), branches: try branches.map { (try r($0.0), try r($0.1)) },
                             otherwise: try otherwise.map(r))
        case .path(let base, let steps):
            return .path(try r(base), try steps.map { if case .index(let e) = $0 { return .index(try r(e)) } else { return $0 } })
        case .withinGroup(let call, let order):
            return .withinGroup(try r(call), try order.map { OrderItem(expression: try r($0.expression), descending: $0.descending, nullsFirst: $0.nullsFirst) })
        default: return self
        }
    }
}
