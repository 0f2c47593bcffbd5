package io.sluice.engine.exec;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;

/**
 * Work a worker does on the rows of a split after the scan and its filter/projection, before the
 * query's thread takes the split's result: a partial aggregation ({@link PartialAggregation}).
 * An instance serves one thread at a time and one split at a time: it takes the split's batches
 * ({@link #accept}), then gives what it made of them ({@link #finish}) and is ready for the next
 * split. What it gives must depend on the split's rows alone, so that the query's thread, taking
 * the splits' results in split order, gets the same rows for any number of workers.
 */
public interface SplitStage {
  /**
   * Takes one batch of the split's rows (valid only during the call); may already pass rows to
   * {@code out} (a partial aggregation holding too many groups passes them and starts afresh).
   */
  void accept(Batch batch, BatchConsumer out);

  /** Passes what is left of the split to {@code out} and forgets the split. */
  void finish(BatchConsumer out);

  /**
   * Heap bytes it holds now, kept tables included (a partial aggregation's groups): what the memory
   * budget counts for the worker running it. Asked on the thread running the stage.
   */
  default long heldBytes() {
    return 0;
  }
}
