package io.sluice.engine.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import java.util.ArrayList;
import java.util.List;

/**
 * Assigns rows to event-time windows of fixed bounds: the input columns followed by window_start
 * and window_end (TIMESTAMP, ms). A tumbling window row keeps its input columns in place (no
 * copy); a hopping or cumulating window row is copied once per window it falls in. Rows whose
 * time is NULL belong to no window and are dropped.
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
  private final Batch tumbleOutput;
  private final LongVector starts;
  private final LongVector ends;
  private final Batch copyOutput;
  private int copied;
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
    DataType timestamp = DataType.of(TypeKind.TIMESTAMP).withNullable(false);
    starts = new LongVector(Batch.DEFAULT_CAPACITY);
    ends = new LongVector(Batch.DEFAULT_CAPACITY);
    ColumnVector[] columns = new ColumnVector[inputTypes.size() + 2];
    columns[inputTypes.size()] = starts;
    columns[inputTypes.size() + 1] = ends;
    tumbleOutput = new Batch(columns, 0);
    List<DataType> outputTypes = new ArrayList<>(inputTypes);
    outputTypes.add(timestamp);
    outputTypes.add(timestamp);
    copyOutput = Batch.allocate(outputTypes, Batch.DEFAULT_CAPACITY);
  }

  /** Start of the last window (by start) that contains {@code time}. */
  private long lastStart(long time) {
    return time - Math.floorMod(time - offset, slide);
  }

  /** Pushes the selected rows of {@code input} with their windows to {@code out}. */
  public void process(Batch input, BatchConsumer out) {
    switch (kind) {
      case TUMBLE:
        tumble(input, out);
        break;
      default:
        copyPerWindow(input, out);
    }
  }

  private void tumble(Batch input, BatchConsumer out) {
    int n = input.rowCount();
    int physical = input.size;
    if (starts.capacity() < physical) {
      starts.ensureCapacity(physical, 0);
      ends.ensureCapacity(physical, 0);
    }
    LongVector time = (LongVector) input.columns[timeColumn];
    if (selection.length < n) {
      selection = new int[n];
    }
    int kept = 0;
    long[] t = time.values;
    long[] s = starts.values;
    long[] e = ends.values;
    for (int k = 0; k < n; k++) {
      int row = input.row(k);
      if (time.mayHaveNulls && time.nulls[row]) {
        continue;
      }
      long start = lastStart(t[row]);
      s[row] = start;
      e[row] = start + size;
      selection[kept++] = row;
    }
    if (kept == 0) {
      return;
    }
    System.arraycopy(input.columns, 0, tumbleOutput.columns, 0, inputTypes.size());
    tumbleOutput.size = physical;
    if (kept == physical && input.selection == null) {
      tumbleOutput.selection = null;
    } else {
      tumbleOutput.selection = selection;
      tumbleOutput.selectedCount = kept;
    }
    out.accept(tumbleOutput);
  }

  /** HOP and CUMULATE: one output row per (row, window). */
  private void copyPerWindow(Batch input, BatchConsumer out) {
    int n = input.rowCount();
    LongVector time = (LongVector) input.columns[timeColumn];
    copyOutput.reset();
    copied = 0;
    for (int k = 0; k < n; k++) {
      int row = input.row(k);
      if (time.isNull(row)) {
        continue;
      }
      long t = time.values[row];
      if (kind == Kind.HOP) {
        for (long start = lastStart(t); start > t - size; start -= slide) {
          copy(input, row, start, start + size, out);
        }
      } else {
        long start = t - Math.floorMod(t - offset, size);
        long lastEnd = start + size;
        // the first window of the cycle that ends after t, then every longer one
        for (long end = start + ((t - start) / slide + 1) * slide; end <= lastEnd; end += slide) {
          copy(input, row, start, end, out);
        }
      }
    }
    if (copied > 0) {
      copyOutput.size = copied;
      out.accept(copyOutput);
    }
  }

  private void copy(Batch input, int row, long start, long end, BatchConsumer out) {
    if (copied == Batch.DEFAULT_CAPACITY) {
      copyOutput.size = copied;
      out.accept(copyOutput);
      copyOutput.reset();
      copied = 0;
    }
    int columns = inputTypes.size();
    for (int c = 0; c < columns; c++) {
      copyOutput.columns[c].copyFrom(input.columns[c], row, copied);
    }
    ((LongVector) copyOutput.columns[columns]).values[copied] = start;
    ((LongVector) copyOutput.columns[columns + 1]).values[copied] = end;
    copied++;
  }
}
