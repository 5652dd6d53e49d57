import Foundation
import SQLite
import Warehouse

/// One truck's reading: the seed's fields, written as either of its record shapes or handed out as
/// the values of TRUCK_TELEMETRY_DATA's columns (for benchmarks that bind them directly).
public struct TelemetryReading: Equatable, Sendable {
    public var truckID: String
    public var time: Date
    public var gpsLatitude = 0.0, gpsLongitude = 0.0, gpsAltitude = 0.0, gpsSpeed = 0.0
    public var vehicleSpeed = 0.0, engineRPM = 0.0, fuelLevel = 0.0, engineTemperature = 0.0, oilPressure = 0.0
    public var batteryVoltage = 0.0, odometerReading = 0.0, fuelConsumption = 0.0
    /// Front left, front right, rear left, rear right.
    public var tirePressures = [0.0, 0.0, 0.0, 0.0]
    public var environmentTemperature = 0.0, environmentHumidity = 0.0, environmentPressure = 0.0
    public var brakeStatus = "Good", transmissionStatus = "Operational"

    public init(truckID: String, time: Date) {
        self.truckID = truckID
        self.time = time
    }

    /// TRUCK_TELEMETRY_DATA's columns a reading fills, in the order of `columnValues`.
    public static let columns = ["TRUCK_ID", "EFFECTIVE_START_DATE", "GPS_LATITUDE", "GPS_LONGITUDE", "GPS_ALTITUDE", "GPS_SPEED",
                                 "VEHICLE_SPEED", "ENGINE_RPM", "FUEL_LEVEL", "ENGINE_TEMPERATURE", "OIL_PRESSURE", "BATTERY_VOLTAGE",
                                 "ODOMETER_READING", "FUEL_CONSUMPTION", "BRAKE_STATUS", "TIRE_PRESSURE_FRONT_LEFT",
                                 "TIRE_PRESSURE_FRONT_RIGHT", "TIRE_PRESSURE_REAR_LEFT", "TIRE_PRESSURE_REAR_RIGHT", "TRANSMISSION_STATUS",
                                 "ENVIRONMENT_TEMPERATURE", "ENVIRONMENT_HUMIDITY", "ENVIRONMENT_PRESSURE"]

    /// The values of `columns`, as COPY would store them.
    public var columnValues: [SQLValue] {
        [.text(truckID), .text(CanonicalTimestamp.format(time)), .real(gpsLatitude), .real(gpsLongitude), .real(gpsAltitude),
         .real(gpsSpeed), .real(vehicleSpeed), .real(engineRPM), .real(fuelLevel), .real(engineTemperature), .real(oilPressure),
         .real(batteryVoltage), .real(odometerReading), .real(fuelConsumption), .text(brakeStatus), .real(tirePressures[0]),
         .real(tirePressures[1]), .real(tirePressures[2]), .real(tirePressures[3]), .text(transmissionStatus),
         .real(environmentTemperature), .real(environmentHumidity), .real(environmentPressure)]
    }

    /// The reading as one JSON line (no newline) in `shape`.
    public func json(_ shape: FleetSimulator.Shape) -> String {
        let stamp = FleetSimulator.isoTimestamp(time)
        func n(_ value: Double) -> String { FleetSimulator.number(value) }
        let rpm = String(Int(engineRPM))
        let (fl, fr, rl, rr) = (n(tirePressures[0]), n(tirePressures[1]), n(tirePressures[2]), n(tirePressures[3]))
        switch shape {
        case .nested:
            return #"{"truck_id": "\#(truckID)", "gps_location": {"latitude": \#(n(gpsLatitude)), "longitude": \#(n(gpsLongitude)), "altitude": \#(n(gpsAltitude)), "speed": \#(n(gpsSpeed))}, "vehicle_speed": \#(n(vehicleSpeed)), "engine_diagnostics": {"engine_rpm": \#(rpm), "fuel_level": \#(n(fuelLevel)), "engine_temperature": \#(n(engineTemperature)), "oil_pressure": \#(n(oilPressure)), "battery_voltage": \#(n(batteryVoltage))}, "odometer_reading": \#(n(odometerReading)), "fuel_consumption": \#(n(fuelConsumption)), "vehicle_health_and_maintenance": {"brake_status": "\#(brakeStatus)", "tire_pressure": {"front_left": \#(fl), "front_right": \#(fr), "rear_left": \#(rl), "rear_right": \#(rr)}, "transmission_status": "\#(transmissionStatus)"}, "environmental_conditions": {"temperature": \#(n(environmentTemperature)), "humidity": \#(n(environmentHumidity)), "atmospheric_pressure": \#(n(environmentPressure))}, "timestamp": "\#(stamp)"}"#
        case .flat:
            return #"{"TRUCK_ID": "\#(truckID)", "LOAD_TIMESTAMP": "\#(stamp)", "EFFECTIVE_START_DATE": "\#(stamp)", "EFFECTIVE_END_DATE": null, "IS_CURRENT": true, "GPS_LATITUDE": \#(n(gpsLatitude)), "GPS_LONGITUDE": \#(n(gpsLongitude)), "GPS_ALTITUDE": \#(n(gpsAltitude)), "GPS_SPEED": \#(n(gpsSpeed)), "VEHICLE_SPEED": \#(n(vehicleSpeed)), "ENGINE_RPM": \#(rpm), "FUEL_LEVEL": \#(n(fuelLevel)), "ENGINE_TEMPERATURE": \#(n(engineTemperature)), "OIL_PRESSURE": \#(n(oilPressure)), "BATTERY_VOLTAGE": \#(n(batteryVoltage)), "ODOMETER_READING": \#(n(odometerReading)), "FUEL_CONSUMPTION": \#(n(fuelConsumption)), "BRAKE_STATUS": "\#(brakeStatus)", "TIRE_PRESSURE_FRONT_LEFT": \#(fl), "TIRE_PRESSURE_FRONT_RIGHT": \#(fr), "TIRE_PRESSURE_REAR_LEFT": \#(rl), "TIRE_PRESSURE_REAR_RIGHT": \#(rr), "TRANSMISSION_STATUS": "\#(transmissionStatus)", "ENVIRONMENT_TEMPERATURE": \#(n(environmentTemperature)), "ENVIRONMENT_HUMIDITY": \#(n(environmentHumidity)), "ENVIRONMENT_PRESSURE": \#(n(environmentPressure)), "timestamp": "\#(stamp)"}"#
        }
    }
}
