import SQLite

extension Warehouse {
    /// SYSDATE() and GETDATE(): the warehouse clock's current time as a canonical TIMESTAMP_NTZ.
    /// They read the injected clock, so tests set the time instead of sleeping.
    func registerClockFunctions() throws {
        let clock = environment.clock
        for name in ["SYSDATE", "GETDATE"] {
            try connection.createFunction(name, argumentCount: 0, deterministic: false) { _ in
                .text(CanonicalTimestamp.format(clock.now()))
            }
        }
    }
}
