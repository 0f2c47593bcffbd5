-- A pipeline to watch: readings from 5 sensors, 2,000 a second (one per 10 ms of event time), counted
-- and averaged per sensor in 1-second tumbling windows; runs until Ctrl-C. Watch it in a browser:
--   bin/sluice run --ui examples/live-windows.sql           then open http://127.0.0.1:4040/
-- Its checkpoint goes to ${OUT} (by default /tmp/sluice-live-windows), so the page shows the replay
-- command of each batch; a second run goes on from there.
CREATE SOURCE readings (
    sensor BIGINT, reading DOUBLE, ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
  WITH (connector = 'datagen', 'number-of-rows' = '${ROWS:-1000000000}', 'rows-per-second' = '${RATE:-2000}',
        'event-time-per-row' = '10 ms', seed = '7',
        'fields.sensor.kind' = 'random', 'fields.sensor.start' = '1', 'fields.sensor.end' = '5',
        'fields.reading.kind' = 'random', 'fields.reading.start' = '0', 'fields.reading.end' = '100');
CREATE SINK per_second WITH (connector = 'blackhole');
SET 'pipeline.checkpoint' = '${OUT:-/tmp/sluice-live-windows}';
SET 'pipeline.trigger' = '500 ms';
INSERT INTO per_second
SELECT window_start, sensor, COUNT(*) AS readings, AVG(reading) AS average
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '1' SECOND))
GROUP BY window_start, window_end, sensor;
