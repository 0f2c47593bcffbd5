package io.sluice.engine.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import java.util.List;

/**
 * Assigns rows to event-time windows: the input columns followed by window_start and
 * window_end (TIMESTAMP, ms). Input columns stay in place (no copy): a hopping window input is
 * pushed once per window a row can fall in. Rows whose time is NULL belong to no window and are
 * dropped.
 */
public final class WindowAssigner {
  private final List<DataType> inputTypes;
  private final int timeColumn;
  private final long size;
  private final long slide;
  private final long offset;
  private final Batch output;
  private final LongVector starts;
  private final LongVector ends;
  private int[] selection = new int[Batch.DEFAULT_CAPACITY];

  /**
   * @param slide the slide of hopping windows; equal to {@code size} for tumbling ones
   */
  public WindowAssigner(List<DataType> inputTypes, int timeColumn, long size, long slide, long offset) {
    this.inputTypes = List.copyOf(inputTypes);
    this.timeColumn = timeColumn;
    this.size = size;
    this.slide = slide;
    this.offset = offset;
    starts = new LongVector(Batch.DEFAULT_CAPACITY);
    ends = new LongVector(Batch.DEFAULT_CAPACITY);
    ColumnVector[] columns = new ColumnVector[inputTypes.size() + 2];
    columns[inputTypes.size()] = starts;
    columns[inputTypes.size() + 1] = ends;
    output = new Batch(columns, 0);
  }

  /** Start of the last window (by start) that contains {@code time}. */
  private long lastStart(long time) {
    return time - Math.floorMod(time - offset, slide);
  }

  /**
   * Pushes the input's rows with their windows. A row is in {@code ceil(size / slide)} windows at
   * most; pass {@code i} pushes every row with its {@code i}-th window (counting back from the
   * last that contains it), sharing the input's columns: only window_start and window_end are
   * written, and rows that have no {@code i}-th window are left out by the selection.
   */
  public void process(Batch input, BatchConsumer out) {
    int n = input.rowCount();
    int physical = input.size;
    if (starts.capacity() < physical) {
      starts.ensureCapacity(physical, 0);
      ends.ensureCapacity(physical, 0);
    }
    if (selection.length < n) {
      selection = new int[n];
    }
    LongVector time = (LongVector) input.columns[timeColumn];
    System.arraycopy(input.columns, 0, output.columns, 0, inputTypes.size());
    long[] t = time.values;
    long[] s = starts.values;
    long[] e = ends.values;
    boolean nulls = time.mayHaveNulls;
    for (long back = 0; back < size; back += slide) {
      int kept = 0;
      for (int k = 0; k < n; k++) {
        int row = input.row(k);
        if (nulls && time.nulls[row]) {
          continue;
        }
        long start = lastStart(t[row]) - back;
        if (start <= t[row] - size) {
          continue;
        }
        s[row] = start;
        e[row] = start + size;
        selection[kept++] = row;
      }
      if (kept == 0) {
        continue;
      }
      output.size = physical;
      if (kept == physical && input.selection == null) {
        output.selection = null;
      } else {
        output.selection = selection;
        output.selectedCount = kept;
      }
      out.accept(output);
    }
  }
}
