package io.sluice.engine.exec;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.operator.AbstractOperator;

/**
 * What the scans share: no input, the whole read at the end of each batch ({@link #read}), and a
 * count of the rows passed on kept by the scan itself, since workers read its rows outside its
 * node's runs ({@link ParallelScanOperator}).
 */
abstract class AbstractScan extends AbstractOperator implements SplitScan {
  /** Rows passed on so far, whoever read them. */
  long rowsPassed;

  AbstractScan(String name) {
    super(name);
  }

  @Override
  public final void input(int port, Batch batch) {
    throw new IllegalStateException(name() + " has no input");
  }

  /** Reads this batch's rows. */
  @Override
  public final void endBatch() {
    read(output);
  }

  @Override
  public final long rowsPassed() {
    return rowsPassed;
  }

  /** {@code out}, counting the rows that pass through it. */
  final BatchConsumer counting(BatchConsumer out) {
    return batch -> {
      rowsPassed += batch.rowCount();
      out.accept(batch);
    };
  }
}
