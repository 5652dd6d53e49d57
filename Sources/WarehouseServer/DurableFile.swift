import Foundation
import Warehouse
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A file that appears whole or not at all: written as a hidden temporary beside its final name,
/// fsync'd, renamed in, and its folder fsync'd, so a pipe never reads half of it and it survives a
/// crash once committed. Stage buffers and S3 objects are written through it.
struct DurableFile {
    let path: String
    let temporary: String
    private let directory: String
    private let fd: Int32

    /// Opens the temporary file (making the folder when missing).
    init(path: String) throws {
        self.path = path
        let (parent, name) = splitAtLastSlash(path)
        directory = parent ?? "."
        temporary = directory + "/." + name + ".tmp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StagingError(path: temporary, call: "open") }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var written = 0
        while written < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw StagingError(path: temporary, call: "write") }
            written += n
        }
    }

    /// Makes the file durable under its name.
    func commit() throws {
        guard fsync(fd) == 0 else { let error = StagingError(path: temporary, call: "fsync"); abandon(); throw error }
        close(fd)
        guard rename(temporary, path) == 0 else { let error = StagingError(path: path, call: "rename"); unlink(temporary); throw error }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            defer { close(directoryFD) }
            guard fsync(directoryFD) == 0 else { throw StagingError(path: directory, call: "fsync") }
        }
    }

    /// Drops the temporary file (after a failure).
    func abandon() {
        close(fd)
        unlink(temporary)
    }

    /// Writes `data` to `path` durably, in one go.
    static func write(_ data: [UInt8], to path: String) throws {
        let file = try DurableFile(path: path)
        do {
            try data.withUnsafeBytes { try file.write($0) }
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }
}
