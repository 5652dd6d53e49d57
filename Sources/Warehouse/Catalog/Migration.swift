/// One numbered, append-only change to the warehouse's own catalog (a file in migrations/).
public struct Migration: Equatable, Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// The highest schema version this build knows.
    public static var latestVersion: Int { embedded.map(\.version).max() ?? 0 }
}
