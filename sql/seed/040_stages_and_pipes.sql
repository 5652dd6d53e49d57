-- Where files land, and the pipes that load them as they arrive (`wh daemon` watches the stages).
-- The stages are directories beside the warehouse file; `wh generate` writes into them. Telemetry
-- lands where the seed's Lambda puts it, the S3 bucket kinesis-telemetry-data-bucket under
-- telemetry-data/: `wh serve` answers S3 for it (warehouse.buckets/kinesis-telemetry-data-bucket/),
-- so boto3's put_object lands a file this stage's pipe loads.

CREATE STAGE IF NOT EXISTS TELEMETRY_STAGE URL = 's3://kinesis-telemetry-data-bucket/telemetry-data/' FILE_FORMAT = (FORMAT_NAME = 'JSON_RECORDS')
  COMMENT = 'Truck telemetry, nested (the Lambda''s shape) or flat (the Python generator''s)';

CREATE STAGE IF NOT EXISTS CLICKSTREAM_STAGE URL = 'landing/clickstream/' FILE_FORMAT = (FORMAT_NAME = 'JSON_RECORDS')
  COMMENT = 'Click events';

-- The seed's Kinesis streams, for its boto3 producers run against `wh serve` (AWS_ENDPOINT_URL):
-- a Kinesis stream is a stage, and these two are the directories above under the streams' names,
-- so what the producers put lands where the pipes load.
CREATE STAGE IF NOT EXISTS "TruckTelemetry" URL = 's3://kinesis-telemetry-data-bucket/telemetry-data/' FILE_FORMAT = (FORMAT_NAME = 'JSON_RECORDS')
  COMMENT = 'Kinesis stream TruckTelemetry (the generator''s flat records): TELEMETRY_STAGE''s directory';

CREATE STAGE IF NOT EXISTS "ClickDataStream" URL = 'landing/clickstream/' FILE_FORMAT = (FORMAT_NAME = 'JSON_RECORDS')
  COMMENT = 'Kinesis stream ClickDataStream (click events): CLICKSTREAM_STAGE''s directory';

-- Both telemetry shapes through one pipe: each column takes the nested path, else the flat key. A
-- record that cannot load (no truck, no time, a word where a number belongs) is rejected with its
-- file, line and reason (SELECT * FROM INFORMATION_SCHEMA.LOAD_REJECTS) and the rest of its file loads.
CREATE PIPE IF NOT EXISTS TELEMETRY_PIPE AUTO_INGEST = TRUE AS
COPY INTO RAW_TELEMETRY (TRUCK_ID, READING_TIME, GPS_LATITUDE, GPS_LONGITUDE, GPS_ALTITUDE, GPS_SPEED, VEHICLE_SPEED, ENGINE_RPM, FUEL_LEVEL, ENGINE_TEMPERATURE, OIL_PRESSURE, BATTERY_VOLTAGE, ODOMETER_READING, FUEL_CONSUMPTION, BRAKE_STATUS, TIRE_PRESSURE_FRONT_LEFT, TIRE_PRESSURE_FRONT_RIGHT, TIRE_PRESSURE_REAR_LEFT, TIRE_PRESSURE_REAR_RIGHT, TRANSMISSION_STATUS, ENVIRONMENT_TEMPERATURE, ENVIRONMENT_HUMIDITY, ENVIRONMENT_PRESSURE)
FROM (
  SELECT COALESCE($1:truck_id, $1:TRUCK_ID)::STRING,
         COALESCE($1:timestamp, $1:EFFECTIVE_START_DATE)::TIMESTAMP_NTZ,
         COALESCE($1:gps_location.latitude, $1:GPS_LATITUDE)::FLOAT,
         COALESCE($1:gps_location.longitude, $1:GPS_LONGITUDE)::FLOAT,
         COALESCE($1:gps_location.altitude, $1:GPS_ALTITUDE)::FLOAT,
         COALESCE($1:gps_location.speed, $1:GPS_SPEED)::FLOAT,
         COALESCE($1:vehicle_speed, $1:VEHICLE_SPEED)::FLOAT,
         COALESCE($1:engine_diagnostics.engine_rpm, $1:ENGINE_RPM)::FLOAT,
         COALESCE($1:engine_diagnostics.fuel_level, $1:FUEL_LEVEL)::FLOAT,
         COALESCE($1:engine_diagnostics.engine_temperature, $1:ENGINE_TEMPERATURE)::FLOAT,
         COALESCE($1:engine_diagnostics.oil_pressure, $1:OIL_PRESSURE)::FLOAT,
         COALESCE($1:engine_diagnostics.battery_voltage, $1:BATTERY_VOLTAGE)::FLOAT,
         COALESCE($1:odometer_reading, $1:ODOMETER_READING)::FLOAT,
         COALESCE($1:fuel_consumption, $1:FUEL_CONSUMPTION)::FLOAT,
         COALESCE($1:vehicle_health_and_maintenance.brake_status, $1:BRAKE_STATUS)::STRING,
         COALESCE($1:vehicle_health_and_maintenance.tire_pressure.front_left, $1:TIRE_PRESSURE_FRONT_LEFT)::FLOAT,
         COALESCE($1:vehicle_health_and_maintenance.tire_pressure.front_right, $1:TIRE_PRESSURE_FRONT_RIGHT)::FLOAT,
         COALESCE($1:vehicle_health_and_maintenance.tire_pressure.rear_left, $1:TIRE_PRESSURE_REAR_LEFT)::FLOAT,
         COALESCE($1:vehicle_health_and_maintenance.tire_pressure.rear_right, $1:TIRE_PRESSURE_REAR_RIGHT)::FLOAT,
         COALESCE($1:vehicle_health_and_maintenance.transmission_status, $1:TRANSMISSION_STATUS)::STRING,
         COALESCE($1:environmental_conditions.temperature, $1:ENVIRONMENT_TEMPERATURE)::FLOAT,
         COALESCE($1:environmental_conditions.humidity, $1:ENVIRONMENT_HUMIDITY)::FLOAT,
         COALESCE($1:environmental_conditions.atmospheric_pressure, $1:ENVIRONMENT_PRESSURE)::FLOAT
  FROM @TELEMETRY_STAGE)
ON_ERROR = CONTINUE;

-- Click events land as they are; MERGE_CLICKSTREAM validates them (030_clickstream.sql). A line
-- that is not JSON at all is rejected here, with its file and line, and the rest of the file loads.
CREATE PIPE IF NOT EXISTS CLICKSTREAM_PIPE AUTO_INGEST = TRUE AS
COPY INTO RAW_CLICKSTREAM (RECORD, FILE_NAME, FILE_ROW_NUMBER)
FROM (SELECT $1, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER FROM @CLICKSTREAM_STAGE)
ON_ERROR = CONTINUE;
