import CSQLite
import Foundation

/// A VFS that is the default one except for its clock: SQLite's `'now'` (in `strftime`, `date`,
/// `datetime`, and so in a column's `DEFAULT (strftime(…, 'now'))`) reads the time a connection is
/// given instead of the system's. Files, locks and WAL are the default VFS's own methods, untouched.
final class ClockVFS: @unchecked Sendable {
    /// Milliseconds since 1970-01-01 UTC.
    typealias Clock = @Sendable () -> Int64

    let name: String
    /// The VFS SQLite calls, followed in the same allocation by an unretained pointer to this object,
    /// which is how the clock callbacks (C functions that capture nothing) find their clock without
    /// a lock: SQLite asks for the time for every row a DEFAULT CURRENT_TIMESTAMP fills.
    private let vfs: UnsafeMutablePointer<sqlite3_vfs>
    private let memory: UnsafeMutableRawPointer
    private let namePointer: UnsafeMutablePointer<CChar>
    private let clock: Clock

    private static let lock = NSLock()
    nonisolated(unsafe) private static var counter = 0
    private static let ownerOffset = MemoryLayout<sqlite3_vfs>.stride

    init(clock: @escaping Clock) throws {
        guard let base = sqlite3_vfs_find(nil) else {
            throw SQLiteError(code: SQLITE_ERROR, message: "SQLite has no default VFS")
        }
        self.clock = clock
        let number = Self.lock.withLock { Self.counter += 1; return Self.counter }
        name = "wh-clock-\(ProcessInfo.processInfo.processIdentifier)-\(number)"
        namePointer = strdup(name)
        memory = .allocate(byteCount: Self.ownerOffset + MemoryLayout<UnsafeRawPointer>.stride,
                           alignment: max(MemoryLayout<sqlite3_vfs>.alignment, MemoryLayout<UnsafeRawPointer>.alignment))
        vfs = memory.bindMemory(to: sqlite3_vfs.self, capacity: 1)
        vfs.initialize(to: base.pointee)
        vfs.pointee.zName = UnsafePointer(namePointer)
        vfs.pointee.pNext = nil
        vfs.pointee.xCurrentTimeInt64 = { vfs, out in
            guard let vfs, let out else { return SQLITE_ERROR }
            out.pointee = ClockVFS.owner(of: vfs).clock() + ClockVFS.julianEpochMilliseconds
            return SQLITE_OK
        }
        vfs.pointee.xCurrentTime = { vfs, out in
            guard let vfs, let out else { return SQLITE_ERROR }
            out.pointee = Double(ClockVFS.owner(of: vfs).clock() + ClockVFS.julianEpochMilliseconds) / 86_400_000
            return SQLITE_OK
        }
        (memory + Self.ownerOffset).storeBytes(of: Unmanaged.passUnretained(self).toOpaque(), as: UnsafeMutableRawPointer.self)
        let rc = sqlite3_vfs_register(vfs, 0)
        guard rc == SQLITE_OK else {
            free(namePointer)
            memory.deallocate()
            throw SQLiteError(code: rc, message: "cannot register the clock VFS: \(String(cString: sqlite3_errstr(rc)))")
        }
    }

    /// Unregisters the VFS; the connection using it has closed by then (it holds this object).
    deinit {
        sqlite3_vfs_unregister(vfs)
        free(namePointer)
        memory.deallocate()
    }

    private static func owner(of vfs: UnsafeMutablePointer<sqlite3_vfs>) -> ClockVFS {
        let owner = (UnsafeMutableRawPointer(vfs) + ownerOffset).load(as: UnsafeMutableRawPointer.self)
        return Unmanaged<ClockVFS>.fromOpaque(owner).takeUnretainedValue()
    }

    /// 1970-01-01 00:00 UTC as a Julian day number in milliseconds, the unit of xCurrentTimeInt64.
    static let julianEpochMilliseconds: Int64 = 210_866_760_000_000
}
