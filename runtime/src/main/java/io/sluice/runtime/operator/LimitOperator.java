package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;

/**
 * Passes on the rows from {@code offset} to {@code offset + limit} of each batch's input and stops
 * that input once it has them ({@link EnoughInput}): nothing below needs to know about limits. Of
 * bounded inputs only; over a stream a LIMIT is a sort's, which must see the whole batch.
 */
public final class LimitOperator extends AbstractOperator {
  private final long offset;
  /** Negative for no limit. */
  private final long end;
  private final boolean empty;
  private final EnoughInput enough = new EnoughInput(this);
  private int[] selection = new int[Batch.DEFAULT_CAPACITY];
  /** Rows of the input seen in the current batch. */
  private long seen;

  public LimitOperator(long offset, long limit) {
    super("Limit");
    this.offset = offset;
    this.end = limit < 0 ? Long.MAX_VALUE : offset + limit;
    this.empty = limit == 0;
  }

  @Override
  public void startBatch() {
    seen = 0;
  }

  @Override
  public boolean needsInput(int port) {
    return !empty;
  }

  @Override
  public void input(int port, Batch batch) {
    int n = batch.rowCount();
    long first = seen;
    seen += n;
    if (seen <= offset) {
      return;
    }
    int from = (int) Math.max(0, offset - first);
    int to = (int) Math.min(n, end - first);
    if (from > 0 || to < n) {
      if (selection.length < n) {
        selection = new int[n];
      }
      int[] sel = selection;
      for (int k = from; k < to; k++) {
        sel[k - from] = batch.row(k);
      }
      int[] saved = batch.selection;
      int savedCount = batch.selectedCount;
      batch.selection = sel;
      batch.selectedCount = to - from;
      output.accept(batch);
      batch.selection = saved;
      batch.selectedCount = savedCount;
    } else {
      output.accept(batch);
    }
    if (seen >= end) {
      throw enough;
    }
  }

  @Override
  public void endBatch() {}
}
