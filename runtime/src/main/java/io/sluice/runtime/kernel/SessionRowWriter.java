package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.stream.RowKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes stored rows with the bounds of their session as output batches: the stored columns,
 * then window_start and window_end, and each row's kind when some row is not an insert (a
 * changelog of sessions). Rows are collected by index and gathered a full batch at a time; the
 * batch pushed is reused by the next one.
 */
final class SessionRowWriter {
  private final Batch output;
  private final int startColumn;
  private final int[] rowIds = new int[Batch.DEFAULT_CAPACITY];
  private final long[] starts = new long[Batch.DEFAULT_CAPACITY];
  private final long[] ends = new long[Batch.DEFAULT_CAPACITY];
  private final byte[] kinds = new byte[Batch.DEFAULT_CAPACITY];
  private boolean changelog;
  private int count;

  SessionRowWriter(List<DataType> inputTypes) {
    List<DataType> types = new ArrayList<>(inputTypes);
    DataType timestamp = DataType.of(TypeKind.TIMESTAMP).withNullable(false);
    types.add(timestamp);
    types.add(timestamp);
    output = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
    startColumn = inputTypes.size();
  }

  /** Adds stored row {@code row} of {@code rows} in the session {@code [start, end)}, as an insert. */
  void add(ColumnarRows rows, int row, long start, long end, BatchConsumer out) {
    add(rows, row, start, end, RowKind.INSERT, out);
  }

  /** Adds stored row {@code row} of {@code rows} in the session {@code [start, end)} as a row of kind {@code kind}. */
  void add(ColumnarRows rows, int row, long start, long end, byte kind, BatchConsumer out) {
    if (count == rowIds.length) {
      flush(rows, out);
    }
    rowIds[count] = row;
    starts[count] = start;
    ends[count] = end;
    kinds[count] = kind;
    changelog |= kind != RowKind.INSERT;
    count++;
  }

  /** Pushes the rows added since the last flush, read from {@code rows}. */
  void flush(ColumnarRows rows, BatchConsumer out) {
    if (count == 0) {
      return;
    }
    output.reset();
    rows.gather(rowIds, count, output, 0);
    System.arraycopy(starts, 0, ((LongVector) output.columns[startColumn]).values, 0, count);
    System.arraycopy(ends, 0, ((LongVector) output.columns[startColumn + 1]).values, 0, count);
    output.size = count;
    output.kinds = changelog ? java.util.Arrays.copyOf(kinds, count) : null;
    changelog = false;
    count = 0;
    out.accept(output);
  }
}
