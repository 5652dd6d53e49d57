import CSQLite

/// An error a Swift SQL function raises; SQLite reports `message` as the statement's error.
public struct FunctionError: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// The Swift body of an SQL function: takes the arguments, returns the result or throws FunctionError.
public typealias SQLFunction = ([Value]) throws -> Value

final class FunctionBox {
    let body: SQLFunction
    init(_ body: @escaping SQLFunction) { self.body = body }
}

extension Connection {
    /// Registers (or replaces) a scalar SQL function. `argumentCount` -1 accepts any number.
    /// Deterministic functions may be used in indexes and are cached by the planner.
    public func createFunction(_ name: String, argumentCount: Int = -1, deterministic: Bool = true,
                               _ body: @escaping SQLFunction) throws {
        let box = Unmanaged.passRetained(FunctionBox(body)).toOpaque()
        var flags = SQLITE_UTF8
        if deterministic { flags |= SQLITE_DETERMINISTIC }
        let rc = sqlite3_create_function_v2(handle, name, Int32(argumentCount), flags, box, { context, argc, argv in
            let box = Unmanaged<FunctionBox>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue()
            var arguments: [Value] = []
            arguments.reserveCapacity(Int(argc))
            for i in 0..<Int(argc) { arguments.append(readValue(argv![i])) }
            do {
                resultValue(context, try box.body(arguments))
            } catch let error as FunctionError {
                sqlite3_result_error(context, error.message, -1)
            } catch {
                sqlite3_result_error(context, "\(error)", -1)
            }
        }, nil, nil, { pointer in
            if let pointer { Unmanaged<FunctionBox>.fromOpaque(pointer).release() }
        })
        try check(rc, sql: nil)
    }
}

private func readValue(_ v: OpaquePointer?) -> Value {
    switch sqlite3_value_type(v) {
    case SQLITE_INTEGER: return .integer(sqlite3_value_int64(v))
    case SQLITE_FLOAT: return .real(sqlite3_value_double(v))
    case SQLITE_TEXT:
        let n = Int(sqlite3_value_bytes(v))
        guard let p = sqlite3_value_text(v) else { return .text("") }
        return .text(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
    case SQLITE_BLOB:
        let n = Int(sqlite3_value_bytes(v))
        guard n > 0, let p = sqlite3_value_blob(v) else { return .blob([]) }
        return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
    default: return .null
    }
}

private func resultValue(_ context: OpaquePointer?, _ value: Value) {
    switch value {
    case .null: sqlite3_result_null(context)
    case .integer(let i): sqlite3_result_int64(context, i)
    case .real(let d): sqlite3_result_double(context, d)
    case .text(let s): withUTF8Bytes(of: s) { sqlite3_result_text(context, $0, $1, sqliteTransient) }
    case .blob(let b): b.withUnsafeBytes { sqlite3_result_blob(context, $0.baseAddress, Int32(b.count), sqliteTransient) }
    }
}

/// The running state of one group of a Swift aggregate function.
public protocol SQLAggregateState: AnyObject {
    /// Takes one row's arguments.
    func step(_ arguments: [Value]) throws
    /// Takes back the oldest row still taken (a window's frame moving on), given its arguments.
    func inverse(_ arguments: [Value]) throws
    /// The result over the rows taken so far; the state stays as it is (windows ask again).
    func result() throws -> Value
}

final class AggregateBox {
    let make: () -> SQLAggregateState
    init(_ make: @escaping () -> SQLAggregateState) { self.make = make }
}

extension Connection {
    /// Registers (or replaces) an aggregate SQL function: `make` gives each group a new state.
    /// `argumentCount` -1 accepts any number.
    public func createAggregate(_ name: String, argumentCount: Int = -1, _ make: @escaping () -> SQLAggregateState) throws {
        let box = Unmanaged.passRetained(AggregateBox(make)).toOpaque()
        let rc = sqlite3_create_window_function(handle, name, Int32(argumentCount), SQLITE_UTF8 | SQLITE_DETERMINISTIC, box, { context, argc, argv in
            withAggregateState(context, argc, argv) { try $0.step($1) }
        }, { context in
            // A group with no rows has no state yet: the result over nothing. The state is released here.
            let slot = sqlite3_aggregate_context(context, 0)?.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
            let state: SQLAggregateState
            if let stored = slot?.pointee {
                state = Unmanaged<AnyObject>.fromOpaque(stored).takeRetainedValue() as! SQLAggregateState
                slot?.pointee = nil
            } else {
                state = Unmanaged<AggregateBox>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue().make()
            }
            report(context) { try state.result() }
        }, { context in
            guard let state = aggregateState(context) else { return sqlite3_result_null(context) }
            report(context) { try state.result() }
        }, { context, argc, argv in
            withAggregateState(context, argc, argv) { try $0.inverse($1) }
        }, { pointer in
            if let pointer { Unmanaged<AggregateBox>.fromOpaque(pointer).release() }
        })
        try check(rc, sql: nil)
    }
}

private func report(_ context: OpaquePointer?, _ body: () throws -> Value) {
    do {
        resultValue(context, try body())
    } catch let error as FunctionError {
        sqlite3_result_error(context, error.message, -1)
    } catch {
        sqlite3_result_error(context, "\(error)", -1)
    }
}

private func withAggregateState(_ context: OpaquePointer?, _ argc: Int32, _ argv: UnsafeMutablePointer<OpaquePointer?>?,
                                _ body: (SQLAggregateState, [Value]) throws -> Void) {
    guard let state = aggregateState(context) else { return sqlite3_result_error_nomem(context) }
    var arguments: [Value] = []
    arguments.reserveCapacity(Int(argc))
    for i in 0..<Int(argc) { arguments.append(readValue(argv![i])) }
    do {
        try body(state, arguments)
    } catch let error as FunctionError {
        sqlite3_result_error(context, error.message, -1)
    } catch {
        sqlite3_result_error(context, "\(error)", -1)
    }
}

/// The group's state, kept (retained) in SQLite's per-group memory; made on the first row.
private func aggregateState(_ context: OpaquePointer?) -> SQLAggregateState? {
    guard let raw = sqlite3_aggregate_context(context, Int32(MemoryLayout<UnsafeMutableRawPointer?>.size)) else { return nil }
    let slot = raw.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
    if let stored = slot.pointee { return Unmanaged<AnyObject>.fromOpaque(stored).takeUnretainedValue() as? SQLAggregateState }
    let state = Unmanaged<AggregateBox>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue().make()
    slot.pointee = Unmanaged.passRetained(state as AnyObject).toOpaque()
    return state
}
