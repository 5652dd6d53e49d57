import ArgumentParser
import Dispatch
import Foundation
import Logging
import Warehouse
import WarehouseServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the warehouse over HTTP: the live dashboard, ingest into stages, the Truck Telemetry API, SQL, Kinesis and Firehose for boto3, health and metrics.",
        discussion: """
            Records posted to /v1/stages/{stage}/records are buffered per stage and written as one file when the \
            buffer reaches --buffer-bytes or --buffer-ms; a request is answered once its records are durable in a \
            stage file, which the stage's pipe loads exactly once. The ingest daemon runs in the same process unless \
            --no-daemon. Listens on 127.0.0.1 unless --host says otherwise; another host needs --token-file or --aws-credentials. SIGTERM \
            or Ctrl-C stops accepting requests, writes every buffer into its stage, finishes the load in hand and \
            exits 0. The dashboard is at /; docs/api.md lists the routes.
            """)

    @OptionGroup var warehouse: WarehouseOptions

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0 picks a free one).") var port = 8080
    @Option(help: ArgumentHelp("A file holding the bearer token clients must send.", valueName: "path")) var tokenFile: String?
    @Option(help: ArgumentHelp("An AWS credentials file (aws_access_key_id / aws_secret_access_key, as ~/.aws/credentials): AWS requests must be signed by one of its keys.",
                               valueName: "path")) var awsCredentials: String?
    @Flag(help: "Do not run the ingest daemon (pipes and tasks) in this process.") var noDaemon = false
    @Option(help: "A stage's buffer becomes a file at this many bytes.") var bufferBytes = 1 << 20
    @Option(help: "…or when its oldest record is this many milliseconds old.") var bufferMs = 200
    @Option(help: "The largest request body accepted, in bytes.") var maxBodyBytes = 8 << 20
    @Option(help: "Log format: text or json.") var logFormat = "text"
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"

    func validate() throws {
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format must be text or json") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard bufferBytes > 0, bufferMs > 0, maxBodyBytes > 0 else { throw ValidationError("buffer sizes and limits must be positive") }
    }

    func run() throws {
        var configuration = ServerConfiguration(warehousePath: warehouse.path)
        configuration.host = host
        configuration.port = port
        configuration.runDaemon = !noDaemon
        configuration.bufferBytes = bufferBytes
        configuration.bufferMilliseconds = bufferMs
        configuration.limits.bodyBytes = maxBodyBytes
        let json = logFormat == "json"
        var logger = Logger(label: "wh.serve") { label -> any LogHandler in json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        do {
            if let tokenFile {
                let token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !token.isEmpty else { throw ServeError("token file '\(tokenFile)' is empty", hint: "write a long random secret into it") }
                configuration.token = token
            }
            if let awsCredentials {
                let secrets: [String: String]
                do { secrets = try ServerConfiguration.awsCredentials(fromFile: awsCredentials) } catch {
                    throw ServeError("cannot read the AWS credentials file '\(awsCredentials)': \(error.localizedDescription)", hint: "check the path and its permissions")
                }
                guard !secrets.isEmpty else {
                    throw ServeError("the AWS credentials file '\(awsCredentials)' holds no key",
                                     hint: "write aws_access_key_id = … and aws_secret_access_key = … (as ~/.aws/credentials), or lines of KEY_ID SECRET")
                }
                configuration.awsCredentials = secrets
            }
            let server = try WarehouseServer(configuration: configuration, environment: .system, logger: logger)
            let path = configuration.warehousePath
            try BlockingTask.run {
                try await server.run { url in
                    TextSink.standardOutput.write("wh serve: listening on \(url) (warehouse \(path))\n")
                }
            }
        } catch let error as ServerStartError {
            TextSink.standardError.write("Error: \(error.message)\nHint: \(error.hint)\n")
            throw ExitCode(1)
        } catch let error as ServeError {
            TextSink.standardError.write("Error: \(error.message)\nHint: \(error.hint)\n")
            throw ExitCode(1)
        } catch let error as CocoaError {
            TextSink.standardError.write("Error: cannot read token file '\(tokenFile ?? "")': \(error.localizedDescription)\nHint: check the path and its permissions\n")
            throw ExitCode(1)
        } catch where "\(error)".contains("Address already in use") {
            TextSink.standardError.write("Error: port \(port) on \(host) is already in use\nHint: stop what listens there, or give another --port (--port 0 picks a free one)\n")
            throw ExitCode(1)
        } catch {
            TextSink.standardError.write(ErrorReport.text(for: error, source: nil))
            throw ExitCode(1)
        }
    }
}

struct ServeError: Error {
    let message: String
    let hint: String
    init(_ message: String, hint: String) { self.message = message; self.hint = hint }
}

/// Runs async work to its end from synchronous code (the command line's `run`).
enum BlockingTask {
    static func run(_ body: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = OutcomeBox()
        Task.detached {
            do { try await body() } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    private final class OutcomeBox: @unchecked Sendable {   // written before the semaphore, read after
        var error: Error?
    }
}
