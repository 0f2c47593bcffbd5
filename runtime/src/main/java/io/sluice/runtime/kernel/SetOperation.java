package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.util.Arrays;
import java.util.List;

/**
 * INTERSECT and EXCEPT, with or without ALL, over whole rows (NULLs equal to each other).
 * Counts each distinct row on both sides; {@link #emit} writes each distinct row as many
 * times as the operation asks: INTERSECT ALL min(left, right), EXCEPT ALL max(left - right, 0);
 * INTERSECT once if on both sides, EXCEPT once if on the left only. Rows come out in order of
 * first appearance in either input.
 */
public final class SetOperation {
  /** The operation. */
  public enum Kind { INTERSECT, EXCEPT }

  private final Kind kind;
  private final boolean all;
  private final List<DataType> types;
  private final int[] columns;
  private final KeyTable rows;
  private long[] leftCounts = new long[16];
  private long[] rightCounts = new long[16];
  private final Batch output;
  private final int[] gatherRows = new int[Batch.DEFAULT_CAPACITY];

  public SetOperation(Kind kind, boolean all, List<DataType> types) {
    this.kind = kind;
    this.all = all;
    this.types = List.copyOf(types);
    columns = new int[types.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = i;
    }
    rows = new KeyTable(this.types);
    output = Batch.allocate(this.types, Batch.DEFAULT_CAPACITY);
  }

  public List<DataType> types() {
    return types;
  }

  /** Adds left rows. */
  public void addLeft(Batch batch) {
    add(batch, true);
  }

  private void add(Batch batch, boolean left) {
    int n = batch.rowCount();
    if (n == 0) {
      return;
    }
    int[] ids = rows.groupIdsFor(batch, columns);
    if (leftCounts.length < rows.size()) {
      int capacity = Math.max(rows.size(), leftCounts.length * 2);
      leftCounts = Arrays.copyOf(leftCounts, capacity);
      rightCounts = Arrays.copyOf(rightCounts, capacity);
    }
    long[] counts = left ? leftCounts : rightCounts;
    for (int k = 0; k < n; k++) {
      counts[ids[k]]++;
    }
  }

  /** Adds right rows; either side may come first or interleave. */
  public void addRight(Batch batch) {
    add(batch, false);
  }

  /** Pushes the result; call after all input of both sides. */
  public void emit(BatchConsumer consumer) {
    int m = 0;
    int groups = rows.size();
    for (int g = 0; g < groups; g++) {
      long left = leftCounts[g];
      long right = rightCounts[g];
      long copies;
      if (all) {
        copies = kind == Kind.INTERSECT ? Math.min(left, right) : Math.max(left - right, 0);
      } else {
        // EXCEPT removes a row present on the right at all, however often it is on the left.
        copies = left > 0 && (kind == Kind.INTERSECT ? right > 0 : right == 0) ? 1 : 0;
      }
      for (long c = 0; c < copies; c++) {
        gatherRows[m++] = g;
        if (m == gatherRows.length) {
          flush(m, consumer);
          m = 0;
        }
      }
    }
    if (m > 0) {
      flush(m, consumer);
    }
  }

  private void flush(int m, BatchConsumer consumer) {
    output.reset();
    rows.keys().gather(gatherRows, m, output, 0);
    output.size = m;
    consumer.accept(output);
  }
}
