-- Nexmark's auction model, generated (no download): the auctions with the most bids in each
-- 10-second window of event time (Nexmark q5's question, answered with a windowed Top-N).
--   bin/sluice run examples/nexmark-hot-auctions.sql
--   bin/sluice run --var EVENTS=1000000 examples/nexmark-hot-auctions.sql
CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
    dateTime TIMESTAMP(3), extra VARCHAR, WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND)
  WITH (connector = 'nexmark', 'table' = 'bid', 'max-events' = '${EVENTS:-100000}',
    'events-per-second' = 'unlimited');
CREATE SINK hot WITH (connector = 'console');
SET 'pipeline.trigger' = 'available-now';
RESET 'pipeline.checkpoint';  -- no checkpoint: every run starts from the first event
INSERT INTO hot
SELECT window_start, auction, bids FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start ORDER BY bids DESC) AS rn FROM (
    SELECT window_start, window_end, auction, COUNT(*) AS bids
    FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
    GROUP BY window_start, window_end, auction))
WHERE rn <= 3;
