import Foundation

/// What kind of thing a path names.
public enum FileKind: Sendable, Equatable {
    case file
    case directory
    case other
}

/// A regular file found under a directory.
public struct FileEntry: Equatable, Sendable {
    /// The path relative to the directory listed, with `/` separators.
    public var relativePath: String
    public var size: Int64
    public var modified: Date

    public init(relativePath: String, size: Int64, modified: Date) {
        self.relativePath = relativePath
        self.size = size
        self.modified = modified
    }
}

/// The engine's only way to the file system, so tests can run it on a temp directory or a fake.
public protocol FileSystem: Sendable {
    /// What `path` is, or nil when nothing is there.
    func kind(of path: String) -> FileKind?
    /// True when the current process may write `path`.
    func isWritable(_ path: String) -> Bool
    /// The absolute, standardized form of `path` (relative paths are taken from the working directory).
    func absolutePath(_ path: String) -> String
    /// `path` with every symbolic link resolved.
    func resolvingSymlinks(_ path: String) -> String
    /// Every regular file below `directory`, sorted by relative path; hidden names are included.
    func files(under directory: String) throws -> [FileEntry]
    /// Size and modification time of a regular file, or nil.
    func entry(at path: String) -> FileEntry?
    func contents(of path: String) throws -> Data
    /// Opens a regular file for reading in pieces (COPY streams files instead of reading them whole).
    func openForReading(_ path: String) throws -> any ByteReader
    /// Writes `data` to `path` atomically (a temporary file, then a rename).
    func write(_ data: Data, to path: String) throws
    func removeItem(at path: String) throws
    /// Creates `path` and its missing parents.
    func createDirectory(at path: String) throws
    /// The bytes free for writing on the file system holding `path`; nil when unknown.
    func availableBytes(at path: String) -> Int64?
}

extension FileSystem {
    public func availableBytes(at path: String) -> Int64? { nil }
}

/// A source of bytes read in pieces, such as an open file.
public protocol ByteReader: AnyObject {
    /// Fills the start of `buffer` and returns how many bytes it wrote; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A file that cannot be read: the path and the system's reason.
public struct FileReadError: WarehouseError, Equatable {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var message: String { "cannot read '\(path)': \(reason)" }
    public var hint: String? { "check that the file exists and is readable" }
}

/// `path` cut at its last "/" byte: the directory (nil when there is no "/") and the name. By byte,
/// as the file system reads a path: "/" followed by a combining mark is one Character, which
/// `lastIndex(of: "/")` passes over.
public func splitAtLastSlash(_ path: String) -> (directory: String?, name: String) {
    let bytes = Array(path.utf8)
    guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return (nil, path) }
    return (String(decoding: bytes[..<slash], as: UTF8.self), String(decoding: bytes[(slash + 1)...], as: UTF8.self))
}

extension FileSystem {
    /// The directory part of `path` ("." for a bare name).
    public func parentDirectory(of path: String) -> String {
        guard let parent = splitAtLastSlash(path).directory else { return "." }
        return parent.isEmpty ? "/" : parent
    }
}
