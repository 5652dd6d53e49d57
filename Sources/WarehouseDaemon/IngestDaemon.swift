import Foundation
import Logging
import Warehouse

/// A flag another thread (a signal handler's queue) sets to stop the daemon.
public final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false

    public init() {}

    public func stop() { lock.lock(); stopped = true; lock.unlock() }

    public var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }
}

/// The ingest daemon: a loop around `Warehouse.ingestPending`, the same pass `wh daemon --once`
/// and the tests run. It watches the stage directories of AUTO_INGEST pipes with inotify (polling
/// where that is unavailable), loads a file as soon as its writer closes it or it is renamed in,
/// rescans at start-up, on a queue overflow and every `poll` seconds, and backs off from a pipe
/// that keeps failing until its cause is fixed.
public final class IngestDaemon: @unchecked Sendable {   // used by one thread at a time
    public struct Options: Sendable {
        /// A file nobody said was closed is loaded once it has not changed for this long.
        public var settle: TimeInterval = 1
        /// Seconds between full passes (new pipes, resumed pipes, files inotify cannot see).
        public var poll: TimeInterval = 2
        /// The longest wait before trying a failing pipe again.
        public var maximumBackoff: TimeInterval = 60
        public init(settle: TimeInterval = 1, poll: TimeInterval = 2, maximumBackoff: TimeInterval = 60) {
            self.settle = settle
            self.poll = poll
            self.maximumBackoff = maximumBackoff
        }
    }

    /// What the daemon did, for whoever counts it (`wh serve`'s metrics).
    public enum Event: Sendable {
        case fileLoaded(pipe: String, failed: Bool)
        case taskRan(task: String, failed: Bool)
    }

    let warehouse: Warehouse
    let logger: Logger
    let options: Options
    /// Told of every file loaded and every task run, on the daemon's thread.
    public var observer: (@Sendable (Event) -> Void)?
    private var failures: [String: (count: Int, retryAt: Date, state: String)] = [:]
    /// Passes that failed one after another (the back-off of the whole loop).
    private var passFailures = 0

    public init(warehouse: Warehouse, logger: Logger, options: Options = Options()) {
        self.warehouse = warehouse
        self.logger = logger
        self.options = options
    }

    /// One pass over every pipe, loading everything pending (`wh daemon --once`).
    @discardableResult
    public func runOnce(settle: TimeInterval = 0, ready: Set<String> = [], only: Set<String>? = nil,
                        stop: StopFlag = StopFlag()) throws -> IngestPass {
        var total = IngestPass()
        for name in try warehouse.pipeNames() {
            if stop.isStopped { break }
            if let failure = failures[name], failure.retryAt > Date() { continue }
            let pass = try warehouse.ingestPending(pipe: name, settle: settle, ready: ready, only: only, shouldStop: { stop.isStopped })
            report(pass, pipe: name)
            total.loads += pass.loads
            total.failures += pass.failures
            total.unsettled += pass.unsettled
        }
        if only == nil {
            for run in try warehouse.runDueTasks() { report(run) }
            // Housekeeping that fails (a full disk, a reader holding the WAL) is tried again next pass.
            housekeeping("pruning consumed changes") { try warehouse.pruneConsumedChanges() }
            housekeeping("checkpointing the WAL") { try warehouse.checkpoint() }
            housekeeping("deleting expired key-value items") {
                let expired = try warehouse.kvPurgeExpired()
                if expired > 0 { logger.info("expired items deleted", metadata: ["items": "\(expired)"]) }
            }
        }
        return total
    }

    private func housekeeping(_ what: String, _ body: () throws -> Void) {
        do { try body() } catch {
            logger.warning("\(what) failed; trying again on the next pass", metadata: ["error": "\(Warehouse.message(of: error))"])
        }
    }

    /// Runs until `stop` is set: the file in hand is finished (or rolled back), then it returns.
    /// An error of a pass (a full disk, an I/O error) is logged and the pass tried again with
    /// back-off; the daemon does not exit for it.
    public func run(stop: StopFlag) throws {
        let watcher = DirectoryWatcher()
        if watcher == nil { logger.warning("inotify is unavailable: polling the stage directories every \(options.poll) s") }
        logger.info("started", metadata: ["warehouse": "\(warehouse.path)", "pid": "\(getpid())"])
        var nextFullPass = Date.distantPast
        var ready = Set<String>()
        var rescan = true
        while !stop.isStopped {
            if let watcher {
                for directory in try warehouse.watchedDirectories() where !watcher.watchedDirectories.contains(directory) {
                    watcher.watch(tree: directory)
                    // A stage directory that does not exist yet is tried again on each turn; the
                    // periodic full pass reports the pipe as stopped meanwhile.
                    if watcher.watchedDirectories.contains(directory) { rescan = true }
                }
            }
            let now = Date()
            do {
                if rescan || now >= nextFullPass {
                    let pass = try runOnce(settle: options.settle, ready: ready, stop: stop)
                    ready.removeAll()
                    rescan = false
                    // Files left because they may still be being written are looked at again once settled.
                    nextFullPass = now.addingTimeInterval(pass.unsettled > 0 ? min(options.settle, options.poll) : options.poll)
                } else if !ready.isEmpty {
                    // Just the files closed or renamed in: no listing of the stages.
                    _ = try runOnce(settle: options.settle, ready: ready, only: ready, stop: stop)
                    ready.removeAll()
                }
                for run in try warehouse.runDueTasks() { report(run) }
                passFailures = 0
            } catch {
                passFailures += 1
                let wait = min(options.maximumBackoff, options.poll * pow(2, Double(passFailures - 1)))
                logger.error("the pass failed; trying again", metadata: ["error": "\(Warehouse.message(of: error))", "retry_in_s": "\(Int(wait))"])
                nextFullPass = now.addingTimeInterval(wait)
                rescan = false
                Thread.sleep(forTimeInterval: min(wait, 0.25))
                continue
            }
            // Wake for the next task on time: a task due every second would otherwise wait up to
            // a quarter of one more. (At least 10 ms: a triggered task whose WHEN does not hold
            // stays due.)
            let taskDue = try warehouse.nextTaskDue()?.timeIntervalSinceNow ?? 0.25
            let timeout = max(0, min(nextFullPass.timeIntervalSinceNow, 0.25, max(0.01, taskDue)))
            guard let watcher else {
                Thread.sleep(forTimeInterval: timeout)
                continue
            }
            var events = watcher.wait(timeout: timeout)
            if events.contains(where: { if case .ready(_, renamed: false) = $0 { return true } else { return false } }) {
                // A writer that closes a file and at once opens it again (create, then write) shows
                // itself within a moment: look once more before calling a closed file whole. A file
                // renamed in is whole already.
                events += watcher.wait(timeout: 0.001)
            }
            for event in events {
                switch event {
                case .ready(let path, _):
                    ready.insert(path)
                    try warehouse.notePipeEvent(path: path)
                case .modified(let path):
                    ready.remove(path)
                case .overflow:
                    logger.notice("rescanning the stage directories (events were lost or a directory appeared)")
                    rescan = true
                }
            }
        }
        logger.info("stopped")
    }

    private func report(_ run: TaskRun) {
        if run.state.isFailure || run.state == .succeeded { observer?(.taskRan(task: run.task, failed: run.state.isFailure)) }
        let metadata: Logger.Metadata = ["task": "\(run.task)", "state": "\(run.state.rawValue)"]
        if run.state.isFailure {
            logger.error("task failed", metadata: metadata.merging(["error": "\(run.error ?? "")"]) { $1 })
        } else if run.state == .succeeded {
            logger.info("task ran", metadata: metadata)
        }
    }

    private func report(_ pass: IngestPass, pipe: String) {
        for load in pass.loads {
            observer?(.fileLoaded(pipe: load.pipe, failed: load.status == .loadFailed))
            var metadata: Logger.Metadata = ["pipe": "\(load.pipe)", "file": "\(load.file)", "rows": "\(load.rowsLoaded)",
                                             "ms": "\(String(format: "%.1f", load.milliseconds))"]
            switch load.status {
            case .loaded:
                logger.info("loaded", metadata: metadata)
            case .partiallyLoaded, .loadFailed:
                metadata["status"] = "\(load.status.rawValue)"
                metadata["error"] = "\(load.error ?? "")"
                logger.warning(load.status == .loadFailed ? "failed: not loaded" : "loaded with errors", metadata: metadata)
            }
        }
        if let failure = pass.failures.first {
            let previous = failures[pipe]
            let count = (previous?.count ?? 0) + 1
            let wait = min(options.maximumBackoff, options.poll * pow(2, Double(count - 1)))
            failures[pipe] = (count, Date().addingTimeInterval(wait), failure.state)
            if previous?.state != failure.state {
                logger.error("pipe cannot run", metadata: ["pipe": "\(pipe)", "state": "\(failure.state)", "error": "\(failure.error)",
                                                            "retry": "backing off up to \(Int(options.maximumBackoff)) s"])
            }
        } else if failures.removeValue(forKey: pipe) != nil {
            logger.notice("pipe recovered", metadata: ["pipe": "\(pipe)"])
        }
    }
}
