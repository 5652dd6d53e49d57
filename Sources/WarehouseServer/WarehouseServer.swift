import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Warehouse
import WarehouseDaemon

/// `wh serve`: the HTTP doors of one warehouse — ingest into stages, the Truck Telemetry API, SQL
/// over HTTP, health and metrics — with the ingest daemon in the same process. One writer
/// connection (SQL statements, idempotency records), a pool of readers (GET requests), and the
/// daemon's own connection.
public final class WarehouseServer: Sendable {
    public let configuration: ServerConfiguration
    let environment: WarehouseEnvironment
    let logger: Logger
    let metrics = ServerMetrics()
    let writer: WarehouseWorker
    let readers: ReaderPool
    let buffers: StageBuffers
    /// The folder whose directories are the S3 buckets the server answers for.
    let bucketsDirectory: String

    public init(configuration: ServerConfiguration, environment: WarehouseEnvironment, logger: Logger) throws {
        if !configuration.isLoopback && configuration.token == nil && configuration.awsCredentials == nil {
            throw ServerStartError.tokenRequired(host: configuration.host)
        }
        self.configuration = configuration
        // Statements run by the server check a stage's CREDENTIALS against its AWS keys.
        var environment = environment
        environment.awsCredentials = configuration.awsCredentials
        self.environment = environment
        self.logger = logger
        // The writer opens first: it applies any migration before the readers open.
        let warehouse = try Warehouse(path: configuration.warehousePath, environment: environment)
        bucketsDirectory = warehouse.bucketsDirectory
        writer = WarehouseWorker(warehouse, label: "writer")
        readers = try ReaderPool(path: configuration.warehousePath, environment: environment, count: configuration.readers)
        buffers = StageBuffers(options: .init(bytes: configuration.bufferBytes, age: .milliseconds(configuration.bufferMilliseconds)),
                               metrics: metrics)
    }

    /// Every route, behind the token check, error answers, logging and metrics.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ServerMiddleware(token: configuration.token, reachableFromOtherHosts: !configuration.isLoopback, metrics: metrics,
                                                awsVerifier: configuration.awsCredentials.map(SigV4Verifier.init), bodyLimit: configuration.limits.bodyBytes))
        let ingest = IngestRoute(readers: readers, writer: writer, buffers: buffers, limits: configuration.limits)
        let statements = StatementsRoute(writer: writer, limits: configuration.limits)
        let reads = ReadRoutes(readers: readers)
        let operations = OperationsRoutes(readers: readers, metrics: metrics)
        router.post("/v1/stages/:stage/records", use: ingest.handle)
        router.post("/v1/statements", use: statements.handle)
        router.get("/v1/trucks", use: reads.trucks)
        router.get("/v1/trucks/:id", use: reads.truck)
        router.get("/v1/trucks/:id/history", use: reads.history)
        router.get("/v1/maintenance", use: reads.maintenance)
        router.get("/v1/products/top", use: reads.topProducts)
        router.get("/v1/pipes", use: reads.pipes)
        router.get("/v1/fuel-efficiency", use: reads.fuelEfficiency)
        router.get("/v1/health", use: reads.health)
        let connector = ConnectorRoute(sessions: ConnectorSessions(path: configuration.warehousePath, environment: environment), readers: readers,
                                       limits: configuration.limits, password: configuration.token, isLoopback: configuration.isLoopback)
        router.post("/session/v1/login-request", use: connector.login)
        router.post("/queries/v1/query-request", use: connector.query)
        router.post("/session", use: connector.logout)
        router.post("/session/heartbeat", use: connector.heartbeat)
        router.post("/queries/v1/abort-request", use: connector.abort)
        router.post("/queries/:id/abort-request", use: connector.abort)
        router.get("/queries/:id/result", use: connector.result)
        router.get("/monitoring/queries/:id", use: connector.status)
        let aws = AWSJSONRoute(readers: readers, writer: writer, buffers: buffers, limits: configuration.limits)
        router.post("/", use: aws.handle)
        let dashboard = DashboardRoute(readers: readers)
        let s3 = S3Route(buckets: bucketsDirectory)
        // GET / is the dashboard, or S3's ListBuckets when an AWS SDK signed it.
        router.get("/") { request, context in
            S3Route.isSignedByAnAWSSDK(request) ? try await s3.listBuckets(request, context: context) : try await dashboard.page(request, context: context)
        }
        for path in ["/:bucket", "/:bucket/**"] {
            router.put(RouterPath(path), use: s3.put)
            router.get(RouterPath(path), use: s3.get)
            router.head(RouterPath(path), use: s3.head)
            router.delete(RouterPath(path), use: s3.delete)
            router.post(RouterPath(path), use: s3.post)
        }
        router.get("/dashboard/live", use: dashboard.live)
        router.get("/healthz", use: operations.health)
        router.get("/readyz", use: operations.ready)
        router.get("/metrics", use: operations.metricsText)
        return router
    }

    /// The application serving `router()` at the configured address; `onListening` gets its URL.
    public func application(onListening: @escaping @Sendable (String) async -> Void = { _ in }) -> some ApplicationProtocol {
        let host = configuration.host
        return Application(router: router(), server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()])),
                           configuration: .init(address: .hostname(host, port: configuration.port), serverName: "wh"),
                           onServerRunning: { channel in
                               let port = channel.localAddress?.port ?? 0
                               await onListening("http://\(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host):\(port)")
                           },
                           logger: logger)
    }

    /// Serves until SIGTERM or SIGINT: then it stops accepting requests, answers those in hand,
    /// writes every buffer into its stage, lets the daemon finish the file it is loading, and returns.
    public func run(stopper: ServerStopper? = nil, onListening: @escaping @Sendable (String) async -> Void = { _ in }) async throws {
        var services: [any Service] = []
        var lock: DaemonLock?
        if configuration.runDaemon {
            lock = try DaemonLock(warehousePath: configuration.warehousePath)
            let daemon = IngestDaemon(warehouse: try Warehouse(path: configuration.warehousePath, environment: environment), logger: logger,
                                      options: .init(poll: configuration.daemonPoll))
            let metrics = self.metrics
            daemon.observer = { event in
                switch event {
                case .fileLoaded(let pipe, let failed): metrics.fileLoaded(pipe: pipe, failed: failed)
                case .taskRan(let task, let failed): metrics.taskRan(task: task, failed: failed)
                }
            }
            services.append(DaemonService(daemon: daemon))
        }
        services.append(BufferFlushService(buffers: buffers))
        services.append(application(onListening: onListening))
        // Services stop in reverse order: the HTTP server, then the buffers, then the daemon.
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        await stopper?.attach(group)
        try await group.run()
        withExtendedLifetime(lock) {}
    }
}

/// Writes every stage buffer out when the server stops.
struct BufferFlushService: Service {
    let buffers: StageBuffers

    func run() async throws {
        try? await gracefulShutdown()
        await buffers.flushAll()
    }
}

/// The ingest daemon on a thread of its own, stopped (after the file in hand) at shutdown.
struct DaemonService: Service, @unchecked Sendable {   // the daemon is used only by its thread
    let daemon: IngestDaemon

    func run() async throws {
        let stop = StopFlag()
        let daemon = self.daemon
        let finished: Task<Void, Error> = Task.detached {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                let thread = Thread {
                    continuation.resume(with: Result { try daemon.run(stop: stop) })
                }
                thread.name = "wh-daemon"
                thread.start()
            }
        }
        await withGracefulShutdownHandler {
            _ = try? await finished.value
        } onGracefulShutdown: {
            stop.stop()
        }
        try await finished.value
    }
}

/// Stops a running server as SIGTERM would, from code (`wh quickstart` when its files are done).
public actor ServerStopper {
    private var group: ServiceGroup?
    private var stopRequested = false

    public init() {}

    func attach(_ group: ServiceGroup) async {
        self.group = group
        if stopRequested { await group.triggerGracefulShutdown() }
    }

    public func stop() async {
        stopRequested = true
        await group?.triggerGracefulShutdown()
    }
}
