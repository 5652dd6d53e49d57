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

    static var copy: String {
        "COPY INTO TRUCK_TELEMETRY_DATA (" + TelemetryReading.columns.joined(separator: ", ") + ") FROM (SELECT "
            + paths.map { "$1:" + $0 }.joined(separator: ", ") + " FROM @landing)"
    }
}
