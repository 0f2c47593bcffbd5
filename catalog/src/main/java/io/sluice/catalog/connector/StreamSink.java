package io.sluice.catalog.connector;

import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.OutputMode;

/**
 * Where a continuous query writes. Each micro-batch's output is written under the batch's id
 * and then committed; a sink that sees a batch id it already committed ignores it, so a batch
 * run again after a failure is written once.
 */
public interface StreamSink {
  /** The columns the sink takes, or null if it takes whatever the query produces. */
  TableSchema schema();

  /** Starts the output of batch {@code batchId}, in {@code mode}, for rows shaped like {@code schema}. */
  BatchWriter open(long batchId, OutputMode mode, TableSchema schema);

  /** The output of one micro-batch. */
  interface BatchWriter extends AutoCloseable {
    /**
     * Writes rows. In update mode a sink that takes changelogs reads each row's kind from
     * {@code kinds} (one per physical row, see {@link io.sluice.catalog.stream.RowKind}); null means all inserts.
     */
    void write(Batch batch, byte[] kinds);

    /** Makes the batch's rows visible, once. */
    void commit();

    /** Discards an uncommitted batch. */
    @Override
    void close();
  }

  /**
   * The writer of a batch a sink has already committed (run again after a failure), or of a sink
   * that keeps nothing: it ignores every call.
   */
  BatchWriter IGNORED_BATCH = new BatchWriter() {
    @Override
    public void write(Batch batch, byte[] kinds) {}

    @Override
    public void commit() {}

    @Override
    public void close() {}
  };

  /**
   * A query whose identity is {@code queryId} is about to write to this sink: the same across its
   * restarts when its checkpoint keeps it, new for each run of a query without one. A sink that
   * names what it writes by its writer (a Kafka sink's transactional id) takes it from here, so
   * that two queries never take each other for a restart of themselves.
   */
  default void startQuery(String queryId) {}

  /** Whether the sink takes changelog rows ({@code -U}, {@code +U}, {@code -D}) as well as inserts. */
  default boolean takesChangelog() {
    return false;
  }

  /**
   * Refuses, with the reason and what to do instead, a query whose output this sink cannot write:
   * an output mode its format cannot carry, or columns it needs that {@code schema} lacks.
   * Called when a query into the sink is planned, so that it is refused before it starts.
   */
  default void check(OutputMode mode, TableSchema schema) {}

  /**
   * The query writing to this sink has ended: close connections and threads held for it (a Kafka
   * producer). The sink may be written again later, and opens them again.
   */
  default void release() {}

  default String describe() {
    return getClass().getSimpleName();
  }
}
