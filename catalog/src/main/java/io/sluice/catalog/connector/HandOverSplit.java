package io.sluice.catalog.connector;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.util.function.Supplier;

/**
 * A split that can hand its batches over rather than reuse them: a reader that fills each batch
 * afresh anyway (a generator) lets a parallel scan pass its batches to the query's thread as they
 * are, where a split that reuses one buffer must have each batch copied before it leaves the
 * worker.
 */
public interface HandOverSplit extends ScanSplit {
  /**
   * Reads the split as {@link #read} does, except that a batch passed to {@code consumer} is the
   * consumer's from then on: the split never touches it again, and fills its next rows into
   * {@code reused.get()} (a batch of this split's kind that the consumer is done with), or into a
   * new batch when that gives null. Every batch given to {@code consumer} holds at least one row.
   */
  void readHandingOver(RejectedRows rejects, Supplier<Batch> reused, BatchConsumer consumer);
}
