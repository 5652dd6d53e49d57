import Warehouse
import Workloads

/// The statements of `wh bench copy`: the seed's TRUCK_TELEMETRY_DATA and the one COPY that
/// flattens the nested telemetry into it.
enum CopyBenchmarkSQL {
    /// Where each column's value is in a nested record, with its cast.
    static let paths = ["truck_id", "timestamp::TIMESTAMP_NTZ", "gps_location.latitude::FLOAT", "gps_location.longitude::FLOAT",
                        "gps_location.altitude::FLOAT", "gps_location.speed::FLOAT", "vehicle_speed::FLOAT",
                        "engine_diagnostics.engine_rpm::FLOAT", "engine_diagnostics.fuel_level::FLOAT",
                        "engine_diagnostics.engine_temperature::FLOAT", "engine_diagnostics.oil_pressure::FLOAT",
                        "engine_diagnostics.battery_voltage::FLOAT", "odometer_reading::FLOAT", "fuel_consumption::FLOAT",
                        "vehicle_health_and_maintenance.brake_status::STRING",
                        "vehicle_health_and_maintenance.tire_pressure.front_left::FLOAT",
                        "vehicle_health_and_maintenance.tire_pressure.front_right::FLOAT",
                        "vehicle_health_and_maintenance.tire_pressure.rear_left::FLOAT",
                        "vehicle_health_and_maintenance.tire_pressure.rear_right::FLOAT",
                        "vehicle_health_and_maintenance.transmission_status::STRING", "environmental_conditions.temperature::FLOAT",
                        "environmental_conditions.humidity::FLOAT", "environmental_conditions.atmospheric_pressure::FLOAT"]

    /// The table's 26 columns as a plain SQLite table (no constraint, no default) for the ceiling and
    /// the sqlite3 shell: the 23 a reading fills, then LOAD_TIMESTAMP, EFFECTIVE_END_DATE, IS_CURRENT.
    static let plainColumns: [(name: String, type: String)] = TelemetryReading.columns.map { name in
        (name, ["TRUCK_ID", "EFFECTIVE_START_DATE", "BRAKE_STATUS", "TRANSMISSION_STATUS"].contains(name) ? "TEXT" : "REAL")
    } + [("LOAD_TIMESTAMP", "TEXT"), ("EFFECTIVE_END_DATE", "TEXT"), ("IS_CURRENT", "INTEGER")]

    /// A row of `plainColumns` from a reading: what COPY stores for it.
    static func plainRow(_ reading: TelemetryReading, loadedAt: String) -> [SQLValue] {
        reading.columnValues + [.text(loadedAt), .null, .integer(1)]
    }

    /// Each plain column as the sqlite3 shell computes it from a record's text (`line`).
    static var shellColumns: [(name: String, type: String, value: String)] {
        let extracted = zip(plainColumns, paths).map { column, path -> (name: String, type: String, value: String) in
            let jsonPath = "$." + path.split(separator: ":").first!
            let value = column.name == "EFFECTIVE_START_DATE"
                ? "replace(json_extract(line, '\(jsonPath)'), 'T', ' ')" : "json_extract(line, '\(jsonPath)')"
            return (column.name, column.type, value)
        }
        return extracted + [("LOAD_TIMESTAMP", "TEXT", "strftime('%Y-%m-%d %H:%M:%f', 'now')"), ("EFFECTIVE_END_DATE", "TEXT", "NULL"),
                            ("IS_CURRENT", "INTEGER", "1")]
    }

    static let createTable = """
        CREATE OR REPLACE TABLE TRUCK_TELEMETRY_DATA (
            TRUCK_ID STRING NOT NULL, LOAD_TIMESTAMP TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP(),
            EFFECTIVE_START_DATE TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP(), EFFECTIVE_END_DATE TIMESTAMP_NTZ DEFAULT NULL,
            IS_CURRENT BOOLEAN DEFAULT TRUE, GPS_LATITUDE FLOAT, GPS_LONGITUDE FLOAT, GPS_ALTITUDE FLOAT, GPS_SPEED FLOAT,
            VEHICLE_SPEED FLOAT, ENGINE_RPM FLOAT, FUEL_LEVEL FLOAT, ENGINE_TEMPERATURE FLOAT, OIL_PRESSURE FLOAT,
            BATTERY_VOLTAGE FLOAT, ODOMETER_READING FLOAT, FUEL_CONSUMPTION FLOAT, BRAKE_STATUS STRING,
            TIRE_PRESSURE_FRONT_LEFT FLOAT, TIRE_PRESSURE_FRONT_RIGHT FLOAT, TIRE_PRESSURE_REAR_LEFT FLOAT,
            TIRE_PRESSURE_REAR_RIGHT FLOAT, TRANSMISSION_STATUS STRING, ENVIRONMENT_TEMPERATURE FLOAT,
            ENVIRONMENT_HUMIDITY FLOAT, ENVIRONMENT_PRESSURE FLOAT)
        """

    /// The seed pipe's form of the same COPY: each column takes the nested path, else the flat key
    /// (`COALESCE($1:gps_location.latitude, $1:GPS_LATITUDE)::FLOAT`), as TELEMETRY_PIPE reads both shapes.
    static var twoShapeCopy: String {
        let items = zip(TelemetryReading.columns, paths).map { column, path -> String in
            let parts = path.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            return "COALESCE($1:\(parts[0]), $1:\(column))" + (parts.count > 1 ? ":" + parts[1] : "")
        }
        return "COPY INTO TRUCK_TELEMETRY_DATA (" + TelemetryReading.columns.joined(separator: ", ") + ") FROM (SELECT "
            + items.joined(separator: ", ") + " FROM @landing)"
    }

    /// The same readings from CSV: each field fills its column in order.
    static var csvCopy: String {
        "COPY INTO TRUCK_TELEMETRY_DATA (" + TelemetryReading.columns.joined(separator: ", ") + ") FROM @landing_csv"
    }

    static var copy: String {
        "COPY INTO TRUCK_TELEMETRY_DATA (" + TelemetryReading.columns.joined(separator: ", ") + ") FROM (SELECT "
            + paths.map { "$1:" + $0 }.joined(separator: ", ") + " FROM @landing)"
    }
}
