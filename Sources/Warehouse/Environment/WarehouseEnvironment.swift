/// The outside world as the engine sees it: a clock and a file system (and, under `wh serve
/// --aws-credentials`, the AWS keys a stage's CREDENTIALS must name).
public struct WarehouseEnvironment: Sendable {
    public var clock: any Clock
    public var fileSystem: any FileSystem
    /// Access key id → secret; nil when none are configured (CREDENTIALS are then accepted with a notice).
    public var awsCredentials: [String: String]?

    /// This process's id, and whether a process is still running: a TEMPORARY table is kept under a
    /// name with its connection's process id, and one whose process is gone is dropped at the next
    /// open. The defaults (process 0, every process alive) never drop anything.
    public var processID: Int32 = 0
    public var processIsAlive: @Sendable (Int32) -> Bool = { _ in true }

    public init(clock: any Clock, fileSystem: any FileSystem) {
        self.clock = clock
        self.fileSystem = fileSystem
    }
}
