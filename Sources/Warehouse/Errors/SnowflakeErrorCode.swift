/// The error code and SQL state Snowflake gives for an error like this one, for clients that read
/// them (the connector's `ProgrammingError.errno` and `.sqlstate`, the SQL API's `code`). Classified
/// by wh's message, which uses Snowflake's words for these cases.
public struct SnowflakeErrorCode: Equatable, Sendable {
    public var code: String
    public var sqlState: String

    public static func of(_ message: String) -> SnowflakeErrorCode {
        let cases: [(String, String, String)] = [
            ("does not exist or not authorized", "002003", "42S02"),
            ("syntax error", "001003", "42000"),
            ("invalid identifier", "000904", "42000"),
            ("Division by zero", "100051", "22012"),
            ("NULL result in a non-nullable column", "100072", "22000"),
            ("is not recognized", "100038", "22018"),
            ("already exists", "002002", "42710"),
            ("Unknown function", "002140", "42601"),
            ("is not supported by wh", "000002", "0A000"),
        ]
        for (words, code, state) in cases where message.contains(words) { return SnowflakeErrorCode(code: code, sqlState: state) }
        return SnowflakeErrorCode(code: "100000", sqlState: "XX000")
    }
}
