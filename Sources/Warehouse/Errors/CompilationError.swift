/// A statement Snowflake itself refuses when compiling it (not a feature wh lacks): the message
/// says what is wrong with it, the hint how to write it.
public struct CompilationError: WarehouseError, Equatable, Sendable {
    public var problem: String
    public var hint: String?
    public var message: String { "SQL compilation error: \(problem)" }
}
