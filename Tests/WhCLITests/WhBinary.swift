import Foundation

/// Runs the built `wh` binary (it sits beside the test bundle) and captures what it prints.
struct WhBinary {
    struct Output {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    static let path: String = {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // On Linux the tests run from <build>/whPackageTests.xctest; wh is in <build>.
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("wh").path
    }()

    /// Runs a shell command line (as a user pastes one) in `directory`, with the built `wh` first on PATH.
    static func shell(_ commandLine: String, in directory: String) throws -> Output {
        let bin = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try run(["-c", commandLine], in: directory, environment: ["PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")],
                       executable: "/bin/sh")
    }

    /// Runs `wh arguments…` in `directory` with `stdin` as its input (empty by default).
    static func run(_ arguments: [String], stdin: String = "", in directory: String,
                    environment: [String: String] = [:], executable: String = WhBinary.path) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["WH_DB"] = nil
        env["WH_HISTORY"] = directory + "/history"
        env["COLUMNS"] = "100"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                      status: process.terminationStatus)
    }

    /// Starts `wh arguments…` in `directory` without waiting, its output appended to `logFile`
    /// (created as needed): for the daemon, which tests stop or kill themselves.
    static func start(_ arguments: [String], in directory: String, logFile: String, environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if !FileManager.default.fileExists(atPath: logFile) { _ = FileManager.default.createFile(atPath: logFile, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        handle.seekToEndOfFile()
        process.standardError = handle
        process.standardOutput = handle
        try process.run()
        return process
    }
}
