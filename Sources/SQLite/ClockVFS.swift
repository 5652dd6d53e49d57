import CSQLite
import Foundation

/// A VFS that is the default one except for its clock: SQLite's `'now'` (in `strftime`, `date`,
/// `datetime`, and so in a column's `DEFAULT (strftime(…, 'now'))`) reads the time a connection is
/// given instead of the system's. Files, locks and WAL are the default VFS's own methods, untouched.
final class ClockVFS: @unchecked Sendable {
    /// Milliseconds since 1970-01-01 UTC.
    typealias Clock = @Sendable () -> Int64

    let name: String
    private let vfs: UnsafeMutablePointer<sqlite3_vfs>
    private let namePointer: UnsafeMutablePointer<CChar>

    private static let lock = NSLock()
    nonisolated(unsafe) private static var clocks: [UnsafeMutableRawPointer: Clock] = [:]
    nonisolated(unsafe) private static var counter = 0

    init(clock: @escaping Clock) throws {
        guard let base = sqlite3_vfs_find(nil) else {
            throw SQLiteError(code: SQLITE_ERROR, message: "SQLite has no default VFS")
        }
        let number = Self.lock.withLock { Self.counter += 1; return Self.counter }
        name = "wh-clock-\(ProcessInfo.processInfo.processIdentifier)-\(number)"
        namePointer = strdup(name)
        vfs = .allocate(capacity: 1)
        vfs.initialize(to: base.pointee)
        vfs.pointee.zName = UnsafePointer(namePointer)
        vfs.pointee.pNext = nil
        vfs.pointee.xCurrentTimeInt64 = { vfs, out in
            guard let vfs, let out, let clock = ClockVFS.clock(for: UnsafeMutableRawPointer(vfs)) else { return SQLITE_ERROR }
            out.pointee = clock() + ClockVFS.julianEpochMilliseconds
            return SQLITE_OK
        }
        vfs.pointee.xCurrentTime = { vfs, out in
            guard let vfs, let out, let clock = ClockVFS.clock(for: UnsafeMutableRawPointer(vfs)) else { return SQLITE_ERROR }
            out.pointee = Double(clock() + ClockVFS.julianEpochMilliseconds) / 86_400_000
            return SQLITE_OK
        }
        Self.lock.withLock { Self.clocks[UnsafeMutableRawPointer(vfs)] = clock }
        let rc = sqlite3_vfs_register(vfs, 0)
        guard rc == SQLITE_OK else {
            Self.lock.withLock { _ = Self.clocks.removeValue(forKey: UnsafeMutableRawPointer(vfs)) }
            free(namePointer)
            vfs.deallocate()
            throw SQLiteError(code: rc, message: "cannot register the clock VFS: \(String(cString: sqlite3_errstr(rc)))")
        }
    }

    /// Unregisters the VFS; call only once no connection uses it.
    deinit {
        sqlite3_vfs_unregister(vfs)
        Self.lock.withLock { _ = Self.clocks.removeValue(forKey: UnsafeMutableRawPointer(vfs)) }
        free(namePointer)
        vfs.deallocate()
    }

    /// 1970-01-01 00:00 UTC as a Julian day number in milliseconds, the unit of xCurrentTimeInt64.
    static let julianEpochMilliseconds: Int64 = 210_866_760_000_000

    private static func clock(for vfs: UnsafeMutableRawPointer) -> Clock? {
        lock.withLock { clocks[vfs] }
    }
}
