-- A tour of Sluice over two CSV files: customers and their sales.
CREATE TABLE customers (id BIGINT, name VARCHAR, country VARCHAR, signup_date DATE)
  WITH (connector = 'files', format = 'csv', header = 'true', path = '${DATA}/customers.csv');

CREATE TABLE sales (id BIGINT, customer_id BIGINT, product VARCHAR, quantity INTEGER,
                    unit_price DECIMAL(8, 2), sold_at TIMESTAMP(0))
  WITH (connector = 'files', format = 'csv', header = 'true', path = '${DATA}/sales.csv');

-- How much was sold, in all?
SELECT COUNT(*) AS sales, SUM(quantity) AS items, SUM(quantity * unit_price) AS revenue FROM sales;

-- Revenue by country: a join and a GROUP BY.
SELECT c.country, COUNT(*) AS sales, SUM(s.quantity * s.unit_price) AS revenue
FROM sales s JOIN customers c ON s.customer_id = c.id
GROUP BY c.country
ORDER BY revenue DESC;

-- The best-selling product of each month: a window function.
SELECT sale_month, product, items
FROM (
  SELECT EXTRACT(MONTH FROM sold_at) AS sale_month, product, SUM(quantity) AS items,
         RANK() OVER (PARTITION BY EXTRACT(MONTH FROM sold_at) ORDER BY SUM(quantity) DESC) AS place
  FROM sales
  GROUP BY EXTRACT(MONTH FROM sold_at), product
) ranked
WHERE place = 1
ORDER BY sale_month;

-- The five biggest single sales.
SELECT s.id, c.name, s.product, s.quantity * s.unit_price AS amount
FROM sales s JOIN customers c ON s.customer_id = c.id
ORDER BY amount DESC, s.id
LIMIT 5;

-- Write the large sales to Parquet and read them back.
CREATE TABLE big_sales (id BIGINT, customer_id BIGINT, product VARCHAR, amount DECIMAL(10, 2))
  WITH (connector = 'files', format = 'parquet', path = '${DATA}/big_sales');

INSERT INTO big_sales
SELECT id, customer_id, product, quantity * unit_price FROM sales WHERE quantity * unit_price >= 100;

SELECT product, COUNT(*) AS sales, MIN(amount) AS smallest, MAX(amount) AS largest
FROM big_sales GROUP BY product ORDER BY product;

-- How a join with a filter is planned: the filter is pushed below the join.
EXPLAIN
SELECT c.name, s.product, s.quantity
FROM sales s JOIN customers c ON s.customer_id = c.id
WHERE c.country = 'JP' AND s.quantity > 5;

-- Streams: the built-in Nexmark auction generator as a source with event time (2,000 events
-- per second of event time). This one ends after 20,000 events.
CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
                   dateTime TIMESTAMP(3), extra VARCHAR,
                   WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)
  WITH (connector = 'nexmark', 'table' = 'bid', 'events-per-second' = 'unlimited',
        'max-events' = '20000', 'max-events-per-batch' = '5000', 'event-time-rate' = '2000');

-- A query over a stream runs in micro-batches. Each 2-second window is emitted once the
-- watermark passes its end (the last ones when the stream ends); 'available-now' stops the
-- query once it has read what the source holds. INSERT INTO a sink runs it in the background.
SET 'pipeline.trigger' = 'available-now';

SELECT window_start, COUNT(*) AS bids, MAX(price) AS top_price
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND))
GROUP BY window_start, window_end;

-- An aggregation without a window changes as rows arrive: its result is a changelog.
SELECT channel, COUNT(*) AS bids FROM bid WHERE channel IN ('Apple', 'Google') GROUP BY channel;
