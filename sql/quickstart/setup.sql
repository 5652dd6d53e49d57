-- The quickstart's pipeline, after sql/scd2/setup.sql (the raw table, its stream, the seed's
-- TRUCK_TELEMETRY_DATA and the SCD2 merge procedure): a stage on a local directory, a pipe that
-- flattens each nested telemetry record into RAW_TELEMETRY, and a task that merges what is new into
-- the SCD2 history every second. `wh quickstart` runs both files, starts the daemon and drops
-- sample files into the stage.

CREATE OR REPLACE STAGE truck_telemetry_stage URL = 'quickstart-landing/' FILE_FORMAT = (TYPE = 'JSON');

CREATE OR REPLACE PIPE truck_telemetry_pipe AUTO_INGEST = TRUE AS
COPY INTO RAW_TELEMETRY (TRUCK_ID, READING_TIME, GPS_LATITUDE, GPS_LONGITUDE, GPS_ALTITUDE, GPS_SPEED, VEHICLE_SPEED, ENGINE_RPM, FUEL_LEVEL, ENGINE_TEMPERATURE, OIL_PRESSURE, BATTERY_VOLTAGE, ODOMETER_READING, FUEL_CONSUMPTION, BRAKE_STATUS, TIRE_PRESSURE_FRONT_LEFT, TIRE_PRESSURE_FRONT_RIGHT, TIRE_PRESSURE_REAR_LEFT, TIRE_PRESSURE_REAR_RIGHT, TRANSMISSION_STATUS, ENVIRONMENT_TEMPERATURE, ENVIRONMENT_HUMIDITY, ENVIRONMENT_PRESSURE)
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

CREATE OR REPLACE TASK truck_telemetry_scd2 SCHEDULE = '1 SECOND'
  WHEN SYSTEM$STREAM_HAS_DATA('RAW_TELEMETRY_STREAM')
  AS CALL MERGE_TELEMETRY_SCD2();

ALTER TASK truck_telemetry_scd2 RESUME;
