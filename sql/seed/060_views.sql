-- The seed's questions, as views: the fleet now, trucks needing maintenance (and why), fuel
-- efficiency per truck, and what customers click.

-- Each truck's latest reading.
CREATE OR REPLACE VIEW FLEET_CURRENT_STATE AS
SELECT TRUCK_ID, EFFECTIVE_START_DATE AS LAST_READING, GPS_LATITUDE, GPS_LONGITUDE, VEHICLE_SPEED, FUEL_LEVEL,
       ENGINE_TEMPERATURE, BATTERY_VOLTAGE, ODOMETER_READING, BRAKE_STATUS, TRANSMISSION_STATUS
FROM TRUCK_TELEMETRY_DATA
WHERE IS_CURRENT;

-- Every version of a truck's history that showed a fault, with every reason: brakes or transmission
-- flagged by the truck, a tyre below 28 psi, the battery below 12 V, the engine above 105 °C, fuel
-- below 10 %.
CREATE OR REPLACE VIEW MAINTENANCE_HISTORY AS
SELECT TRUCK_ID, READING_TIME, IS_CURRENT, REASON
FROM (
  SELECT TRUCK_ID, EFFECTIVE_START_DATE AS READING_TIME, IS_CURRENT,
         RTRIM(
           IFF(BRAKE_STATUS <> 'Good', 'brakes: ' || BRAKE_STATUS || '; ', '') ||
           IFF(LEAST(TIRE_PRESSURE_FRONT_LEFT, TIRE_PRESSURE_FRONT_RIGHT, TIRE_PRESSURE_REAR_LEFT, TIRE_PRESSURE_REAR_RIGHT) < 28,
               'tyre pressure low: ' || LEAST(TIRE_PRESSURE_FRONT_LEFT, TIRE_PRESSURE_FRONT_RIGHT, TIRE_PRESSURE_REAR_LEFT, TIRE_PRESSURE_REAR_RIGHT) || ' psi; ', '') ||
           IFF(TRANSMISSION_STATUS <> 'Operational', 'transmission: ' || TRANSMISSION_STATUS || '; ', '') ||
           IFF(BATTERY_VOLTAGE < 12, 'battery low: ' || BATTERY_VOLTAGE || ' V; ', '') ||
           IFF(ENGINE_TEMPERATURE > 105, 'engine hot: ' || ENGINE_TEMPERATURE || ' C; ', '') ||
           IFF(FUEL_LEVEL < 10, 'fuel low: ' || FUEL_LEVEL || ' %; ', ''),
           '; ') AS REASON
  FROM TRUCK_TELEMETRY_DATA)
WHERE REASON <> '';

-- Trucks whose latest reading shows a fault, with every reason.
CREATE OR REPLACE VIEW TRUCKS_NEEDING_MAINTENANCE AS
SELECT TRUCK_ID, READING_TIME AS LAST_READING, REASON FROM MAINTENANCE_HISTORY WHERE IS_CURRENT;

-- Distance from the odometer and fuel from the drops in FUEL_LEVEL (percent of a 400-litre tank)
-- between consecutive readings; a refill (a rise) uses no fuel. The sums over the whole history are
-- kept by the SCD2 merge in FUEL_EFFICIENCY_STATE (020_telemetry.sql): the same figures as summing
-- the history on each call (sql/tests/pipeline/fuel_efficiency.test compares them), in milliseconds
-- however long it grows.
CREATE OR REPLACE VIEW FUEL_EFFICIENCY AS
SELECT TRUCK_ID, READINGS, ROUND(DISTANCE_KM, 1) AS DISTANCE_KM, ROUND(FUEL_USED_LITRES, 1) AS FUEL_USED_LITRES,
       ROUND(DISTANCE_KM / NULLIF(FUEL_USED_LITRES, 0), 2) AS KM_PER_LITRE,
       ROUND(100 * FUEL_USED_LITRES / NULLIF(DISTANCE_KM, 0), 1) AS LITRES_PER_100_KM
FROM (
  SELECT TRUCK_ID, LEGS + 1 AS READINGS, DISTANCE_KM, FUEL_DROP_PERCENT * 400 / 100 AS FUEL_USED_LITRES
  FROM FUEL_EFFICIENCY_STATE
  WHERE LEGS > 0);

-- Clicks per product in the last hour, the last day and all time.
CREATE OR REPLACE VIEW CLICKS_PER_PRODUCT AS
SELECT ITEM_ID, MAX(ITEM_NAME) AS ITEM_NAME,
       SUM(IFF(EVENT_TIMESTAMP >= DATEADD(HOUR, -1, CURRENT_TIMESTAMP()), CLICK_COUNTS, 0)) AS CLICKS_LAST_HOUR,
       SUM(IFF(EVENT_TIMESTAMP >= DATEADD(DAY, -1, CURRENT_TIMESTAMP()), CLICK_COUNTS, 0)) AS CLICKS_LAST_DAY,
       SUM(CLICK_COUNTS) AS CLICKS_ALL_TIME
FROM CLICKSTREAM_DATA
GROUP BY ITEM_ID;

-- The most clicked products first.
CREATE OR REPLACE VIEW TOP_PRODUCTS AS
SELECT RANK() OVER (ORDER BY CLICKS_ALL_TIME DESC) AS PRODUCT_RANK, ITEM_ID, ITEM_NAME,
       CLICKS_ALL_TIME, CLICKS_LAST_DAY, CLICKS_LAST_HOUR
FROM CLICKS_PER_PRODUCT;
