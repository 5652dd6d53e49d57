import Foundation
import Warehouse
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A crash test's request, from `WH_CRASH_AT_COMMIT=before:N` or `after:N`: the daemon kills itself
/// with SIGKILL as its Nth transaction starts to commit (nothing of it may survive) or just after
/// the Nth is committed (all of it must). Unset in normal use; docs/testing.md describes the test.
struct CrashPoint: Equatable {
    enum Moment: String { case before, after }
    let moment: Moment
    let commit: Int

    static let variable = "WH_CRASH_AT_COMMIT"

    /// The crash point the environment asks for; nil when unset. A malformed value is an error, not
    /// a run without the crash the test expects.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CrashPoint? {
        guard let text = environment[variable], !text.isEmpty else { return nil }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let moment = Moment(rawValue: parts[0]), let commit = Int(parts[1]), commit >= 1 else {
            throw CLIError(message: "\(variable)=\(text) is not a crash point", hint: "give before:N or after:N with N ≥ 1, or unset it")
        }
        return CrashPoint(moment: moment, commit: commit)
    }

    /// Counts the warehouse's commits and kills this process at the crash point.
    func install(on warehouse: Warehouse) {
        let counter = CommitCounter()
        let target = commit, moment = moment
        warehouse.observeCommits(before: {
            if counter.next() == target && moment == .before { kill(getpid(), SIGKILL) }
        }, after: {
            if counter.current == target && moment == .after { kill(getpid(), SIGKILL) }
        })
    }
}

/// The number of commits begun; used on the connection's one thread.
private final class CommitCounter {
    private(set) var current = 0
    func next() -> Int { current += 1; return current }
}
