import Foundation
import Warehouse

/// The sessions of Snowflake connector clients: each login gets its own connection to the warehouse
/// (its own transactions and session parameters), on its own serial worker, until it logs out or
/// stays idle past `idleLimit`.
actor ConnectorSessions {
    struct Session {
        let id: Int64
        let worker: WarehouseWorker
        var lastUsed: Date
        /// AUTOCOMMIT = FALSE (SQLAlchemy asks for it): each statement runs in the transaction the
        /// previous ones left open, until COMMIT or ROLLBACK, as in Snowflake; logout rolls it back.
        var autocommit = true
        /// The results of its recent queries, by query id (GET /queries/{id}/result).
        var results: [String: String] = [:]
        var resultOrder: [String] = []
    }

    private var sessions: [String: Session] = [:]
    private var nextID: Int64 = 1
    private let path: String
    private let environment: WarehouseEnvironment
    let idleLimit: TimeInterval = 4 * 3600

    init(path: String, environment: WarehouseEnvironment) {
        self.path = path
        self.environment = environment
    }

    /// A new session on its own connection, with what the login named as its current database,
    /// schema, warehouse, role and user: its token, master token and id.
    func open(_ objects: [String: String]) throws -> (token: String, master: String, session: Session) {
        expireIdle()
        let connection = try Warehouse(path: path, environment: environment)
        for (kind, name) in objects {
            // An unquoted-looking name resolves upper-cased, as Snowflake resolves identifiers.
            let plain = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }
            connection.setSessionObject(kind, to: plain ? name.uppercased() : name)
        }
        let session = Session(id: nextID, worker: WarehouseWorker(connection, label: "connector-\(nextID)"), lastUsed: Date())
        nextID += 1
        let token = "wh-session-" + UUID().uuidString, master = "wh-master-" + UUID().uuidString
        sessions[token] = session
        return (token, master, session)
    }

    func session(_ token: String) -> Session? {
        guard var session = sessions[token] else { return nil }
        session.lastUsed = Date()
        sessions[token] = session
        return session
    }

    func update(_ token: String, _ change: (inout Session) -> Void) {
        guard var session = sessions[token] else { return }
        change(&session)
        sessions[token] = session
    }

    /// Keeps a query's answer for GET /queries/{id}/result (the last 20 per session).
    func remember(_ token: String, queryID: String, answer: String) {
        update(token) { session in
            session.results[queryID] = answer
            session.resultOrder.append(queryID)
            if session.resultOrder.count > 20 { session.results[session.resultOrder.removeFirst()] = nil }
        }
    }

    func close(_ token: String) {
        if let session = sessions[token], !session.autocommit {
            Task { _ = try? await session.worker.run { try $0.execute("ROLLBACK") } }
        }
        sessions[token] = nil
    }

    private func expireIdle() {
        let now = Date()
        sessions = sessions.filter { now.timeIntervalSince($0.value.lastUsed) < idleLimit }
    }
}
