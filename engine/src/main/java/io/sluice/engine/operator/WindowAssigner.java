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
 * Assigns rows to event-time windows: the input columns followed by window_start and
 * window_end (TIMESTAMP, ms). A tumbling window row keeps its input columns in place (no copy);
 * a hopping window row is copied once per window it falls in. Rows whose time is NULL belong to
 * no window and are dropped.
 */
public final class WindowAssigner {
  private final List<DataType> inputTypes;
  private final int timeColumn;
  private final long size;
  private final long slide;
  private final long offset;
  private final boolean hop;
  private final Batch tumbleOutput;
  private final LongVector starts;
  private final LongVector ends;
  private final Batch hopOutput;
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
    this.hop = slide != size;
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
    hopOutput = Batch.allocate(outputTypes, Batch.DEFAULT_CAPACITY);
  }

  /** Start of the last window (by start) that contains {@code time}. */
  private long lastStart(long time) {
    return time - Math.floorMod(time - offset, slide);
  }

  public void process(Batch input, BatchConsumer out) {
    if (hop) {
      hop(input, out);
    } else {
      tumble(input, out);
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

  private void hop(Batch input, BatchConsumer out) {
    int n = input.rowCount();
    LongVector time = (LongVector) input.columns[timeColumn];
    int columns = inputTypes.size();
    hopOutput.reset();
    int rows = 0;
    for (int k = 0; k < n; k++) {
      int row = input.row(k);
      if (time.isNull(row)) {
        continue;
      }
      long t = time.values[row];
      for (long start = lastStart(t); start > t - size; start -= slide) {
        if (rows == Batch.DEFAULT_CAPACITY) {
          hopOutput.size = rows;
          out.accept(hopOutput);
          hopOutput.reset();
          rows = 0;
        }
        for (int c = 0; c < columns; c++) {
          hopOutput.columns[c].copyFrom(input.columns[c], row, rows);
        }
        ((LongVector) hopOutput.columns[columns]).values[rows] = start;
        ((LongVector) hopOutput.columns[columns + 1]).values[rows] = start + size;
        rows++;
      }
    }
    if (rows > 0) {
      hopOutput.size = rows;
      out.accept(hopOutput);
    }
  }
}
