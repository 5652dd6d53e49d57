import Foundation

/// Where text goes: standard output, standard error or a file chosen with `.output`.
public final class TextSink: @unchecked Sendable {
    private let handle: FileHandle
    private let ownsHandle: Bool
    public let name: String

    init(handle: FileHandle, name: String, ownsHandle: Bool) {
        self.handle = handle
        self.name = name
        self.ownsHandle = ownsHandle
    }

    public static let standardOutput = TextSink(handle: .standardOutput, name: "stdout", ownsHandle: false)
    public static let standardError = TextSink(handle: .standardError, name: "stderr", ownsHandle: false)

    /// Opens `path` for writing, replacing what it held.
    static func file(_ path: String) throws -> TextSink {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw CLIError(message: "cannot write to '\(path)'", hint: "check that the directory exists and is writable")
        }
        return TextSink(handle: handle, name: path, ownsHandle: true)
    }

    public func write(_ text: String) {
        guard !text.isEmpty else { return }
        try? handle.write(contentsOf: Data(text.utf8))
    }

    func close() { if ownsHandle { try? handle.close() } }
}
