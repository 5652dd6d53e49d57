import Foundation
import SQLite

/// Brings a warehouse file's catalog up to the schema this build knows, one migration per transaction.
struct Migrator {
    let connection: Connection
    let migrations: [Migration]
    let clock: any Clock

    /// The highest migration recorded in the file (0 for a new file).
    func currentVersion() throws -> Int {
        let exists = try connection.prepare(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_wh_migrations'").all()
        guard !exists.isEmpty else { return 0 }
        let rows = try connection.prepare("SELECT coalesce(max(version), 0) FROM _wh_migrations").all()
        if case .integer(let v) = rows.first?.first { return Int(v) }
        return 0
    }

    /// Applies every migration above the current version, in order. Returns the versions applied.
    @discardableResult
    func migrate() throws -> [Int] {
        let current = try currentVersion()
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) where migration.version > current {
            do {
                try connection.execute("BEGIN IMMEDIATE")
                try connection.execute(migration.sql)
                if migration.sql.contains("PRAGMA writable_schema = ON") {
                    // SQLite's rule after editing sqlite_master: bump the schema version, so every
                    // connection (this one included) reads the schema again.
                    let version = try connection.prepare("PRAGMA schema_version").all().first?.first?.integerValue ?? 0
                    try connection.execute("PRAGMA schema_version = \(version + 1)")
                }
                let insert = try connection.prepare(
                    "INSERT INTO _wh_migrations(version, name, applied_at) VALUES (?, ?, ?)")
                try insert.bind([.integer(Int64(migration.version)), .text(migration.name),
                                 .text(ISO8601DateFormatter().string(from: clock.now()))])
                try insert.step()
                try connection.execute("COMMIT")
                applied.append(migration.version)
            } catch {
                if !connection.isAutocommit { try? connection.execute("ROLLBACK") }
                let reason = (error as? SQLiteError)?.message ?? "\(error)"
                throw OpenError.migrationFailed(version: migration.version, name: migration.name, reason: reason)
            }
        }
        return applied
    }
}
