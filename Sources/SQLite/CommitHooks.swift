import CSQLite

/// What `Connection.observeCommits` calls: `before` as a transaction starts to commit (it cannot veto
/// it), `after` once the commit is in the write-ahead log.
final class CommitObserver {
    let before: () -> Void
    let after: () -> Void
    init(before: @escaping () -> Void, after: @escaping () -> Void) {
        self.before = before
        self.after = after
    }
}

/// SQLite's own automatic checkpoint threshold: installing a WAL hook replaces the built-in one, so
/// the observer checkpoints at the same size itself.
private let autoCheckpointPages: Int32 = 1000

extension Connection {
    /// Calls `before` as each transaction on this connection starts to commit and `after` once it is
    /// committed to the write-ahead log (WAL mode only). For crash tests: a process that kills itself
    /// from one of them stops at that exact commit point. Replaces any observer set before.
    public func observeCommits(before: @escaping () -> Void, after: @escaping () -> Void) {
        let observer = CommitObserver(before: before, after: after)
        commitObserver = observer
        let context = Unmanaged.passUnretained(observer).toOpaque()
        sqlite3_commit_hook(handle, { context in
            Unmanaged<CommitObserver>.fromOpaque(context!).takeUnretainedValue().before()
            return 0
        }, context)
        sqlite3_wal_hook(handle, { context, db, name, pages in
            Unmanaged<CommitObserver>.fromOpaque(context!).takeUnretainedValue().after()
            if pages >= autoCheckpointPages { sqlite3_wal_checkpoint(db, name) }
            return SQLITE_OK
        }, context)
    }
}
