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

    /// Prints the figures: under --json one object of `json` (names with values already in JSON),
    /// else `text` as `label: value` lines with the values aligned.
    func report(json: KeyValuePairs<String, String>, text: KeyValuePairs<String, String>) {
        report(json: json.map { ($0.key, $0.value) }, text: text.map { ($0.key, $0.value) })
    }

    /// As above, for figures whose names are known only at run time.
    func report(json: [(String, String)], text: [(String, String)]) {
        if self.json {
            print("{" + json.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
        } else {
            let width = (text.map(\.0.count).max() ?? 0) + 2
            for (label, value) in text { print((label + ":").padding(toLength: width, withPad: " ", startingAt: 0) + value) }
        }
    }
}
