package io.sluice.runtime.kernel;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;

/**
 * OFFSET and LIMIT over a stream of batches, in arrival order: rows pass through with a narrowed
 * selection, nothing is copied. {@link #isDone} tells the producer that no more input is needed.
 */
public final class Limiter {
  private final long offset;
  private final long limit;
  private long skipped;
  private long passed;
  private int[] selection = new int[Batch.DEFAULT_CAPACITY];

  /** @param limit rows to pass after the offset, or -1 for all */
  public Limiter(long offset, long limit) {
    if (offset < 0 || limit < -1) {
      throw new IllegalArgumentException("offset " + offset + ", limit " + limit);
    }
    this.offset = offset;
    this.limit = limit;
  }

  /** Whether every further row would be dropped. */
  public boolean isDone() {
    return limit >= 0 && passed >= limit;
  }

  /** Passes the rows of {@code batch} that fall inside the window on to {@code consumer}. */
  public void add(Batch batch, BatchConsumer consumer) {
    int n = batch.rowCount();
    if (n == 0 || isDone()) {
      return;
    }
    int first = (int) Math.min(n, offset - skipped);
    skipped += first;
    int count = n - first;
    if (limit >= 0) {
      count = (int) Math.min(count, limit - passed);
    }
    if (count <= 0) {
      return;
    }
    passed += count;
    if (selection.length < count) {
      selection = new int[Math.max(count, batch.size)];
    }
    for (int i = 0; i < count; i++) {
      selection[i] = batch.row(first + i);
    }
    Batch view = new Batch(batch.columns, batch.size);
    view.selection = selection;
    view.selectedCount = count;
    consumer.accept(view);
  }
}
