import Foundation
import Testing
@testable import Warehouse
@testable import Workloads

/// `wh generate`'s data: reproducible, physically plausible, and safe to load as keys.
@Suite struct GeneratorTests {
    struct Reading {
        var truck: String, time: Date, latitude: Double, longitude: Double, speed: Double, odometer: Double, fuel: Double
    }

    static func readings(_ count: Int, trucks: Int = 3, seed: UInt64 = 42, every seconds: Double = 60) -> [Reading] {
        var fleet = FleetSimulator(trucks: trucks, seed: seed, minimumInterval: 1)
        let start = Date(timeIntervalSince1970: 1_742_225_754)
        return (0..<count).map { i in
            let line = fleet.reading(at: start.addingTimeInterval(Double(i / trucks) * seconds), shape: .flat)
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return Reading(truck: object["TRUCK_ID"] as! String, time: CanonicalTimestamp.parse(object["timestamp"] as! String)!,
                           latitude: object["GPS_LATITUDE"] as! Double, longitude: object["GPS_LONGITUDE"] as! Double,
                           speed: object["VEHICLE_SPEED"] as! Double, odometer: object["ODOMETER_READING"] as! Double,
                           fuel: object["FUEL_LEVEL"] as! Double)
        }
    }

    @Test func theSameSeedGivesTheSameData() {
        var a = FleetSimulator(trucks: 4, seed: 7), b = FleetSimulator(trucks: 4, seed: 7), c = FleetSimulator(trucks: 4, seed: 8)
        let now = Date(timeIntervalSince1970: 1_742_225_754)
        let first = (0..<20).map { _ in a.reading(at: now, shape: .nested) }
        #expect(first == (0..<20).map { _ in b.reading(at: now, shape: .nested) })
        #expect(first != (0..<20).map { _ in c.reading(at: now, shape: .nested) })
    }

    @Test func positionsMoveByWhatTheSpeedCoversAndOdometersOnlyGrow() {
        let readings = Self.readings(600)
        for truck in ["TRK001", "TRK002", "TRK003"] {
            let mine = readings.filter { $0.truck == truck }
            for (before, after) in zip(mine, mine.dropFirst()) {
                let hours = after.time.timeIntervalSince(before.time) / 3600
                let north = (after.latitude - before.latitude) * 111
                let east = (after.longitude - before.longitude) * 111 * cos(after.latitude * .pi / 180)
                let moved = (north * north + east * east).squareRoot()
                // The distance covered is the reading's speed over the time between readings
                // (positions are rounded to 4 decimals, about 11 m).
                #expect(abs(moved - after.speed * hours) < 0.05 + after.speed * hours * 0.02, "\(truck) at \(after.time)")
                #expect(after.odometer >= before.odometer)
                #expect(abs((after.odometer - before.odometer) - after.speed * hours) < 0.02)
                // Fuel falls with distance, or the tank was refilled.
                #expect(after.fuel <= before.fuel + 0.011 || after.fuel >= 95)
            }
        }
    }

    @Test func faultsOfEveryKindHappen() {
        var fleet = FleetSimulator(trucks: 10, seed: 42)
        let now = Date(timeIntervalSince1970: 1_742_225_754)
        let text = (0..<5_000).map { _ in fleet.reading(at: now, shape: .nested) }.joined(separator: "\n")
        #expect(text.contains("\"brake_status\": \"Needs Inspection\""))
        #expect(text.contains("\"transmission_status\": \"Needs Maintenance\""))
        #expect(text.contains("\"battery_voltage\": 11."))
        #expect(text.contains("\"engine_temperature\": 11"))
        #expect(text.contains("\"front_left\": 2") || text.contains("\"front_right\": 2") || text.contains("\"rear_left\": 2") || text.contains("\"rear_right\": 2"))
    }

    @Test func clickPopularityFollowsZipfAndTheSeedsProductsLead() {
        var clicks = ClickGenerator(seed: 42)
        let now = Date(timeIntervalSince1970: 1_742_225_754)
        var counts: [String: Int] = [:]
        for _ in 0..<20_000 {
            let id = String(clicks.event(at: now).split(separator: "\"")[3])
            counts[id, default: 0] += 1
        }
        let mobile = Double(counts["MOB001"]!), laptop = Double(counts["LAP002"]!), camera = Double(counts["CAM003"]!)
        #expect(abs(laptop / mobile - 0.5) < 0.05)
        #expect(abs(camera / mobile - 1.0 / 3) < 0.05)
        #expect(counts.count == ClickGenerator.catalogue.count)
    }

    // Regression: events written at one instant were spaced a microsecond apart, which a Double
    // date cannot hold; two formatted to the same key and the merge kept one.
    @Test func clickEventsAtOneInstantHaveDistinctKeys() {
        var clicks = ClickGenerator(seed: 1)
        let now = Date(timeIntervalSince1970: 1_742_225_754.597252)
        let stamps = (0..<5_000).map { _ in String(clicks.event(at: now).split(separator: "\"")[7]) }
        #expect(Set(stamps).count == stamps.count)
    }
}
