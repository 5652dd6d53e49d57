import ArgumentParser
import Foundation

/// A program a bench runs and times from outside (a Python client, `wh sql`): its output's last line
/// is the figure it reports.
enum BenchProcess {
    /// Runs `executable` and returns its last output line as a number (seconds, rows…).
    static func figure(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let figure = Double(text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last ?? "") else {
            throw ValidationError("\(URL(fileURLWithPath: executable).lastPathComponent) failed:\n\(text.suffix(2000))")
        }
        return figure
    }

    /// The running `wh` binary's path.
    static var wh: String { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path }
}
