import Foundation
import Warehouse

/// Delivery trucks driving plausible routes, for `wh generate`: each truck has a position, heading
/// and speed; positions move by what the speed covers in the time between readings, odometers only
/// grow, fuel falls with distance and is refilled below 15 %, and now and then a fault starts and
/// lasts a while (brakes needing inspection, a tyre losing pressure, the transmission, a low
/// battery, a hot engine). Readings come out in either of the seed's record shapes.
public struct FleetSimulator {
    /// The seed's two telemetry record shapes.
    public enum Shape: String, CaseIterable, Sendable {
        /// `truck_id`, `gps_location.latitude`, `engine_diagnostics.engine_rpm` … (the Lambda's).
        case nested
        /// `TRUCK_ID`, `GPS_LATITUDE` … (the Python generator's, with the SCD columns).
        case flat
    }

    /// The faults a truck can develop; each shows in the reading as the seed's fields would.
    public enum Fault: String, CaseIterable, Sendable {
        case brakeInspection, tirePressureLoss, transmission, lowBattery, hotEngine
    }

    struct Truck {
        var id: String
        var latitude: Double
        var longitude: Double
        var heading: Double          // radians, 0 = north
        var speed: Double            // km/h
        var odometer: Double         // km
        var fuel: Double             // % of the tank
        var consumption: Double      // l/100 km, the truck's own
        var fault: Fault?
        var faultReadingsLeft = 0
        var lastTime: Date?
    }

    /// Litres in a full tank: fuel percentages and consumption in l/100 km meet through it.
    public static let tankLitres = 400.0

    private var random: SeededRandom
    private var trucks: [Truck]
    private var next = 0
    /// Seconds between one truck's readings when the clock has not moved on (bulk generation).
    public var minimumInterval: Double

    public init(trucks count: Int, seed: UInt64, minimumInterval: Double = 1) {
        random = SeededRandom(seed: seed)
        self.minimumInterval = minimumInterval
        // Depots spread over the continental US, like the seed's coordinates.
        trucks = (0..<max(1, count)).map { _ in Truck(id: "", latitude: 0, longitude: 0, heading: 0, speed: 0, odometer: 0, fuel: 0, consumption: 0) }
        for i in trucks.indices {
            trucks[i] = Truck(id: String(format: "TRK%03d", i + 1),
                              latitude: random.uniform(30, 42), longitude: random.uniform(-120, -80),
                              heading: random.uniform(0, 2 * .pi), speed: random.uniform(40, 70),
                              odometer: random.uniform(80_000, 120_000), fuel: random.uniform(50, 100),
                              consumption: random.uniform(28, 36))
        }
    }

    /// The next truck's reading at `now` (or, when its last reading was less than `minimumInterval`
    /// before, that long after it), as one JSON line without the newline.
    public mutating func reading(at now: Date, shape: Shape) -> String {
        nextReading(at: now).json(shape)
    }

    /// The next truck's reading at `now` (or, when its last reading was less than `minimumInterval`
    /// before, that long after it).
    public mutating func nextReading(at now: Date) -> TelemetryReading {
        let index = next
        next = (next + 1) % trucks.count
        var truck = trucks[index]
        let time = truck.lastTime.map { max(now, $0.addingTimeInterval(minimumInterval)) } ?? now
        let hours = truck.lastTime.map { time.timeIntervalSince($0) / 3600 } ?? 0
        truck.lastTime = time

        // Drive: speed wanders (with the odd stop), the heading drifts, the position follows.
        truck.speed = random.chance(0.03) ? 0 : min(105, max(15, truck.speed + random.uniform(-8, 8)))
        truck.heading += random.uniform(-0.25, 0.25)
        let distance = truck.speed * hours
        truck.latitude += distance * cos(truck.heading) / 111.0
        truck.longitude += distance * sin(truck.heading) / (111.0 * cos(truck.latitude * .pi / 180))
        if truck.latitude < 25 || truck.latitude > 48 || truck.longitude < -124 || truck.longitude > -68 {
            truck.heading += .pi   // turn back at the edge of the map
        }
        truck.odometer += distance
        let litres = distance * truck.consumption / 100
        truck.fuel -= litres / Self.tankLitres * 100
        if truck.fuel < 15 { truck.fuel = random.uniform(95, 100) }   // refilled at the next stop

        if truck.fault == nil, random.chance(0.02) {
            truck.fault = Fault.allCases[Int(random.next() % UInt64(Fault.allCases.count))]
            truck.faultReadingsLeft = Int(random.uniform(5, 40))
        } else if truck.fault != nil {
            truck.faultReadingsLeft -= 1
            if truck.faultReadingsLeft <= 0 { truck.fault = nil }
        }
        trucks[index] = truck
        return measure(truck, time: time)
    }

    /// What the truck's sensors say now: exact where the simulation knows, noisy where it does not.
    private mutating func measure(_ truck: Truck, time: Date) -> TelemetryReading {
        let moving = truck.speed > 0
        let rpm = moving ? (900 + truck.speed * 22 + random.uniform(-80, 80)).rounded() : (random.uniform(650, 750)).rounded()
        var tires = [random.uniform(31, 34), random.uniform(31, 34), random.uniform(34, 37), random.uniform(34, 37)]
        if truck.fault == .tirePressureLoss { tires[Int(random.next() % 4)] = random.uniform(18, 25) }
        var r = TelemetryReading(truckID: truck.id, time: time)
        r.gpsLatitude = truck.latitude.rounded(to: 4)
        r.gpsLongitude = truck.longitude.rounded(to: 4)
        r.gpsAltitude = random.uniform(0, 100).rounded(to: 2)
        r.gpsSpeed = max(0, truck.speed + random.uniform(-1, 1)).rounded(to: 2)
        r.vehicleSpeed = truck.speed.rounded(to: 2)
        r.engineRPM = rpm
        r.fuelLevel = truck.fuel.rounded(to: 2)
        r.engineTemperature = (truck.fault == .hotEngine ? random.uniform(108, 120) : random.uniform(85, 100)).rounded(to: 2)
        r.oilPressure = random.uniform(30, 50).rounded(to: 2)
        r.batteryVoltage = (truck.fault == .lowBattery ? random.uniform(11.0, 11.8) : random.uniform(12.4, 14.4)).rounded(to: 2)
        r.odometerReading = truck.odometer.rounded(to: 2)
        r.fuelConsumption = (moving ? truck.consumption + random.uniform(-2, 2) : 0).rounded(to: 2)
        r.tirePressures = tires.map { $0.rounded(to: 2) }
        r.environmentTemperature = random.uniform(10, 35).rounded(to: 2)
        r.environmentHumidity = random.uniform(20, 80).rounded(to: 2)
        r.environmentPressure = random.uniform(1000, 1020).rounded(to: 2)
        r.brakeStatus = truck.fault == .brakeInspection ? "Needs Inspection" : "Good"
        r.transmissionStatus = truck.fault == .transmission ? "Needs Maintenance" : "Operational"
        return r
    }

    /// `2025-03-17T15:35:54.597252`, as Python's isoformat() writes the seed's timestamps.
    static func isoTimestamp(_ date: Date) -> String {
        CanonicalTimestamp.format(date).replacingOccurrences(of: " ", with: "T")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) + ".0" : String(value)
    }
}

extension FleetSimulator {
    /// A fleet for benchmarks: 500 trucks, readings 15 s apart from a fixed start, the same every run.
    public static func benchmarkFleet() -> FleetSimulator { FleetSimulator(trucks: 500, seed: 20_250_317, minimumInterval: 15) }

    /// When benchmark readings start (the seed's sample time).
    public static let benchmarkStart = Date(timeIntervalSince1970: 1_742_225_754.597252)

    /// Writes `records` readings in `shape` to `path` as NDJSON, a megabyte at a time; returns the file's size.
    public mutating func write(records: Int, shape: Shape = .nested, to path: String) throws -> Int64 {
        try write(records: records, to: path) { $0.json(shape) }
    }

    /// Writes `records` readings to `path` as CSV: one line each, TelemetryReading.columns in order.
    public mutating func writeCSV(records: Int, to path: String) throws -> Int64 {
        try write(records: records, to: path) { reading in
            reading.columnValues.map { $0.textValue ?? "" }.joined(separator: ",")
        }
    }

    private mutating func write(records: Int, to path: String, line: (TelemetryReading) -> String) throws -> Int64 {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var buffer = Data()
        var size: Int64 = 0
        for _ in 0..<records {
            buffer.append(contentsOf: Array((line(nextReading(at: Self.benchmarkStart)) + "\n").utf8))
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
