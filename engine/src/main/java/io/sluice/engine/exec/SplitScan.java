package io.sluice.engine.exec;

import io.sluice.catalog.connector.ScanSplit;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/**
 * A scan, an operator with no input that reads a table or a source at the end of its batch, whose
 * reads can be cut into splits that workers read at once ({@link ParallelScanOperator}): how it
 * reads a run whole, what it does with each source batch on a worker, what it then does on the
 * query's thread with each split's result, and how it reads one split there alone. It counts the
 * rows it passes on itself, since workers read them outside its node's runs.
 */
interface SplitScan {
  /** Reads this run whole on the query's thread, passing its rows to {@code out}. */
  void read(BatchConsumer out);

  /** Rows passed on so far, whoever read them: what EXPLAIN ANALYZE shows for the scan. */
  long rowsPassed();

  /** Rows read from the source so far; a scan shared by two branches reads them once. */
  default long rowsRead() {
    return rowsPassed();
  }

  /** The time spent inside the source since the last call, in nanoseconds ({@link ReadTime}); 0 when not measured. */
  default long takeReadNanos() {
    return 0;
  }

  /** The splits of this run's read, or an empty list when this run reads on one thread. */
  List<ScanSplit> splits(int parallelism);

  /** What one worker does with the scan's rows; one per worker, used by one thread at a time. */
  interface Worker {
    /** The rows of {@code source} to pass on (possibly a view valid until the next call), or null for none. */
    Batch pass(Batch source, SplitResult result);
  }

  Worker newWorker();

  /** Applies what a worker saw of a split, on the query's thread, in split order. */
  void apply(SplitResult result);

  /**
   * Reads {@code split} on the query's thread exactly as a read on one thread would, the rows of
   * the splits before it ({@code sourceRowsBefore}) already read.
   */
  void readSerially(ScanSplit split, long sourceRowsBefore, BatchConsumer out);

  /** The run read in splits has ended, however it ended. */
  default void endSplitRun() {}

  /**
   * Adds {@code nanos} to the time the scan spent reading in this batch: the time the query's
   * thread waited for the workers' splits (a scan that reports no read phase ignores it).
   */
  default void countReadTime(long nanos) {}
}
