import Dispatch
import Foundation
import Warehouse

/// One warehouse connection with a thread of its own. A `Warehouse` is used by one thread at a time
/// and its calls block, so handlers never call it on the server's event loops: they hand it work
/// here and await the answer.
final class WarehouseWorker: @unchecked Sendable {   // the warehouse is touched only on `queue`
    private let warehouse: Warehouse
    private let queue: DispatchQueue
    /// Cancels the statement running on this connection, from any thread.
    let canceller: StatementCanceller

    init(_ warehouse: Warehouse, label: String) {
        self.warehouse = warehouse
        self.canceller = warehouse.canceller
        self.queue = DispatchQueue(label: "wh.\(label)")
    }

    /// Runs `body` with the warehouse on this worker's thread.
    func run<T: Sendable>(_ body: @escaping @Sendable (Warehouse) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(self.warehouse) }) }
        }
    }
}

/// Connections that serve GET requests. The warehouse is in WAL mode, so a reader sees the last
/// committed state (never half of a file's load) and never waits for the writer.
final class ReaderPool: Sendable {
    private let workers: [WarehouseWorker]
    private let next = LockedCounter()

    init(path: String, environment: WarehouseEnvironment, count: Int) throws {
        workers = try (0..<max(1, count)).map { WarehouseWorker(try Warehouse(path: path, environment: environment), label: "reader-\($0)") }
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (Warehouse) throws -> T) async throws -> T {
        try await workers[next.increment() % workers.count].run(body)
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
}
