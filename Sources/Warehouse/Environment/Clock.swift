import Foundation

/// Where the engine gets the time. The engine never reads the system clock itself: the command line
/// passes a system clock, tests pass a `ManualClock` they set and advance.
public protocol Clock: Sendable {
    func now() -> Date
}

/// A clock that only moves when told to. Thread-safe.
public final class ManualClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_735_689_600)) { current = start }

    public func now() -> Date { lock.withLock { current } }

    /// Sets the time.
    public func set(_ date: Date) { lock.withLock { current = date } }

    /// Moves the time forward (or back, for a negative interval).
    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

extension Clock {
    /// The time in whole milliseconds since 1970-01-01 UTC: the precision of CURRENT_TIMESTAMP, of
    /// SYSDATE() and of SQLite's `'now'` in a column's DEFAULT, so all three agree within a statement.
    func milliseconds() -> Int64 { Int64((now().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// `now()` truncated to the millisecond.
    func nowToTheMillisecond() -> Date { Date(timeIntervalSince1970: Double(milliseconds()) / 1000) }
}
