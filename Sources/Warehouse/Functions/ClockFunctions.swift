import Foundation
import SQLite

extension Warehouse {
    /// SYSDATE() and GETDATE(): the warehouse clock's current time as a canonical TIMESTAMP_NTZ.
    /// They read the injected clock, so tests set the time instead of sleeping.
    /// Within one statement they give one time, as Snowflake's CURRENT_TIMESTAMP does: every row a
    /// COPY loads gets the same LOAD_TIMESTAMP default.
    func registerClockFunctions() throws {
        let clock = environment.clock
        let scopes = scopes
        for name in ["SYSDATE", "GETDATE"] {
            try connection.createFunction(name, argumentCount: 0, deterministic: false) { _ in
                .text(scopes.statementTimeText ?? CanonicalTimestamp.format(clock.nowToTheMillisecond()))
            }
        }
    }
}
