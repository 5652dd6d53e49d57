import Foundation
import Warehouse
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// One daemon per warehouse: an exclusive lock on `<warehouse>.daemon.lock`, which also holds the
/// daemon's process id. The kernel releases the lock when the process ends, however it ends.
public final class DaemonLock {
    let fd: Int32
    public let path: String

    /// The lock file of the warehouse at `warehousePath`.
    public static func path(for warehousePath: String) -> String { warehousePath + ".daemon.lock" }

    /// Takes the lock, or throws naming the process that holds it.
    public init(warehousePath: String) throws {
        path = Self.path(for: warehousePath)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DaemonError.cannotLock(path, String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.readPid(fd)
            close(fd)
            throw DaemonError.alreadyRunning(holder, warehousePath)
        }
        _ = ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// The process id of the daemon running on the warehouse at `warehousePath`, or nil when none is.
    public static func holder(warehousePath: String) -> Int32? {
        let fd = open(path(for: warehousePath), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return readPid(fd) ?? 0
    }

    private static func readPid(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Why the daemon cannot start or go on.
public enum DaemonError: WarehouseError, Equatable {
    case alreadyRunning(Int32?, String)
    case cannotLock(String, String)

    public var message: String {
        switch self {
        case .alreadyRunning(let pid, let warehouse):
            return "another wh daemon\(pid.map { " (process \($0))" } ?? "") is running on \(warehouse)"
        case .cannotLock(let path, let reason): return "cannot create the daemon's lock file '\(path)': \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .alreadyRunning(let pid, _):
            return "one daemon per warehouse runs every pipe; stop that one first\(pid.map { " (kill \($0))" } ?? "") or leave it running"
        case .cannotLock: return "the lock file lives beside the warehouse file: check that its directory is writable"
        }
    }
}
