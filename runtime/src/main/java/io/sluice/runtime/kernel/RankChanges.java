package io.sluice.runtime.kernel;

import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.RowKind;
import java.util.Arrays;

/**
 * The changelog of a {@link TopN} in changelog mode: remembers, for each partition the running
 * batch touches, its rank list as it was before the batch, and at the end of the batch emits the
 * difference to the list as it is ({@code -D} for a row that left the first N, {@code +I} for one
 * that entered, {@code -U}/{@code +U} for a row whose shown rank changed; with N = 1 a replaced
 * row is a {@code -U}/{@code +U} pair). Lists before the batch are copied into one shared array,
 * so nothing is allocated per row or per partition.
 */
final class RankChanges {
  /** Per partition: the epoch of the batch that last remembered it. */
  private int[] stamps = new int[16];
  private int epoch = 1;
  private int[] touched = new int[16];
  private int touchedCount;
  private int[] before = new int[64];
  private int[] beforeStart = new int[17];
  /** Scratch, by store id: the row's position in its partition's new list, or -1. */
  private int[] newPosition = new int[0];
  /** In {@link #newPosition} while a difference is taken: the row was in the list before and still is. */
  private static final int STAYED = -2;

  /** Makes room for partitions {@code [0, count)}. */
  void reserve(int count) {
    if (count > stamps.length) {
      stamps = Arrays.copyOf(stamps, Math.max(count, stamps.length * 2));
    }
  }

  /** Records partition {@code p}'s list {@code list[0 .. size)} as it was before the running batch, once per batch. */
  void beforeChange(int p, int[] list, int size) {
    if (stamps[p] == epoch) {
      return;
    }
    stamps[p] = epoch;
    if (touchedCount == touched.length) {
      touched = Arrays.copyOf(touched, touchedCount * 2);
      beforeStart = Arrays.copyOf(beforeStart, touchedCount * 2 + 1);
    }
    int start = beforeStart[touchedCount];
    if (start + size > before.length) {
      before = Arrays.copyOf(before, Math.max(start + size, before.length * 2));
    }
    if (size > 0) {
      System.arraycopy(list, 0, before, start, size);
    }
    touched[touchedCount++] = p;
    beforeStart[touchedCount] = start + size;
  }

  /** Whether partitions were touched since the last {@link #emit} or {@link #settle}: the state is mid-batch. */
  boolean pending() {
    return touchedCount > 0;
  }

  /**
   * Emits, through {@code writer}, how every touched partition's list changed, and starts the
   * next batch's record. A row in a list now that was not in it before the batch entered it (a
   * row read back from the disk store with its partition is in both).
   */
  void emit(ColumnarRows rows, int[][] lists, int[] sizes, int limit, boolean rankShifts, RankedRowWriter writer,
      BatchConsumer out) {
    if (newPosition.length < rows.size()) {
      int old = newPosition.length;
      newPosition = Arrays.copyOf(newPosition, Math.max(rows.size(), old * 2));
      Arrays.fill(newPosition, old, newPosition.length, -1);
    }
    for (int t = 0; t < touchedCount; t++) {
      int p = touched[t];
      int oldStart = beforeStart[t];
      int oldSize = beforeStart[t + 1] - oldStart;
      if (limit == 1) {
        replacement(rows, oldSize == 0 ? -1 : before[oldStart], sizes[p] == 0 ? -1 : lists[p][0], writer, out);
      } else {
        difference(rows, oldStart, oldSize, lists[p], sizes[p], rankShifts, writer, out);
      }
    }
    settle();
  }

  private static void replacement(ColumnarRows rows, int oldRow, int newRow, RankedRowWriter writer,
      BatchConsumer out) {
    if (oldRow == newRow) {
      return;
    }
    if (oldRow < 0) {
      writer.emit(RowKind.INSERT, rows, newRow, 1, out);
    } else if (newRow < 0) {
      writer.emit(RowKind.DELETE, rows, oldRow, 1, out);
    } else {
      writer.emit(RowKind.UPDATE_BEFORE, rows, oldRow, 1, out);
      writer.emit(RowKind.UPDATE_AFTER, rows, newRow, 1, out);
    }
  }

  private void difference(ColumnarRows rows, int oldStart, int oldSize, int[] list, int size, boolean rankShifts,
      RankedRowWriter writer, BatchConsumer out) {
    for (int i = 0; i < size; i++) {
      newPosition[list[i]] = i;
    }
    for (int j = 0; j < oldSize; j++) {
      int row = before[oldStart + j];
      int now = newPosition[row];
      if (now < 0) {
        writer.emit(RowKind.DELETE, rows, row, j + 1, out);
      } else {
        if (rankShifts && now != j) {
          writer.emit(RowKind.UPDATE_BEFORE, rows, row, j + 1, out);
          writer.emit(RowKind.UPDATE_AFTER, rows, row, now + 1, out);
        }
        newPosition[row] = STAYED;
      }
    }
    for (int i = 0; i < size; i++) {
      int row = list[i];
      if (newPosition[row] != STAYED) {
        writer.emit(RowKind.INSERT, rows, row, i + 1, out); // not in the list before the batch: it entered
      }
      newPosition[row] = -1;
    }
  }

  /** Ends the batch's record without emitting it. */
  void settle() {
    touchedCount = 0;
    if (++epoch == Integer.MAX_VALUE) {
      Arrays.fill(stamps, 0);
      epoch = 1;
    }
  }

  /** Forgets every record, after the partitions were renumbered or the state replaced. */
  void reset() {
    touchedCount = 0;
    Arrays.fill(stamps, 0);
    epoch = 1;
  }

  /** Drops the scratch indexed by store id, after the store was compacted. */
  void forgetRows() {
    newPosition = new int[0];
  }
}
