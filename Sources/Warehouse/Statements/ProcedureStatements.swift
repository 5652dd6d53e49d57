/// CREATE [OR REPLACE] PROCEDURE name(arg TYPE [DEFAULT expr], …) RETURNS type LANGUAGE SQL AS $$ … $$.
public struct CreateProcedureStatement: Equatable, Sendable {
    public struct Argument: Equatable, Sendable {
        public var name: String
        public var type: String
        public var defaultValue: String?
    }

    public var orReplace = false
    public var ifNotExists = false
    public var name: Identifier
    public var arguments: [Argument] = []
    public var returns = "VARCHAR"
    public var comment: String?
    public var body: String
}

extension CreateProcedureStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { try parser.createProcedure() }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.createProcedure(self) }
}

/// CALL name(args), each argument by position or by name (`name => value`).
public struct CallStatement: Equatable, Sendable {
    public var name: Identifier
    public var arguments: [Expression]
    /// The name given to each argument (nil where it is positional).
    public var argumentNames: [String?] = []
}

extension CallStatement: OwnedStatement {
    static func parse(_ parser: inout Parser) throws -> Self? { parser.isWord("CALL") ? try parser.call() : nil }
    var traits: StatementTraits { .keepsKeyValueTables }
    func run(on warehouse: Warehouse, in scope: StatementScope) throws -> ResultSet { try warehouse.call(self) }
}

extension Parser {
    mutating func createProcedure() throws -> CreateProcedureStatement? {
        guard let (orReplace, ifNotExists) = createHeader("PROCEDURE", modifiers: ["SECURE"]) else { return nil }
        let name = try objectName()
        var arguments: [CreateProcedureStatement.Argument] = []
        try expectSymbol("(")
        while !isSymbol(")") {
            let argument = try identifier().name
            let start = index
            while let token = current, !token.isSymbol(","), !token.isSymbol(")"), !token.isWord("DEFAULT") {
                if token.isSymbol("(") { while let t = current, !t.isSymbol(")") { index += 1 } }
                index += 1
            }
            let type = text(from: start)
            var defaultValue: String?
            if accept("DEFAULT") {
                let valueStart = index
                while let token = current, !token.isSymbol(","), !token.isSymbol(")") { index += 1 }
                defaultValue = text(from: valueStart)
            }
            arguments.append(.init(name: argument.uppercased(), type: type, defaultValue: defaultValue))
            _ = acceptSymbol(",")
        }
        try expectSymbol(")")
        var statement = CreateProcedureStatement(orReplace: orReplace, ifNotExists: ifNotExists, name: name, arguments: arguments, body: "")
        var body: String?
        while !atEnd {
            if accept("RETURNS") {
                let start = index
                while let token = current, !token.isWord("LANGUAGE"), !token.isWord("AS"), !token.isWord("EXECUTE"),
                      !token.isWord("COMMENT"), !token.isWord("STRICT"), !token.isWord("CALLED") { index += 1 }
                statement.returns = text(from: start)
            } else if accept("LANGUAGE") {
                let language = try identifier().name
                guard language == "SQL" else {
                    throw SyntaxError(message: "LANGUAGE \(language) is not supported by wh", location: end,
                                      hint: "write the procedure in Snowflake Scripting: LANGUAGE SQL")
                }
            } else if accept("EXECUTE") {
                try expect("AS")
                _ = try identifier()
            } else if accept("COMMENT") {
                try expectSymbol("=")
                statement.comment = try stringLiteral()
            } else if accept("AS") {
                body = try stringLiteral()
            } else if accept("STRICT") || accept(words: "CALLED", "ON", "NULL", "INPUT") || accept(words: "RETURNS", "NULL", "ON", "NULL", "INPUT") {
                continue
            } else {
                throw unexpected(expecting: "RETURNS, LANGUAGE, COMMENT or AS $$ … $$")
            }
        }
        guard let body else { throw unexpected(expecting: "AS $$ … $$") }
        statement.body = body
        return statement
    }

    mutating func call() throws -> CallStatement {
        try expect("CALL")
        let name = try objectName()
        try expectSymbol("(")
        var arguments: [Expression] = []
        var names: [String?] = []
        if !isSymbol(")") {
            repeat {
                if isSymbol("=>", ahead: 1) {
                    names.append(try identifier().name)
                    index += 1
                } else {
                    names.append(nil)
                }
                arguments.append(try expression())
            } while acceptSymbol(",")
        }
        try expectSymbol(")")
        try expectEnd()
        return CallStatement(name: name, arguments: arguments, argumentNames: names)
    }
}
