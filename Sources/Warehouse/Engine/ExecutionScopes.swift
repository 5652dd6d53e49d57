import Foundation

/// What one transaction does that takes effect only when it commits. A statement run outside any
/// transaction has one of its own; BEGIN … COMMIT, a CALL and a task run share one among their
/// statements. It is thrown away, with everything in it, when the transaction ends.
final class TransactionScope {
    /// The change each stream read in this transaction goes up to: every read of a stream in one
    /// transaction sees the same changes, as in Snowflake.
    var pinnedStreams: [String: Int64] = [:]
    /// Streams the transaction's DML consumed, with the change each was read up to; their offsets
    /// move when the transaction commits.
    var consumedStreams: [String: Int64] = [:]
}

/// What one statement works with from its start to its end: its time, the streams it read, the
/// temporary tables its stage queries made, the files its COPY … PURGE loaded. Made by
/// `Warehouse.withStatementScope`, which alone commits or discards it.
final class StatementScope {
    /// When the statement started: CURRENT_TIMESTAMP's value for all of it.
    let startedAt: Date
    /// `startedAt` as canonical TIMESTAMP_NTZ text, formatted once: a COPY's LOAD_TIMESTAMP default
    /// asks for it on every row.
    let startedAtText: String
    /// `startedAt` in whole milliseconds since 1970, as SQLite's clock gives it.
    let startedAtMilliseconds: Int64
    /// The transaction the statement is part of.
    let transaction: TransactionScope
    /// True when the statement runs outside any transaction and so is a transaction of its own.
    let ownsTransaction: Bool
    /// Streams the statement read, with the change it read each up to.
    var streamsRead: [String: Int64] = [:]
    /// Temporary tables holding the staged records the statement queries.
    var stageQueryTables: [String] = []
    /// Files COPY … PURGE = TRUE loaded, removed once the statement has committed.
    var loadedFilesToPurge: [String] = []

    init(startedAt: Date, transaction: TransactionScope, ownsTransaction: Bool) {
        self.startedAt = startedAt
        self.startedAtText = CanonicalTimestamp.format(startedAt)
        self.startedAtMilliseconds = Int64((startedAt.timeIntervalSince1970 * 1000).rounded())
        self.transaction = transaction
        self.ownsTransaction = ownsTransaction
    }

    /// The statement succeeded as DML: the streams it read are consumed by its transaction.
    func consumeStreamsRead() {
        for (name, upTo) in streamsRead {
            transaction.consumedStreams[name] = max(transaction.consumedStreams[name] ?? 0, upTo)
        }
    }
}

/// The scopes open on one connection: the statements running (a CALL's statements run inside the
/// CALL) and the transaction the user or a task opened. Each `Warehouse` has its own; SYSDATE()
/// reads the innermost statement's time from SQLite's callbacks, hence the lock.
final class OpenScopes: @unchecked Sendable {
    private let lock = NSLock()
    private var statements: [StatementScope] = []
    private var open: TransactionScope?

    /// The statement running innermost, if any.
    var innermost: StatementScope? { lock.withLock { statements.last } }

    /// The innermost running statement's start time in milliseconds since 1970 (SQLite's 'now').
    var statementMilliseconds: Int64? { lock.withLock { statements.last?.startedAtMilliseconds } }

    /// The innermost running statement's start time, as canonical TIMESTAMP_NTZ text.
    var statementTimeText: String? { lock.withLock { statements.last?.startedAtText } }

    /// The transaction opened by BEGIN (or a task run) and not yet ended; made on first use.
    func openTransaction() -> TransactionScope {
        lock.withLock {
            if let open { return open }
            let made = TransactionScope()
            open = made
            return made
        }
    }

    func push(_ scope: StatementScope) { lock.withLock { statements.append(scope) } }

    /// Ends the innermost statement; when it was the outermost and no transaction is left open on
    /// the connection, the open transaction's scope ends too.
    func pop(transactionStillOpen: Bool) {
        lock.withLock {
            _ = statements.popLast()
            if statements.isEmpty && !transactionStillOpen { open = nil }
        }
    }

    /// Starts a transaction scope for a transaction wh itself began (a task run).
    func begin() -> TransactionScope {
        lock.withLock {
            let made = TransactionScope()
            open = made
            return made
        }
    }

    /// The transaction wh itself began has ended.
    func end() { lock.withLock { open = nil } }
}
