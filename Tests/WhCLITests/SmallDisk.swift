import Foundation

/// A small tmpfs of its own, mounted for a test and unmounted after (needs root, as CI runs; where
/// mounting is not allowed the test says so and checks nothing).
final class SmallDisk {
    let path: String
    private(set) var mounted = false

    init(megabytes: Int) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("wh-disk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        mounted = Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path])
    }

    func grow(to megabytes: Int) -> Bool { Self.run("/bin/mount", ["-o", "remount,size=\(megabytes)m", path]) }

    deinit {
        if mounted { _ = Self.run("/bin/umount", [path]) }
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: tool) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
