import Foundation
import SQLite
import Warehouse

/// Nested truck telemetry like the seed's, made up deterministically for benchmarks.
struct TelemetryGenerator {
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    private mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }

    private mutating func number(_ low: Double, _ high: Double, _ digits: Int) -> Double {
        let factor = pow(10.0, Double(digits))
        return ((low + next() * (high - low)) * factor).rounded() / factor
    }

    /// One record's values, in the order of `CopyBenchmarkSQL.columns`.
    mutating func values(_ index: Int) -> [Value] {
        let truck = String(format: "TRK%03d", index % 500 + 1)
        let seconds = 1_742_225_754 + index * 15
        let time = Date(timeIntervalSince1970: Double(seconds) + 0.597252)
        var values: [Value] = [.text(truck), .text(CanonicalTimestamp.format(time))]
        let ranges: [(Double, Double, Int)] = [(25, 49, 4), (-124, -67, 4), (0, 100, 1), (0, 80, 1), (0, 80, 1), (600, 4000, 0),
                                              (5, 100, 1), (80, 110, 1), (25, 60, 1), (12, 14.5, 2), (10_000, 200_000, 1), (5, 20, 1)]
        for (low, high, digits) in ranges { values.append(.real(number(low, high, digits))) }
        values.append(.text(["Good", "Needs Inspection", "Worn"][Int(next() * 3)]))
        for _ in 0..<4 { values.append(.real(number(28, 38, 1))) }
        values.append(.text(["Operational", "Needs Maintenance"][Int(next() * 2)]))
        for (low, high, digits) in [(-10.0, 40.0, 1), (10.0, 95.0, 1), (990.0, 1035.0, 2)] { values.append(.real(number(low, high, digits))) }
        return values
    }

    /// The record as the nested JSON line the stage holds.
    static func json(_ v: [Value]) -> String {
        func n(_ i: Int) -> String { v[i].textValue ?? "null" }
        func s(_ i: Int) -> String { "\"" + (v[i].textValue ?? "") + "\"" }
        let time = (v[1].textValue ?? "").replacingOccurrences(of: " ", with: "T")
        return "{\"truck_id\": \(s(0)), \"gps_location\": {\"latitude\": \(n(2)), \"longitude\": \(n(3)), \"altitude\": \(n(4)), "
            + "\"speed\": \(n(5))}, \"vehicle_speed\": \(n(6)), \"engine_diagnostics\": {\"engine_rpm\": \(n(7)), "
            + "\"fuel_level\": \(n(8)), \"engine_temperature\": \(n(9)), \"oil_pressure\": \(n(10)), \"battery_voltage\": \(n(11))}, "
            + "\"odometer_reading\": \(n(12)), \"fuel_consumption\": \(n(13)), \"vehicle_health_and_maintenance\": {\"brake_status\": \(s(14)), "
            + "\"tire_pressure\": {\"front_left\": \(n(15)), \"front_right\": \(n(16)), \"rear_left\": \(n(17)), \"rear_right\": \(n(18))}, "
            + "\"transmission_status\": \(s(19))}, \"environmental_conditions\": {\"temperature\": \(n(20)), \"humidity\": \(n(21)), "
            + "\"atmospheric_pressure\": \(n(22))}, \"timestamp\": \"\(time)\"}\n"
    }

    /// Writes `records` lines to `path` a megabyte at a time; returns the file's size.
    mutating func write(records: Int, to path: String) throws -> Int64 {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
        defer { try? handle.close() }
        var buffer = Data()
        var size: Int64 = 0
        for i in 0..<records {
            buffer.append(contentsOf: Array(Self.json(values(i)).utf8))
            if buffer.count > 1 << 20 {
                try handle.write(contentsOf: buffer)
                size += Int64(buffer.count)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
        return size + Int64(buffer.count)
    }
}
