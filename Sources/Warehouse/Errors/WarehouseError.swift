/// An error the warehouse reports to people: what went wrong, naming the object, and what to do next.
public protocol WarehouseError: Error, CustomStringConvertible {
    /// What went wrong, naming the file, table or statement involved.
    var message: String { get }
    /// The next step to take.
    var hint: String? { get }
}

extension WarehouseError {
    public var description: String {
        guard let hint else { return message }
        return "\(message)\nHint: \(hint)"
    }
}
