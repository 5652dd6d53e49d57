/// The outside world as the engine sees it: a clock and a file system.
public struct WarehouseEnvironment: Sendable {
    public var clock: any Clock
    public var fileSystem: any FileSystem

    public init(clock: any Clock, fileSystem: any FileSystem) {
        self.clock = clock
        self.fileSystem = fileSystem
    }
}
