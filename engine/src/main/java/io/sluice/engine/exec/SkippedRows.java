package io.sluice.engine.exec;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;

/**
 * Passes rows on to a consumer, all but the first {@code skip}: when a worker's split fails on a
 * row, the rows it had already handed to the query's thread were passed on, and the query's
 * thread reads the split again (to name the row or set it aside) passing on only the rows after
 * those. A read again gives the same rows in the same order up to the failing batch, so the
 * rows skipped are exactly the ones already passed on.
 */
final class SkippedRows implements BatchConsumer {
  private final BatchConsumer out;
  private long skip;

  SkippedRows(long skip, BatchConsumer out) {
    this.skip = skip;
    this.out = out;
  }

  /** {@code out} itself when nothing is to be skipped. */
  static BatchConsumer after(long skip, BatchConsumer out) {
    return skip == 0 ? out : new SkippedRows(skip, out);
  }

  @Override
  public void accept(Batch batch) {
    int n = batch.rowCount();
    if (skip == 0) {
      out.accept(batch);
      return;
    }
    if (n <= skip) {
      skip -= n;
      return;
    }
    int from = (int) skip;
    skip = 0;
    int[] selection = batch.selection;
    int selected = batch.selectedCount;
    int[] rest = new int[n - from];
    for (int k = from; k < n; k++) {
      rest[k - from] = batch.row(k);
    }
    batch.selection = rest;
    batch.selectedCount = rest.length;
    try {
      out.accept(batch);
    } finally {
      batch.selection = selection;
      batch.selectedCount = selected;
    }
  }
}
