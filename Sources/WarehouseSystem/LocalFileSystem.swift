import Foundation
import Warehouse
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The machine's file system.
public struct LocalFileSystem: FileSystem {
    public init() {}

    public func kind(of path: String) -> FileKind? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        return isDirectory.boolValue ? .directory : .file
    }

    public func isWritable(_ path: String) -> Bool { FileManager.default.isWritableFile(atPath: path) }

    public func absolutePath(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    public func resolvingSymlinks(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// The regular files below `directory`, walked one directory at a time (symbolic links are
    /// neither followed nor listed). Foundation's enumerator and subpaths cut the directory off a
    /// path by Character, and gave a name starting with a combining mark (U+0301) as a whole path:
    /// such a file was never listed, so never loaded.
    public func files(under directory: String) throws -> [FileEntry] {
        var entries: [FileEntry] = []
        func walk(_ relative: String) {
            let here = relative.isEmpty ? directory : directory + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: here) else { return }
            for name in names {
                let child = relative.isEmpty ? name : relative + "/" + name
                let type = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + child))?[.type] as? FileAttributeType
                if type == .typeDirectory {
                    walk(child)
                } else if let entry = entry(at: directory + "/" + child) {
                    entries.append(FileEntry(relativePath: child, size: entry.size, modified: entry.modified))
                }
            }
        }
        walk("")
        return entries.sorted { $0.relativePath < $1.relativePath }
    }

    public func entry(at path: String) -> FileEntry? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
        return FileEntry(relativePath: splitAtLastSlash(path).name, size: size, modified: modified)
    }

    public func contents(of path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    public func openForReading(_ path: String) throws -> any ByteReader {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw FileReadError(path: path, reason: String(cString: strerror(errno))) }
        return DescriptorReader(fd: fd, path: path)
    }

    public func write(_ data: Data, to path: String) throws {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    public func removeItem(at path: String) throws { try FileManager.default.removeItem(atPath: path) }

    public func createDirectory(at path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func availableBytes(at path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}

extension WarehouseEnvironment {
    /// The local file system with `clock` (a `ManualClock` for `wh test` and the test suites).
    public static func local(clock: any Clock) -> WarehouseEnvironment {
        WarehouseEnvironment(clock: clock, fileSystem: LocalFileSystem())
    }

    /// The real clock and file system.
    public static var system: WarehouseEnvironment {
        var environment = local(clock: SystemClock())
        environment.processID = getpid()
        environment.processIsAlive = { pid in kill(pid, 0) == 0 || errno != ESRCH }
        return environment
    }
}

/// Reads an open file descriptor; closes it when released.
final class DescriptorReader: ByteReader {
    let fd: Int32
    let path: String

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw FileReadError(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
