import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Warehouse
import WarehouseServer
import WarehouseSystem
@testable import WhCLI

/// A seeded warehouse in a fresh temp directory and a server over it (no daemon: tests that need
/// loads call `ingest()`), removed when released.
final class ServerFixture: @unchecked Sendable {
    let directory: String
    let path: String
    let server: WarehouseServer

    init(seed: Bool = true, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("wh-server-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/warehouse.db"
        if seed { try ProjectScripts.builtInSeed.apply(to: try Warehouse(path: path, environment: .system)) }
        var configuration = ServerConfiguration(warehousePath: path)
        configuration.runDaemon = false
        configuration.port = 0
        configuration.bufferMilliseconds = 20
        configure(&configuration)
        var logger = Logger(label: "wh.test")
        logger.logLevel = .warning
        server = try WarehouseServer(configuration: configuration, environment: .system, logger: logger)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Files in a stage's directory (relative to the warehouse's folder), hidden ones included.
    func files(in stageDirectory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + stageDirectory)) ?? []).sorted()
    }

    func lines(of file: String, in stageDirectory: String) throws -> [String] {
        try String(contentsOfFile: directory + "/" + stageDirectory + "/" + file, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Runs SQL on a connection of the test's own.
    @discardableResult
    func sql(_ text: String) throws -> ResultSet { try Warehouse(path: path, environment: .system).execute(text) }

    /// What the daemon does, without waiting for the tasks' schedule: every pending file loaded,
    /// then the seed's merges.
    func ingest() throws {
        let warehouse = try Warehouse(path: path, environment: .system)
        _ = try warehouse.ingestPending()
        _ = try warehouse.execute("CALL MERGE_TELEMETRY_SCD2()")
        _ = try warehouse.execute("CALL MERGE_CLICKSTREAM()")
    }

    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await server.application().test(.router) { client in try await body(client) }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
}

extension ByteBuffer {
    init(text: String) { self.init(string: text) }
}

/// One nested telemetry record, as the seed's Lambda writes it.
func nestedReading(truck: String, time: String, speed: Double = 55, brake: String = "Good", battery: Double = 13.9) -> String {
    """
    {"truck_id": "\(truck)", "gps_location": {"latitude": 35.8, "longitude": -83.8, "altitude": 42.1, "speed": 67.5}, "vehicle_speed": \(speed), \
    "engine_diagnostics": {"engine_rpm": 2544, "fuel_level": 57.6, "engine_temperature": 90.2, "oil_pressure": 47.5, "battery_voltage": \(battery)}, \
    "odometer_reading": 104342.2, "fuel_consumption": 17.8, "vehicle_health_and_maintenance": {"brake_status": "\(brake)", \
    "tire_pressure": {"front_left": 30.9, "front_right": 32.4, "rear_left": 35.9, "rear_right": 35.2}, "transmission_status": "Operational"}, \
    "environmental_conditions": {"temperature": 27.1, "humidity": 51.8, "atmospheric_pressure": 1009.65}, "timestamp": "\(time)"}
    """
}
