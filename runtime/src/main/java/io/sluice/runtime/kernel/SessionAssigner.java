package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import java.util.ArrayList;
import java.util.List;

/**
 * Session windows over bounded input (SESSION): every row is kept, then sorted by key and time;
 * per key, a row less than {@code gap} after the previous one continues its session, any other
 * starts a new one. A session runs from its first row's time to its last row's time plus the
 * gap (end exclusive, so a row exactly {@code gap} after the last starts a new session). Rows
 * whose time is NULL belong to no session and are dropped; NULL keys form a partition of their
 * own. Output: the input columns, then window_start and window_end, sorted by key and time.
 */
public final class SessionAssigner {
  private final int[] keyColumns;
  private final int timeColumn;
  private final long gap;
  private final ColumnarRows rows;
  private final SessionRowWriter writer;
  private int[] kept = new int[Batch.DEFAULT_CAPACITY];

  /**
   * @param keyColumns the columns that keep sessions apart; empty for one partition
   * @param gap the largest distance in ms, exclusive, between rows of one session; positive
   */
  public SessionAssigner(List<DataType> inputTypes, int[] keyColumns, int timeColumn, long gap) {
    if (gap <= 0) {
      throw new IllegalArgumentException("gap " + gap);
    }
    this.keyColumns = keyColumns.clone();
    this.timeColumn = timeColumn;
    this.gap = gap;
    this.rows = new ColumnarRows(inputTypes);
    this.writer = new SessionRowWriter(inputTypes);
  }

  /** Keeps the selected rows of {@code batch} that have a time. */
  public void add(Batch batch) {
    int n = batch.rowCount();
    kept = Vectors.grow(kept, n);
    int count = SessionWindowState.rowsWithTime(batch, (LongVector) batch.columns[timeColumn], kept);
    rows.appendRows(batch, null, kept, count);
  }

  /** Pushes every row kept with its session's bounds. */
  public void emit(BatchConsumer out) {
    int n = rows.size();
    int[] order = Vectors.identity(null, n);
    List<SortKey> keys = new ArrayList<>();
    for (int key : keyColumns) {
      keys.add(new SortKey(key, false, true));
    }
    RowComparator sameKey = new RowComparator(rows, keys);
    keys.add(SortKey.ascending(timeColumn));
    IntSorter.sort(order, 0, n, new RowComparator(rows, keys));
    long[] time = rows.longs(timeColumn);
    int first = 0;
    while (first < n) {
      long start = time[order[first]];
      long end = start + gap;
      int last = first + 1;
      while (last < n && time[order[last]] < end && sameKey.compare(order[last - 1], order[last]) == 0) {
        end = time[order[last]] + gap;
        last++;
      }
      for (int i = first; i < last; i++) {
        writer.add(rows, order[i], start, end, out);
      }
      first = last;
    }
    writer.flush(rows, out);
  }
}
