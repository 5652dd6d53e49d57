import ArgumentParser
import Foundation

/// What every `wh bench` command takes: `--json`, and where it works.
struct BenchOptions: ParsableArguments {
    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    @Option(help: "Work in this directory and keep it (default: a temporary directory, removed afterwards).")
    var directory: String?

    /// Runs `body` in the working directory (with `subdirectories` made in it); a temporary one is
    /// removed afterwards, whatever `body` does.
    func inWorkingDirectory<T>(_ name: String, subdirectories: [String] = [], _ body: (String) throws -> T) throws -> T {
        let dir = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("wh-bench-\(name)-\(UUID().uuidString)").path
        for sub in [""] + subdirectories {
            try FileManager.default.createDirectory(atPath: sub.isEmpty ? dir : dir + "/" + sub, withIntermediateDirectories: true)
        }
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: dir) } }
        return try body(dir)
    }
}
