/// The outside world as the engine sees it: a clock and a file system (and, under `wh serve
/// --aws-credentials`, the AWS keys a stage's CREDENTIALS must name).
public struct WarehouseEnvironment: Sendable {
    public var clock: any Clock
    public var fileSystem: any FileSystem
    /// Access key id → secret; nil when none are configured (CREDENTIALS are then accepted with a notice).
    public var awsCredentials: [String: String]?

    public init(clock: any Clock, fileSystem: any FileSystem) {
        self.clock = clock
        self.fileSystem = fileSystem
    }
}
