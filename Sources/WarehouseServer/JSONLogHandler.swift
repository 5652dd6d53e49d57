@preconcurrency import Glibc
import Foundation
import Logging
import Warehouse

/// swift-log's handler for `--log-format json`: one JSON object per line on standard error, with the
/// time, level, label, message and metadata (the request id among them).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    private static let lock = NSLock()

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var members = [
            ("time", JSONString.quoted(CanonicalTimestamp.format(Date()))), ("level", JSONString.quoted(event.level.rawValue)),
            ("label", JSONString.quoted(label)), ("message", JSONString.quoted(event.message.description)),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { members.append((key, JSONString.quoted(value.description))) }
        let line = "{" + members.map { JSONString.quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}\n"
        Self.lock.withLock { _ = line.withCString { fputs($0, stderr) } }
    }
}
