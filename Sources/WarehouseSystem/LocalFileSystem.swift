import Foundation
import Warehouse

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
}

extension WarehouseEnvironment {
    /// The real clock and file system.
    public static var system: WarehouseEnvironment {
        WarehouseEnvironment(clock: SystemClock(), fileSystem: LocalFileSystem())
    }
}
