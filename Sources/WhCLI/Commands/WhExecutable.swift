import Foundation

/// How to run this `wh` from a shell in the current directory: `wh` when that is what PATH finds,
/// else the binary's path (`.build/release/wh` from the repository), so printed commands work when pasted.
enum WhExecutable {
    static var invocation: String {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory) + "/wh").resolvingSymlinksInPath().path
            if candidate == me { return "wh" }
        }
        // The path it was started by (`.build/release/wh`) reads better than the resolved one.
        let given = CommandLine.arguments.first ?? ""
        let absolute = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
        let shown = given.contains("/") && URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path == me
            ? URL(fileURLWithPath: absolute).standardized.path : me
        let here = FileManager.default.currentDirectoryPath
        return shown.hasPrefix(here + "/") ? String(shown.dropFirst(here.count + 1)) : shown
    }

    /// A note for banners when `wh` is not on PATH.
    static var installNote: String? {
        invocation == "wh" ? nil : "(`wh` is not on your PATH; ./scripts/install puts it there)"
    }
}
