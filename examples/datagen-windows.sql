-- Readings from 5 sensors, generated (no download): one row per 100 ms of event time, as fast as
-- the machine goes. A 1-second tumbling window counts and averages each sensor's readings; each
-- window is printed once the watermark passes its end.
--   bin/sluice run examples/datagen-windows.sql             (10,000 rows)
--   bin/sluice run --var ROWS=100000 examples/datagen-windows.sql
CREATE SOURCE readings (
    sensor BIGINT, reading DOUBLE, ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
  WITH (connector = 'datagen', 'number-of-rows' = '${ROWS:-10000}', 'rows-per-second' = 'unlimited',
        'event-time-per-row' = '100 ms', seed = '7',
        'fields.sensor.kind' = 'random', 'fields.sensor.start' = '1', 'fields.sensor.end' = '5',
        'fields.reading.kind' = 'random', 'fields.reading.start' = '0', 'fields.reading.end' = '100');
CREATE SINK per_second WITH (connector = 'console');
SET 'pipeline.trigger' = 'available-now';
RESET 'pipeline.checkpoint';  -- no checkpoint: every run starts from the first row
INSERT INTO per_second
SELECT window_start, sensor, COUNT(*) AS readings, ROUND(AVG(reading), 2) AS average
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '1' SECOND))
WHERE window_start < TIMESTAMP '2024-01-01 00:00:03'
GROUP BY window_start, window_end, sensor;
