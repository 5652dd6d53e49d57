import Foundation

extension Warehouse {
    /// Runs `body` as one statement. Its scope is made here and handed to `body`: a statement inside
    /// another (a CALL's) joins its transaction, one inside BEGIN … COMMIT joins that, and one outside
    /// any transaction is its own. The scope ends here, its stage query tables dropped, whatever
    /// `body` does; nothing of it outlives the statement.
    func withStatementScope<T>(_ body: (StatementScope) throws -> T) throws -> T {
        let now = environment.clock.nowToTheMillisecond()
        let scope: StatementScope
        if let outer = scopes.innermost {
            scope = StatementScope(startedAt: now, transaction: outer.transaction, ownsTransaction: false)
        } else if connection.isAutocommit {
            scope = StatementScope(startedAt: now, transaction: TransactionScope(), ownsTransaction: true)
        } else {
            scope = StatementScope(startedAt: now, transaction: scopes.openTransaction(), ownsTransaction: false)
        }
        scopes.push(scope)
        defer {
            for table in scope.stageQueryTables { try? connection.execute("DROP TABLE IF EXISTS temp.\(table)") }
            scopes.pop(transactionStillOpen: !connection.isAutocommit)
        }
        return try body(scope)
    }

    /// BEGIN for a transaction that will write: IMMEDIATE, so it takes the write lock first (waiting
    /// for another writer, the daemon or wh serve's, up to the busy timeout). A deferred one reads
    /// first and, when another connection commits meanwhile, cannot upgrade its stale snapshot:
    /// SQLite answers "database is locked" at once, without waiting.
    var beginForWriting: String { isReadOnly ? "BEGIN" : "BEGIN IMMEDIATE" }

    /// Runs `body` in a transaction that will write, begun IMMEDIATE, unless one is open already
    /// (then `body` is part of it). Commits when `body` returns, rolls back when it throws.
    func writingTransaction<T>(_ body: () throws -> T) throws -> T {
        guard connection.isAutocommit else { return try body() }
        try connection.execute(beginForWriting)
        do {
            let result = try body()
            try connection.execute("COMMIT")
            return result
        } catch {
            if !connection.isAutocommit { try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` as a transaction of wh's own (a task run): BEGIN, then COMMIT with the offsets of
    /// the streams it consumed moved, or ROLLBACK when it throws. Inside a transaction already open
    /// it is simply part of that one.
    func inOwnTransaction<T>(_ body: () throws -> T) throws -> T {
        guard connection.isAutocommit else { return try body() }
        return try writingTransaction {
            let transaction = scopes.begin()
            defer { scopes.end() }
            let result = try body()
            try moveStreamOffsets(consumedBy: transaction)
            return result
        }
    }

    /// PURGE = TRUE: removes the loaded files once their rows are committed. Inside BEGIN … COMMIT
    /// the rows are not committed yet, so the files stay (the load history keeps them from loading
    /// twice). A file that cannot be removed stays, as in Snowflake.
    func purgeLoadedFiles(of scope: StatementScope) {
        guard connection.isAutocommit else { return }
        for path in scope.loadedFilesToPurge { try? environment.fileSystem.removeItem(at: path) }
    }
}
