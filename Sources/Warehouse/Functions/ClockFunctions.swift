import Foundation
import SQLite

extension Warehouse {
    /// SYSDATE() and GETDATE(): the warehouse clock's current time as a canonical TIMESTAMP_NTZ.
    /// They read the injected clock, so tests set the time instead of sleeping.
    /// Within one statement they give one time, as Snowflake's CURRENT_TIMESTAMP does: every row a
    /// COPY loads gets the same LOAD_TIMESTAMP default.
    func registerClockFunctions() throws {
        let clock = environment.clock
        let statementTime = statementTime
        for name in ["SYSDATE", "GETDATE"] {
            try connection.createFunction(name, argumentCount: 0, deterministic: false) { _ in
                .text(CanonicalTimestamp.format(statementTime.value ?? clock.now()))
            }
        }
    }
}

/// The time the running statement started, read by SYSDATE() from SQLite's callbacks.
final class StatementTime: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Date?

    var value: Date? {
        get { lock.lock(); defer { lock.unlock() }; return time }
        set { lock.lock(); time = newValue; lock.unlock() }
    }
}
