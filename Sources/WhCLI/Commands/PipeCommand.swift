import ArgumentParser
import Foundation
import Warehouse
import WarehouseDaemon

struct PipeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipe",
        abstract: "Pipes: how they are doing.",
        subcommands: [PipeStatusCommand.self])
}

struct PipeStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each pipe's state, one line per pipe, with a diagnosis when something is wrong.",
        discussion: """
            --json prints one JSON object keyed by pipe name, each value SYSTEM$PIPE_STATUS's object for that pipe. \
            Works while the daemon runs.
            """)

    @OptionGroup var warehouse: WarehouseOptions

    @Argument(help: "The pipe (default: every pipe).")
    var name: String?

    @Flag(help: "Print one JSON object: each pipe's name with Snowflake's status JSON.")
    var json = false

    func run() throws {
        let opened = try warehouse.open()
        do {
            let names = try name.map { [$0] } ?? opened.pipeNames()
            if names.isEmpty && !json { TextSink.standardOutput.write("No pipes. Create one with CREATE PIPE … AS COPY INTO ….\n") }
            let daemon = DaemonLock.holder(warehousePath: opened.path)
            let statuses = try names.map { try opened.pipeStatus($0) }
            let spaceLeft = opened.diskSpaceLeft()
            if json {
                let members = statuses.map { "  " + ResultJSON.string($0.name) + ": " + $0.json }
                TextSink.standardOutput.write(members.isEmpty ? "{}\n" : "{\n" + members.joined(separator: ",\n") + "\n}\n")
            } else {
                for status in statuses {
                    TextSink.standardOutput.write(PipeStatusText.line(status, daemon: daemon, now: Date(), spaceLeft: spaceLeft) + "\n")
                }
            }
        } catch {
            TextSink.standardError.write(ErrorReport.text(for: error, source: nil))
            throw ExitCode(1)
        }
    }
}

/// `wh pipe status` for people: the state, the counts, and one sentence saying what is wrong.
enum PipeStatusText {
    static func line(_ status: PipeStatus, daemon: Int32?, now: Date, spaceLeft: Int64? = nil) -> String {
        var parts = ["\(status.name): \(status.executionState)", "\(status.pendingFileCount) pending"]
        if let last = status.lastIngestedFilePath, let time = status.lastIngestedTimestamp { parts.append("last loaded \(last) at \(time)") }
        if status.failedFileCount > 0 { parts.append("\(status.failedFileCount) failed") }
        var line = parts.joined(separator: ", ")
        if let diagnosis = diagnosis(status, daemon: daemon, now: now, spaceLeft: spaceLeft) {
            line += "\n  → " + diagnosis
        } else if let daemon {
            line += "\n  → healthy: the daemon (process \(daemon)) loads new files as they arrive"
        }
        return line
    }

    /// One sentence for the first thing wrong, or nil when all is well.
    static func diagnosis(_ status: PipeStatus, daemon: Int32?, now: Date, spaceLeft: Int64? = nil) -> String? {
        // A full disk first: loads fail, and the pipe's own error note may not have been written.
        if let left = spaceLeft, left < 1 << 20, status.pendingFileCount > 0 || status.error != nil {
            return "the disk holding the warehouse is full (\(left / 1024) KB free): loads fail until space is freed; "
                + (daemon == nil ? "then run `wh daemon`" : "the daemon retries by itself") + ", and each file loads exactly once"
        }
        switch status.executionState {
        case "PAUSED":
            return "paused: files wait (\(status.pendingFileCount) now); resume with ALTER PIPE \(status.name) SET PIPE_EXECUTION_PAUSED = FALSE"
        case "STOPPED_MISSING_TABLE":
            return "stopped: \(status.error ?? "its table is gone"); create the table again and the pipe goes on by itself"
        case "STOPPED_STAGE_DIRECTORY_MISSING":
            return "stopped: \(status.error ?? "its stage's directory does not exist"); create the directory and the pipe goes on by itself"
        case "STOPPED_STAGE_DROPPED":
            return "stopped: \(status.error ?? "its stage is gone"); create the stage again, then CREATE OR REPLACE PIPE"
        case let state where state.hasPrefix("STALLED"):
            return "stalled: \(status.error ?? "its last run failed"); fix the cause and the daemon retries by itself"
        default: break
        }
        if daemon == nil && status.pendingFileCount > 0 {
            return "no daemon is running: \(status.pendingFileCount) file(s) wait; start one with `wh daemon` (or load them once with `wh daemon --once`)"
        }
        if status.pendingFileCount > 0, let oldest = status.oldestFileTimestamp, let date = isoDate(oldest), now.timeIntervalSince(date) > 60 {
            return "files are pending but the oldest (\(status.oldestPendingFilePath ?? "?")) has waited over a minute: is the daemon stuck? see its log"
        }
        if status.failedFileCount > 0 {
            return "\(status.failedFileCount) file(s) failed and are not retried (as in Snowpipe): see TABLE(VALIDATE(…)) or COPY_HISTORY, fix them and load with COPY INTO"
        }
        if !status.modifiedAfterLoad.isEmpty {
            return "\(status.modifiedAfterLoad.count) file(s) changed after the pipe loaded them (\(status.modifiedAfterLoad.prefix(3).joined(separator: ", "))); a pipe loads a path once: reload them with COPY INTO … FORCE = TRUE"
        }
        if daemon == nil { return "no daemon is running: new files will wait until `wh daemon` starts" }
        return nil
    }

    static func isoDate(_ text: String) -> Date? {
        CanonicalTimestamp.parse(String(text.dropLast()).replacingOccurrences(of: "T", with: " "))
    }
}
