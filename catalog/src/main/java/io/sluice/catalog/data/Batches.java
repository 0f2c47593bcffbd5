package io.sluice.catalog.data;

import io.sluice.catalog.DataType;
import java.util.List;

/** Copying batches out of a producer's reused buffers. */
public final class Batches {
  private Batches() {}

  /** A new batch holding the selected rows of {@code batch}, densely, with no selection. */
  public static Batch compactCopy(Batch batch, List<DataType> types) {
    int n = batch.rowCount();
    Batch copy = Batch.allocate(types, Math.max(1, n));
    int[] sel = batch.selection;
    for (int c = 0; c < types.size(); c++) {
      ColumnVector source = batch.columns[c];
      ColumnVector target = copy.columns[c];
      if (source instanceof LongVector && sel == null && !source.mayHaveNulls) {
        System.arraycopy(((LongVector) source).values, 0, ((LongVector) target).values, 0, n);
      } else if (source instanceof DoubleVector && sel == null && !source.mayHaveNulls) {
        System.arraycopy(((DoubleVector) source).values, 0, ((DoubleVector) target).values, 0, n);
      } else if (source instanceof BooleanVector && sel == null && !source.mayHaveNulls) {
        System.arraycopy(((BooleanVector) source).values, 0, ((BooleanVector) target).values, 0, n);
      } else {
        for (int k = 0; k < n; k++) {
          target.copyFrom(source, sel == null ? k : sel[k], k);
        }
      }
    }
    copy.size = n;
    if (batch.kinds != null) {
      copy.kinds = new byte[n];
      for (int k = 0; k < n; k++) {
        copy.kinds[k] = batch.kinds[sel == null ? k : sel[k]];
      }
    }
    return copy;
  }
}
