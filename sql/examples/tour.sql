-- A first look at wh: Snowflake SQL on one SQLite file.
-- Run it with:  swift run -c release wh --db demo.db sql -f sql/examples/tour.sql

-- Raw telemetry arrives as JSON; keep it as VARIANT.
CREATE OR REPLACE TABLE raw_telemetry (record VARIANT, received_at TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP());

INSERT INTO raw_telemetry (record)
SELECT PARSE_JSON(column1) FROM (VALUES
  ('{"truck_id":"TRUCK-001","timestamp":"2025-03-17T15:30:00","gps_location":{"latitude":40.71,"longitude":-74.00},"vehicle_speed":62.5,"engine_diagnostics":{"fuel_level":81.0},"vehicle_health_and_maintenance":{"brake_status":"Good","tire_pressure":{"front_left":32.1}}}'),
  ('{"truck_id":"TRUCK-001","timestamp":"2025-03-17T15:35:00","gps_location":{"latitude":40.73,"longitude":-73.99},"vehicle_speed":58.0,"engine_diagnostics":{"fuel_level":79.5},"vehicle_health_and_maintenance":{"brake_status":"Good","tire_pressure":{"front_left":32.0}}}'),
  ('{"truck_id":"TRUCK-002","timestamp":"2025-03-17T15:31:00","gps_location":{"latitude":34.05,"longitude":-118.24},"vehicle_speed":0.0,"engine_diagnostics":{"fuel_level":12.0},"vehicle_health_and_maintenance":{"brake_status":"Needs Inspection","tire_pressure":{"front_left":24.5}}}')
);

-- Files land in a stage. PUT copies local files into one (paths are relative to where wh runs, as in
-- snowsql: run the tour from the repository's root, or PUT with file:///absolute/paths). COPY
-- flattens each nested record into typed columns and loads each file exactly once.
CREATE OR REPLACE STAGE landing FILE_FORMAT = (TYPE = JSON);
PUT file://sql/examples/data/*.*json @landing AUTO_COMPRESS = FALSE;
CREATE OR REPLACE TABLE telemetry (truck_id STRING NOT NULL, reading_time TIMESTAMP_NTZ, latitude FLOAT,
                                   engine_rpm FLOAT, source_file STRING, loaded_at TIMESTAMP_NTZ DEFAULT CURRENT_TIMESTAMP());
COPY INTO telemetry (truck_id, reading_time, latitude, engine_rpm, source_file)
  FROM (SELECT $1:truck_id, $1:timestamp::TIMESTAMP_NTZ, $1:gps_location.latitude::FLOAT,
               $1:engine_diagnostics.engine_rpm::FLOAT, METADATA$FILENAME FROM @landing);
-- The same COPY again: the files are in the table's load history, so nothing is loaded twice.
COPY INTO telemetry (truck_id, reading_time, latitude, engine_rpm, source_file)
  FROM (SELECT $1:truck_id, $1:timestamp::TIMESTAMP_NTZ, $1:gps_location.latitude::FLOAT,
               $1:engine_diagnostics.engine_rpm::FLOAT, METADATA$FILENAME FROM @landing);
SELECT truck_id, reading_time, latitude, engine_rpm, source_file FROM telemetry ORDER BY reading_time;

-- Flatten the nested records into typed columns with VARIANT paths and casts.
CREATE OR REPLACE TABLE truck_readings AS
SELECT record:truck_id::STRING                                        AS truck_id,
       record:timestamp::TIMESTAMP_NTZ                                AS reading_time,
       record:vehicle_speed::FLOAT                                    AS speed_kmh,
       record:engine_diagnostics.fuel_level::FLOAT                    AS fuel_level,
       record:vehicle_health_and_maintenance.brake_status::STRING     AS brake_status,
       record:vehicle_health_and_maintenance.tire_pressure.front_left::FLOAT AS tire_front_left
FROM raw_telemetry;

-- The latest reading per truck (QUALIFY), and what needs attention.
SELECT truck_id, reading_time, speed_kmh, fuel_level,
       CASE WHEN fuel_level < 20 THEN 'refuel'
            WHEN brake_status <> 'Good' THEN 'brakes'
            WHEN tire_front_left < 28 THEN 'tires'
            ELSE 'ok' END AS attention
FROM truck_readings
QUALIFY ROW_NUMBER() OVER (PARTITION BY truck_id ORDER BY reading_time DESC) = 1
ORDER BY truck_id;
