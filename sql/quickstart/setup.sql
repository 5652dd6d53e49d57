-- The quickstart's warehouse: the seed's telemetry table, a stage on a local directory, and a pipe
-- that flattens each nested telemetry record into it. `wh quickstart` runs this, starts the daemon
-- and drops sample files into the stage.

CREATE OR REPLACE STAGE truck_telemetry_stage URL = 'quickstart-landing/' FILE_FORMAT = (TYPE = 'JSON');

CREATE OR REPLACE TABLE TRUCK_TELEMETRY_DATA (
    -- Truck Metadata
    TRUCK_ID STRING NOT NULL,
    LOAD_TIMESTAMP TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP(),
    EFFECTIVE_START_DATE TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP(),
    EFFECTIVE_END_DATE TIMESTAMP_NTZ DEFAULT NULL,
    IS_CURRENT BOOLEAN DEFAULT TRUE,

    -- GPS Location
    GPS_LATITUDE FLOAT,
    GPS_LONGITUDE FLOAT,
    GPS_ALTITUDE FLOAT,
    GPS_SPEED FLOAT,

    -- Vehicle Speed
    VEHICLE_SPEED FLOAT,

    -- Engine Diagnostics
    ENGINE_RPM FLOAT,
    FUEL_LEVEL FLOAT,
    ENGINE_TEMPERATURE FLOAT,
    OIL_PRESSURE FLOAT,
    BATTERY_VOLTAGE FLOAT,

    -- Odometer Reading
    ODOMETER_READING FLOAT,

    -- Fuel Consumption
    FUEL_CONSUMPTION FLOAT,

    -- Vehicle Health and Maintenance
    BRAKE_STATUS STRING,
    TIRE_PRESSURE_FRONT_LEFT FLOAT,
    TIRE_PRESSURE_FRONT_RIGHT FLOAT,
    TIRE_PRESSURE_REAR_LEFT FLOAT,
    TIRE_PRESSURE_REAR_RIGHT FLOAT,
    TRANSMISSION_STATUS STRING,

    -- Environmental Conditions
    ENVIRONMENT_TEMPERATURE FLOAT,
    ENVIRONMENT_HUMIDITY FLOAT,
    ENVIRONMENT_PRESSURE FLOAT
);

CREATE OR REPLACE PIPE truck_telemetry_pipe AUTO_INGEST = TRUE AS
COPY INTO TRUCK_TELEMETRY_DATA (TRUCK_ID, EFFECTIVE_START_DATE, GPS_LATITUDE, GPS_LONGITUDE, GPS_ALTITUDE, GPS_SPEED,
    VEHICLE_SPEED, ENGINE_RPM, FUEL_LEVEL, ENGINE_TEMPERATURE, OIL_PRESSURE, BATTERY_VOLTAGE, ODOMETER_READING,
    FUEL_CONSUMPTION, BRAKE_STATUS, TIRE_PRESSURE_FRONT_LEFT, TIRE_PRESSURE_FRONT_RIGHT, TIRE_PRESSURE_REAR_LEFT,
    TIRE_PRESSURE_REAR_RIGHT, TRANSMISSION_STATUS, ENVIRONMENT_TEMPERATURE, ENVIRONMENT_HUMIDITY, ENVIRONMENT_PRESSURE)
FROM (
  SELECT $1:truck_id, $1:timestamp::TIMESTAMP_NTZ,
         $1:gps_location.latitude::FLOAT, $1:gps_location.longitude::FLOAT, $1:gps_location.altitude::FLOAT,
         $1:gps_location.speed::FLOAT, $1:vehicle_speed::FLOAT,
         $1:engine_diagnostics.engine_rpm::FLOAT, $1:engine_diagnostics.fuel_level::FLOAT,
         $1:engine_diagnostics.engine_temperature::FLOAT, $1:engine_diagnostics.oil_pressure::FLOAT,
         $1:engine_diagnostics.battery_voltage::FLOAT, $1:odometer_reading::FLOAT, $1:fuel_consumption::FLOAT,
         $1:vehicle_health_and_maintenance.brake_status::STRING,
         $1:vehicle_health_and_maintenance.tire_pressure.front_left::FLOAT,
         $1:vehicle_health_and_maintenance.tire_pressure.front_right::FLOAT,
         $1:vehicle_health_and_maintenance.tire_pressure.rear_left::FLOAT,
         $1:vehicle_health_and_maintenance.tire_pressure.rear_right::FLOAT,
         $1:vehicle_health_and_maintenance.transmission_status::STRING,
         $1:environmental_conditions.temperature::FLOAT, $1:environmental_conditions.humidity::FLOAT,
         $1:environmental_conditions.atmospheric_pressure::FLOAT
  FROM @truck_telemetry_stage);
