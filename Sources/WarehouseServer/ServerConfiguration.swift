import Logging

/// How `wh serve` runs.
public struct ServerConfiguration: Sendable {
    /// Request limits.
    public struct Limits: Sendable {
        /// The largest body accepted (413 above it).
        public var bodyBytes = 8 << 20
        /// The most records one ingest request may carry.
        public var recordsPerRequest = 100_000
        public init() {}
    }

    public var warehousePath: String
    public var host = "127.0.0.1"
    /// 0 picks a free port (the URL printed at start names it).
    public var port = 8080
    /// With a token, writes and SQL need `Authorization: Bearer <token>`; so do reads when the
    /// server listens beyond loopback.
    public var token: String?
    /// Access key id → secret (`--aws-credentials`): AWS requests must then carry a valid SigV4
    /// signature by one of these keys.
    public var awsCredentials: [String: String]?
    /// Runs the ingest daemon (pipes and tasks) in the server's process.
    public var runDaemon = true
    /// A stage's buffer becomes a file at this size…
    public var bufferBytes = 1 << 20
    /// …or when its oldest record is this old.
    public var bufferMilliseconds = 200
    public var limits = Limits()
    /// Read connections for GET requests.
    public var readers = 2
    /// Seconds between the daemon's full passes.
    public var daemonPoll: Double = 2

    public init(warehousePath: String) { self.warehousePath = warehousePath }

    /// The keys of an AWS credentials file (`--aws-credentials`): access key id → secret.
    public static func awsCredentials(fromFile path: String) throws -> [String: String] { try SigV4Verifier.secrets(fromFile: path) }

    /// True when `host` is reachable only from this machine.
    public var isLoopback: Bool { ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) || host.hasPrefix("127.") }
}

/// `wh serve` cannot start as asked.
public struct ServerStartError: Error, CustomStringConvertible {
    public let message: String
    public let hint: String
    public var description: String { message }

    static func tokenRequired(host: String) -> ServerStartError {
        ServerStartError(message: "refusing to listen on \(host) without a token: anyone who can reach it could write to the warehouse",
                         hint: "give --token-file PATH (a file holding a secret; clients send Authorization: Bearer <it>), --aws-credentials FILE (AWS clients sign with those keys), or listen on 127.0.0.1")
    }
}
