import SQLite

extension Warehouse {
    /// The functions CHECK constraints of wh-created tables call to refuse values their declared
    /// Snowflake type cannot hold, with Snowflake's messages. SQLite's affinity has already turned
    /// numeric-looking text into numbers by then, so what is left as text here is not a number.
    func registerTypeCheckFunctions() throws {
        try connection.createFunction("wh_check_numeric", argumentCount: 1) { arguments in
            switch arguments[0] {
            case .null, .integer, .real: return .integer(1)
            case .text(let text): throw FunctionError("Numeric value '\(text)' is not recognized")
            case .blob: throw FunctionError("Numeric value '\(arguments[0].displayText ?? "")' is not recognized")
            }
        }
        try connection.createFunction("wh_check_boolean", argumentCount: 1) { arguments in
            switch arguments[0] {
            case .null, .integer, .real: return .integer(1)
            case .text(let text): throw FunctionError("Boolean value '\(text)' is not recognized")
            case .blob: throw FunctionError("Boolean value '\(arguments[0].displayText ?? "")' is not recognized")
            }
        }
    }
}
