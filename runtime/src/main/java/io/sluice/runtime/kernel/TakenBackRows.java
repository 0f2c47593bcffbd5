package io.sluice.runtime.kernel;

import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.RowKind;
import java.util.Arrays;

/**
 * Rows of open sessions shown before ({@code +I}) and taken back in this batch because their
 * session's bounds changed, each with the bounds it was shown with, so that it can be emitted as
 * a {@code -D} of exactly the row shown ({@link SessionWindowState#emitChanges}). Stored rows are
 * referred to by their position; the arrays are reused from batch to batch.
 */
final class TakenBackRows {
  private int[] rows = new int[16];
  private long[] starts = new long[16];
  private long[] ends = new long[16];
  private int count;

  /** Makes room for {@code more} rows. */
  void reserve(int more) {
    if (rows.length < count + more) {
      int capacity = Math.max(count + more, rows.length * 2);
      rows = Arrays.copyOf(rows, capacity);
      starts = Arrays.copyOf(starts, capacity);
      ends = Arrays.copyOf(ends, capacity);
    }
  }

  /** Takes back stored row {@code row}, shown in a session of bounds {@code [start, end)}; after {@link #reserve}. */
  void add(int row, long start, long end) {
    rows[count] = row;
    starts[count] = start;
    ends[count++] = end;
  }

  /** How many rows wait to be emitted. */
  int count() {
    return count;
  }

  /** Forgets the rows taken back without emitting them (a restore replaces the sessions). */
  void clear() {
    count = 0;
  }

  /** Emits every row taken back as a {@code -D} with the bounds it was shown with, then forgets them. */
  void emit(ColumnarRows stored, SessionRowWriter writer, BatchConsumer out) {
    for (int i = 0; i < count; i++) {
      writer.add(stored, rows[i], starts[i], ends[i], RowKind.DELETE, out);
    }
    count = 0;
  }
}
