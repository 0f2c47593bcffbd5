package io.sluice.catalog.connector;

import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/**
 * An unbounded input read in micro-batches. Every batch is a range of offsets decided before it
 * runs, so the same range can be read again after a failure and yields the same rows.
 *
 * <p>Offsets are opaque to the engine: each source encodes its position as text (a row count,
 * a list of files, an event number) that it can parse again, and that a checkpoint records.
 */
public interface StreamSource {
  TableSchema schema();

  /** The offset before the first row. */
  String initialOffset();

  /**
   * The end offset of the next batch starting at {@code start}: everything available now, cut
   * to the source's own per-batch limits (max rows or files per trigger). Equal to
   * {@code start} when nothing new is available.
   */
  String nextEndOffset(String start);

  /** Pushes the rows after {@code start} up to and including {@code end}, with the requested columns. */
  void read(String start, String end, ScanRequest request, BatchConsumer consumer);

  /**
   * The rows after {@code start} up to and including {@code end} cut into splits that may be read
   * at once on several threads, about {@code parallelism} or more; read in order they give the
   * rows {@link #read} gives. Empty when the source cannot cut the range (then it is read whole,
   * on one thread), as by default.
   */
  default List<ScanSplit> splits(String start, String end, ScanRequest request,
      int parallelism) {
    return List.of();
  }

  /**
   * Whether no row will ever come after {@code offset} (a finite generator or a closed input);
   * a query over finished sources stops.
   */
  default boolean isFinished(String offset) {
    return false;
  }

  /**
   * The number of parts (Kafka partitions) of the source at {@code offset}, for a source whose
   * parts advance in event time independently and report their event times through
   * {@link io.sluice.catalog.connector.ScanRequest#partEventTimes}; 0 for a source read as one
   * whole, whose watermark follows the largest event time read.
   */
  default int parts(String offset) {
    return 0;
  }

  /**
   * How long a part may go without new rows before the watermark no longer waits for it, in
   * milliseconds of batch time; {@link Long#MAX_VALUE} when parts never count as idle.
   */
  default long partIdleTimeoutMillis() {
    return Long.MAX_VALUE;
  }

  /**
   * The format of a source whose records are changes to a table (inserts, updates and deletes)
   * rather than new rows, e.g. {@code debezium-json}; null when every row is an insert. Such a
   * source marks each row's kind in {@link io.sluice.catalog.data.Batch#kinds}, so the query
   * below it takes back what a deleted or updated row added.
   */
  default String changelogFormat() {
    return null;
  }

  /**
   * Whether the source's changes may lack what an update or delete takes back: an update without
   * its old row, a delete that holds only the key (Debezium without a whole {@code before}, an
   * upsert topic). The engine then keeps the current row of every key of the declared primary key
   * in the query's state and supplies them (a changelog normalize step), so the query above sees a
   * whole changelog; duplicates (a change to the same row) are dropped there. False by default.
   */
  default boolean changelogNeedsNormalize() {
    return false;
  }

  /**
   * What the batch reading this source is waiting for, when it waits on something outside the
   * process that does not answer (a Kafka broker gone away), e.g. "broker at 'h:9092' not
   * answering since 12:00:01, retrying"; null while it is not waiting. Read by other threads.
   */
  default String waitingFor() {
    return null;
  }

  /**
   * A query reading this source has ended: close connections and threads held for it (a Kafka
   * consumer). The source may be read again later, by a restarted query, and opens them again.
   */
  default void release() {}

  /** A short description for EXPLAIN and progress, e.g. "datagen 1000 rows/s". */
  default String describe() {
    return getClass().getSimpleName();
  }
}
