package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import java.util.List;

/**
 * Writes the rows a {@link TopN} emits: a stored row's input columns followed by its rank, with
 * its change kind, into one reused output batch that goes out whenever it fills and on {@link
 * #flush}. No object per row.
 */
final class RankedRowWriter {
  private final int columns;
  private final Batch output;
  private final byte[] kinds = new byte[Batch.DEFAULT_CAPACITY];
  private int count;

  /** @param outputTypes the input columns, then the rank (BIGINT) */
  RankedRowWriter(List<DataType> outputTypes) {
    this.columns = outputTypes.size() - 1;
    this.output = Batch.allocate(outputTypes, Batch.DEFAULT_CAPACITY);
  }

  /** Adds stored row {@code row} of {@code rows} with {@code rank} as a change of {@code kind}. */
  void emit(byte kind, ColumnarRows rows, int row, long rank, BatchConsumer out) {
    if (count == Batch.DEFAULT_CAPACITY) {
      flush(out);
    }
    if (count == 0) {
      output.reset();
    }
    for (int c = 0; c < columns; c++) {
      rows.copyValue(c, row, output.columns[c], count);
    }
    LongVector ranks = (LongVector) output.columns[columns];
    ranks.values[count] = rank;
    ranks.nulls[count] = false;
    kinds[count++] = kind;
  }

  /** Hands the rows written since the last flush to {@code out}, if any. */
  void flush(BatchConsumer out) {
    if (count == 0) {
      return;
    }
    output.size = count;
    output.kinds = kinds;
    count = 0;
    out.accept(output);
  }
}
