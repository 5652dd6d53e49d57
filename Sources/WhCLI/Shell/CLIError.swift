import Warehouse

/// A mistake in how a command or meta-command was used.
struct CLIError: WarehouseError {
    var message: String
    var hint: String?
}
