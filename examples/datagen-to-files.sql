-- A pipeline with a checkpoint: generated orders, the large ones written to Parquet files. Run it,
-- stop it with Ctrl-C or SIGTERM (it commits the batch it is running and says what it did), run
-- it again: it goes on where it stopped, and no order is written twice. Read the result with SQL.
--   bin/sluice run --var OUT=/tmp/orders examples/datagen-to-files.sql
--   bin/sluice -c "CREATE TABLE t WITH (connector = 'files', path = '/tmp/orders/big_orders', format = 'parquet'); SELECT COUNT(*) FROM t"
CREATE SOURCE orders (id BIGINT, customer BIGINT, amount DOUBLE, ts TIMESTAMP(3))
  WITH (connector = 'datagen', 'number-of-rows' = '${ROWS:-100000}', 'rows-per-second' = '${RATE:-10000}',
        'fields.id.kind' = 'sequence', 'fields.id.start' = '1',
        'fields.customer.kind' = 'random', 'fields.customer.start' = '1', 'fields.customer.end' = '1000',
        'fields.amount.kind' = 'random', 'fields.amount.start' = '1', 'fields.amount.end' = '500');
CREATE SINK big_orders WITH (connector = 'files', path = '${OUT}/big_orders', format = 'parquet');
SET 'pipeline.checkpoint' = '${OUT}/checkpoints';
SET 'pipeline.trigger' = '1 second';
INSERT INTO big_orders SELECT id, customer, amount, ts FROM orders WHERE amount > 250;
