-- A first look at wh: a few truck readings, loaded and queried in one warehouse file.
-- Run it with:  swift run -c release wh --db demo.db sql -f sql/examples/tour.sql

DROP TABLE IF EXISTS truck_readings;

CREATE TABLE truck_readings (
    truck_id      TEXT NOT NULL,
    reading_time  TEXT NOT NULL,
    speed_kmh     REAL,
    fuel_level    REAL,
    brake_status  TEXT
);

INSERT INTO truck_readings VALUES
    ('TRUCK-001', '2025-03-17 15:30:00.000000', 62.5, 81.0, 'OK'),
    ('TRUCK-001', '2025-03-17 15:35:00.000000', 58.0, 79.5, 'OK'),
    ('TRUCK-002', '2025-03-17 15:31:00.000000', 0.0,  12.0, 'Needs Inspection'),
    ('TRUCK-003', '2025-03-17 15:32:00.000000', 71.2, 44.3, 'OK');

-- The latest reading per truck, and what needs attention.
SELECT truck_id,
       max(reading_time) AS last_seen,
       round(avg(speed_kmh), 1) AS avg_speed,
       min(fuel_level) AS fuel,
       CASE WHEN min(fuel_level) < 20 THEN 'refuel'
            WHEN max(brake_status <> 'OK') THEN 'brakes'
            ELSE 'ok' END AS attention
FROM truck_readings
GROUP BY truck_id
ORDER BY truck_id;
