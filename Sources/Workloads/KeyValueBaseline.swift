import Foundation
import SQLite
import Warehouse

/// `wh bench kv`'s baseline: the same click rows put and got by bare prepared statements on a plain
/// SQLite table of the same shape, with the pragmas wh uses, one statement (and so one transaction)
/// per row.
public enum KeyValueBaseline {
    /// Seconds to insert every row, then to select each back by its key (the first two values).
    public static func measure(rows: [[SQLValue]], in directory: String) throws -> (insert: Double, select: Double) {
        let bare = try Connection(path: directory + "/bare.db")
        try bare.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        try bare.execute("""
            CREATE TABLE CLICKS (ITEM_ID TEXT NOT NULL, CLICK_TIME TEXT NOT NULL, ITEM_NAME TEXT, CLICK_COUNTS INTEGER,
                                 PRIMARY KEY (ITEM_ID, CLICK_TIME))
            """)
        let values = rows.map { $0.map(\.sqlite) }
        let clock = ContinuousClock()
        let insert = try bare.prepare("INSERT INTO CLICKS VALUES (?1, ?2, ?3, ?4)")
        var start = clock.now
        for row in values {
            try insert.bind(row)
            _ = try insert.step()
            insert.reset()
        }
        let inserted = clock.now - start
        let select = try bare.prepare("SELECT * FROM CLICKS WHERE ITEM_ID = ?1 AND CLICK_TIME = ?2")
        var selected = 0
        start = clock.now
        for row in values {
            try select.bind([row[0], row[1]])
            if try select.step() { _ = select.row(); selected += 1 }
            select.reset()
        }
        let selecting = clock.now - start
        guard selected == rows.count else { throw BaselineError(message: "the bare table gave back \(selected) of \(rows.count) rows") }
        return (seconds(inserted), seconds(selecting))
    }
}

/// A baseline that did not measure what it should.
public struct BaselineError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Seconds in a measured duration.
public func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
