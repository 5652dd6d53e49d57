/// What kind of thing a path names.
public enum FileKind: Sendable, Equatable {
    case file
    case directory
    case other
}

/// The engine's only way to the file system, so tests can run it on a temp directory or a fake.
public protocol FileSystem: Sendable {
    /// What `path` is, or nil when nothing is there.
    func kind(of path: String) -> FileKind?
    /// True when the current process may write `path`.
    func isWritable(_ path: String) -> Bool
    /// The absolute, standardized form of `path` (relative paths are taken from the working directory).
    func absolutePath(_ path: String) -> String
}

extension FileSystem {
    /// The directory part of `path` ("." for a bare name).
    public func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}
