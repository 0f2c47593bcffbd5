package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import java.util.List;

/**
 * Assigns rows to event-time windows of fixed bounds: the input columns followed by window_start
 * and window_end (TIMESTAMP, ms). Input columns stay in place (no copy): a row can fall in at most
 * {@code passes} windows (1 for TUMBLE, {@code ceil(size / slide)} for HOP, {@code size / step}
 * for CUMULATE), and pass {@code i} pushes the input once with every row's {@code i}-th window,
 * writing only window_start and window_end; a row with no {@code i}-th window is left out by the
 * selection. Rows whose time is NULL belong to no window and are dropped.
 */
public final class WindowAssigner {
  /** How windows are laid out in time. */
  private enum Kind { TUMBLE, HOP, CUMULATE }

  private final List<DataType> inputTypes;
  private final int timeColumn;
  private final Kind kind;
  private final long size;
  private final long slide;
  private final long offset;
  private final int passes;
  private final Batch output;
  private final LongVector starts;
  private final LongVector ends;
  private int[] selection = new int[Batch.DEFAULT_CAPACITY];

  /** Windows of {@code size} ms, one after the other from {@code offset}. */
  public static WindowAssigner tumble(List<DataType> inputTypes, int timeColumn, long size, long offset) {
    return new WindowAssigner(inputTypes, timeColumn, Kind.TUMBLE, size, size, offset);
  }

  /** Windows of {@code size} ms starting every {@code slide} ms from {@code offset}. */
  public static WindowAssigner hop(List<DataType> inputTypes, int timeColumn, long size, long slide, long offset) {
    return new WindowAssigner(inputTypes, timeColumn, slide == size ? Kind.TUMBLE : Kind.HOP, size, slide, offset);
  }

  /**
   * Windows starting every {@code size} ms from {@code offset} and ending after {@code step},
   * {@code 2 * step}, ... {@code size} ms; {@code size} is a multiple of {@code step}.
   */
  public static WindowAssigner cumulate(List<DataType> inputTypes, int timeColumn, long size, long step, long offset) {
    if (step <= 0 || size % step != 0) {
      throw new IllegalArgumentException("size " + size + " is not a multiple of step " + step);
    }
    return new WindowAssigner(inputTypes, timeColumn, Kind.CUMULATE, size, step, offset);
  }

  private WindowAssigner(List<DataType> inputTypes, int timeColumn, Kind kind, long size, long slide, long offset) {
    this.inputTypes = List.copyOf(inputTypes);
    this.timeColumn = timeColumn;
    this.kind = kind;
    this.size = size;
    this.slide = slide;
    this.offset = offset;
    this.passes = (int) ((size + slide - 1) / slide);
    starts = new LongVector(Batch.DEFAULT_CAPACITY);
    ends = new LongVector(Batch.DEFAULT_CAPACITY);
    ColumnVector[] columns = new ColumnVector[inputTypes.size() + 2];
    columns[inputTypes.size()] = starts;
    columns[inputTypes.size() + 1] = ends;
    output = new Batch(columns, 0);
  }

  /** Start of the last window (by start) of length {@code slide} steps that contains {@code time}. */
  private long lastStart(long time, long step) {
    return time - Math.floorMod(time - offset, step);
  }

  /** Pushes the selected rows of {@code input} with their windows to {@code out}. */
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
    for (int pass = 0; pass < passes; pass++) {
      int kept = 0;
      for (int k = 0; k < n; k++) {
        int row = input.row(k);
        if (nulls && time.nulls[row]) {
          continue;
        }
        long start;
        long end;
        if (kind == Kind.CUMULATE) {
          // every window of the cycle starts with it; the pass-th ends after (pass + 1) steps
          start = lastStart(t[row], size);
          end = start + (pass + 1) * slide;
          if (end <= t[row]) {
            continue;
          }
        } else {
          start = lastStart(t[row], slide) - pass * slide;
          end = start + size;
          if (start <= t[row] - size) {
            continue;
          }
        }
        s[row] = start;
        e[row] = end;
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
      output.kinds = input.kinds;
      out.accept(output);
    }
  }
}
