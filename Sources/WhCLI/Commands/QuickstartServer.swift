import Foundation
import Logging
import Warehouse
import WarehouseServer

/// The quickstart's HTTP server: `wh serve`'s routes on 127.0.0.1 (the quickstart runs the daemon
/// itself), on the port asked for, or a free one when that is taken.
final class QuickstartServer: @unchecked Sendable {   // url is set once, before init returns
    private let stopper = ServerStopper()
    private var finished = DispatchSemaphore(value: 0)
    private(set) var url = ""

    init(db: String, port: Int) throws {
        var logger = Logger(label: "wh.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        for candidate in port == 0 ? [0] : [port, 0] {
            var configuration = ServerConfiguration(warehousePath: db)
            configuration.port = candidate
            configuration.runDaemon = false
            let server = try WarehouseServer(configuration: configuration, environment: .system, logger: logger)
            let listening = DispatchSemaphore(value: 0)
            let address = Address()
            let stopper = self.stopper, finished = DispatchSemaphore(value: 0)
            Task.detached {
                do {
                    try await server.run(stopper: stopper) { url in address.url = url; listening.signal() }
                } catch {
                    address.failure = error
                    listening.signal()
                }
                finished.signal()
            }
            listening.wait()
            if let url = address.url {
                self.url = url
                self.finished = finished
                return
            }
            if candidate == 0, let failure = address.failure { throw failure }
        }
    }

    /// Stops the server (as SIGTERM would) and waits for it, at most a few seconds.
    func stop() {
        let stopper = self.stopper
        Task.detached { await stopper.stop() }
        _ = finished.wait(timeout: .now() + 5)
    }

    private final class Address: @unchecked Sendable {   // written before the semaphore, read after
        var url: String?
        var failure: Error?
    }
}
