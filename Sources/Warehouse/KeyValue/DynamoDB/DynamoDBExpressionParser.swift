/// Reads DynamoDB's expression syntax: conditions (with NOT > AND > OR), update clauses, projections.
struct DynamoDBExpressionParser {
    enum Token: Equatable { case word(String), name(String), value(String), number(Int), symbol(String) }

    private var tokens: [Token] = []
    private var index = 0
    private let placeholders: DynamoDBPlaceholders
    private let what: String

    init(_ text: String, placeholders: DynamoDBPlaceholders, what: String) throws {
        self.placeholders = placeholders
        self.what = what
        let chars = Array(text)
        var i = 0
        func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "#" || c == ":" {
                var j = i + 1
                while j < chars.count, isNameChar(chars[j]) { j += 1 }
                guard j > i + 1 else { throw Self.error(what, "a placeholder needs a name after \(c)") }
                let word = String(chars[i..<j])
                tokens.append(c == "#" ? .name(word) : .value(word))
                i = j
            } else if isNameChar(c) {
                var j = i
                while j < chars.count, isNameChar(chars[j]) { j += 1 }
                let word = String(chars[i..<j])
                tokens.append(word.allSatisfy(\.isNumber) ? .number(Int(word) ?? 0) : .word(word))
                i = j
            } else if i + 1 < chars.count, ["<=", ">=", "<>"].contains(String(chars[i...i + 1])) {
                tokens.append(.symbol(String(chars[i...i + 1])))
                i += 2
            } else if "=<>(),.[]+-".contains(c) {
                tokens.append(.symbol(String(c)))
                i += 1
            } else {
                throw Self.error(what, "unexpected \"\(c)\"")
            }
        }
    }

    static func error(_ what: String, _ reason: String) -> DynamoDBError {
        .validation("Invalid \(what): Syntax error; \(reason)")
    }

    var atEnd: Bool { index >= tokens.count }
    private var current: Token? { index < tokens.count ? tokens[index] : nil }

    private mutating func accept(_ symbol: String) -> Bool {
        if current == .symbol(symbol) { index += 1; return true }
        return false
    }

    private mutating func acceptWord(_ word: String) -> Bool {
        if case .word(let w)? = current, w.uppercased() == word { index += 1; return true }
        return false
    }

    private mutating func expect(_ symbol: String) throws {
        guard accept(symbol) else { throw Self.error(what, "expected \(symbol) \(describeCurrent())") }
    }

    private func describeCurrent() -> String {
        switch current {
        case nil: return "at the end"
        case .word(let w)?, .name(let w)?, .value(let w)?, .symbol(let w)?: return "near \"\(w)\""
        case .number(let n)?: return "near \"\(n)\""
        }
    }

    mutating func expectEnd() throws {
        guard atEnd else { throw Self.error(what, "token: \(describeCurrent())") }
    }

    // MARK: - Paths and operands

    mutating func path() throws -> DynamoDBPath {
        var steps: [DynamoDBPath.Step] = [.name(try pathName())]
        while true {
            if accept(".") { steps.append(.name(try pathName())) }
            else if accept("[") {
                guard case .number(let n)? = current else { throw Self.error(what, "a list index must be a number") }
                index += 1
                try expect("]")
                steps.append(.index(n))
            } else { return DynamoDBPath(steps: steps) }
        }
    }

    private mutating func pathName() throws -> String {
        switch current {
        case .name(let placeholder)?:
            index += 1
            guard let name = placeholders.names[placeholder] else {
                throw DynamoDBError.validation("Value provided in ExpressionAttributeNames unused in expressions or An expression attribute name used in the document path is not defined; attribute name: \(placeholder)")
            }
            return name
        case .word(let word)?:
            if Self.reserved.contains(word.uppercased()) {
                throw DynamoDBError.validation("Invalid \(what): Attribute name is a reserved keyword; reserved keyword: \(word)")
            }
            index += 1
            return word
        default: throw Self.error(what, "expected an attribute name \(describeCurrent())")
        }
    }

    /// A few of DynamoDB's 573 reserved words: those an attribute is most likely to be called.
    /// (Writing them needs a #placeholder, on AWS as here.)
    static let reserved: Set = ["AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "SIZE", "TIMESTAMP", "NAME",
                                "DATE", "TIME", "STATUS", "COUNT", "DATA", "KEY", "VALUE", "USER", "YEAR", "TYPE", "TABLE", "ORDER"]

    private mutating func valueOperand() throws -> AttributeValue {
        guard case .value(let placeholder)? = current else { throw Self.error(what, "expected a :value \(describeCurrent())") }
        index += 1
        guard let value = placeholders.values[placeholder] else {
            throw DynamoDBError.validation("Invalid \(what): An expression attribute value used in expression is not defined; attribute value: \(placeholder)")
        }
        return value
    }

    mutating func operand() throws -> DynamoDBOperand {
        if case .value? = current { return .value(try valueOperand()) }
        if case .word(let w)? = current, w.lowercased() == "size", index + 1 < tokens.count, tokens[index + 1] == .symbol("(") {
            index += 2
            let p = try path()
            try expect(")")
            return .size(p)
        }
        return .path(try path())
    }

    // MARK: - Conditions

    mutating func condition() throws -> DynamoDBCondition {
        var left = try conjunction()
        while acceptWord("OR") { left = .or(left, try conjunction()) }
        return left
    }

    private mutating func conjunction() throws -> DynamoDBCondition {
        var left = try negation()
        while acceptWord("AND") { left = .and(left, try negation()) }
        return left
    }

    private mutating func negation() throws -> DynamoDBCondition {
        if acceptWord("NOT") { return .not(try negation()) }
        return try primary()
    }

    private mutating func primary() throws -> DynamoDBCondition {
        if accept("(") {
            let inner = try condition()
            try expect(")")
            return inner
        }
        if case .word(let w)? = current, index + 1 < tokens.count, tokens[index + 1] == .symbol("("),
           ["attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains"].contains(w) {
            index += 2
            var arguments = [try operand()]
            while accept(",") { arguments.append(try operand()) }
            try expect(")")
            let expected = w.hasPrefix("attribute_") && w != "attribute_type" ? 1 : 2
            guard arguments.count == expected else { throw Self.error(what, "\(w) takes \(expected) operand(s)") }
            if w.hasPrefix("attribute_") || w == "begins_with" || w == "contains", case .path = arguments[0] {} else {
                throw Self.error(what, "the first operand of \(w) must be an attribute path")
            }
            return .function(w, arguments)
        }
        let left = try operand()
        if case .symbol(let op)? = current, ["=", "<>", "<", "<=", ">", ">="].contains(op) {
            index += 1
            return .compare(op, left, try operand())
        }
        if acceptWord("BETWEEN") {
            let low = try operand()
            guard acceptWord("AND") else { throw Self.error(what, "BETWEEN needs AND \(describeCurrent())") }
            return .between(left, low, try operand())
        }
        if acceptWord("IN") {
            try expect("(")
            var list = [try operand()]
            while accept(",") { list.append(try operand()) }
            try expect(")")
            return .isIn(left, list)
        }
        throw Self.error(what, "expected a comparison \(describeCurrent())")
    }

    // MARK: - Updates and projections

    mutating func update() throws -> DynamoDBUpdate {
        var update = DynamoDBUpdate()
        var seen: Set<String> = []
        while !atEnd {
            guard case .word(let w)? = current, ["SET", "REMOVE", "ADD", "DELETE"].contains(w.uppercased()) else {
                throw Self.error(what, "expected SET, REMOVE, ADD or DELETE \(describeCurrent())")
            }
            let clause = w.uppercased()
            guard seen.insert(clause).inserted else { throw Self.error(what, "The \"\(clause)\" section can only be used once in an update expression") }
            index += 1
            repeat {
                let p = try path()
                switch clause {
                case "SET":
                    try expect("=")
                    update.assignments.append((p, try setValue()))
                case "REMOVE": update.removals.append(p)
                case "ADD": update.additions.append((p, try valueOperand()))
                default: update.deletions.append((p, try valueOperand()))
                }
            } while accept(",")
        }
        guard !seen.isEmpty else { throw Self.error(what, "the update expression is empty") }
        return update
    }

    private mutating func setValue() throws -> DynamoDBUpdate.Value {
        let left = try setTerm()
        if accept("+") { return .plus(left, try setTerm()) }
        if accept("-") { return .minus(left, try setTerm()) }
        return left
    }

    private mutating func setTerm() throws -> DynamoDBUpdate.Value {
        if case .word(let w)? = current, index + 1 < tokens.count, tokens[index + 1] == .symbol("("), ["if_not_exists", "list_append"].contains(w) {
            index += 2
            if w == "if_not_exists" {
                let p = try path()
                try expect(",")
                let fallback = try setTerm()
                try expect(")")
                return .ifNotExists(p, fallback)
            }
            let a = try setTerm()
            try expect(",")
            let b = try setTerm()
            try expect(")")
            return .listAppend(a, b)
        }
        return .operand(try operand())
    }

    mutating func projection() throws -> [DynamoDBPath] {
        var paths = [try path()]
        while accept(",") { paths.append(try path()) }
        return paths
    }
}
