import ArgumentParser
import Dispatch
import Foundation
import Logging
import Warehouse
import WarehouseDaemon

struct DaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the ingest daemon: pipes load each new file of their stage exactly once; due tasks run.",
        discussion: """
            Runs in the foreground, one per warehouse (a second one names the process that holds the lock). \
            It watches the stage directories of AUTO_INGEST pipes with inotify, loads a file when its writer \
            closes it or it is renamed in (never half-written), rescans at start-up, and runs tasks when their \
            schedule is due, one at a time. Logs one line per file and per task run \
            to stderr. Ctrl-C or SIGTERM finishes the file in hand and exits 0. With --once it loads everything \
            pending and exits.
            """)

    @OptionGroup var warehouse: WarehouseOptions

    @Flag(help: "Load everything pending once, then exit.")
    var once = false

    @Option(help: "Seconds a file must stay unchanged before it is loaded without a close event.")
    var settle: Double = 1

    @Option(help: "Seconds between full rescans of the stages.")
    var poll: Double = 2

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    func run() throws {
        let lock: DaemonLock
        do { lock = try DaemonLock(warehousePath: warehouse.path) } catch {
            TextSink.standardError.write(ErrorReport.text(for: error, source: nil))
            throw ExitCode(1)
        }
        let opened = try warehouse.open()
        do { try CrashPoint.fromEnvironment()?.install(on: opened) } catch {
            TextSink.standardError.write(ErrorReport.text(for: error, source: nil))
            throw ExitCode(1)
        }
        var logger = Logger(label: "wh.daemon") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let daemon = IngestDaemon(warehouse: opened, logger: logger, options: IngestDaemon.Options(settle: settle, poll: poll))
        let stop = StopFlag()
        let signals = SignalWatch(stop: stop)
        defer { withExtendedLifetime((lock, signals)) {} }
        do {
            if once {
                let pass = try daemon.runOnce(stop: stop)
                if !pass.failures.isEmpty { throw ExitCode(1) }
            } else {
                try daemon.run(stop: stop)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            TextSink.standardError.write(ErrorReport.text(for: error, source: nil))
            throw ExitCode(1)
        }
    }
}

/// SIGINT and SIGTERM set the stop flag instead of killing the process, so the file in hand is
/// finished or rolled back first.
final class SignalWatch {
    private var sources: [DispatchSourceSignal] = []

    init(stop: StopFlag) {
        for signal in [SIGINT, SIGTERM] {
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler(handler: SignalWatch.handler(stop))
            source.resume()
            sources.append(source)
        }
    }

    private static func handler(_ stop: StopFlag) -> @Sendable () -> Void {
        { stop.stop() }
    }
}
