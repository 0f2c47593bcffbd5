package io.sluice.catalog.data;

import io.sluice.catalog.DataType;
import java.util.List;

/** Copying batches out of a producer's reused buffers. */
public final class Batches {
  private Batches() {}

  /** A new batch holding the selected rows of {@code batch}, densely, with no selection. */
  public static Batch compactCopy(Batch batch, List<DataType> types) {
    Batch copy = Batch.allocate(types, Math.max(1, batch.rowCount()));
    compactInto(batch, copy);
    return copy;
  }

  /**
   * Overwrites {@code target} (whose columns have the physical kinds of {@code batch}'s) with the
   * selected rows of {@code batch}, densely, with no selection, reusing its arrays: a batch kept
   * for later is filled again and again without allocating once its arrays are large enough.
   */
  public static void compactInto(Batch batch, Batch target) {
    int n = batch.rowCount();
    int[] sel = batch.selection;
    target.reset();
    target.ensureCapacity(Math.max(1, n));
    for (int c = 0; c < target.columns.length; c++) {
      ColumnVector source = batch.columns[c];
      ColumnVector into = target.columns[c];
      if (source.mayHaveNulls || source instanceof BytesVector) {
        for (int k = 0; k < n; k++) {
          into.copyFrom(source, sel == null ? k : sel[k], k);
        }
      } else if (source instanceof LongVector) {
        copyValues(((LongVector) source).values, sel, n, ((LongVector) into).values);
      } else if (source instanceof DoubleVector) {
        double[] from = ((DoubleVector) source).values;
        double[] to = ((DoubleVector) into).values;
        if (sel == null) {
          System.arraycopy(from, 0, to, 0, n);
        } else {
          for (int k = 0; k < n; k++) {
            to[k] = from[sel[k]];
          }
        }
      } else {
        boolean[] from = ((BooleanVector) source).values;
        boolean[] to = ((BooleanVector) into).values;
        for (int k = 0; k < n; k++) {
          to[k] = from[sel == null ? k : sel[k]];
        }
      }
    }
    target.size = n;
    if (batch.kinds != null) {
      byte[] kinds = new byte[n];
      for (int k = 0; k < n; k++) {
        kinds[k] = batch.kinds[sel == null ? k : sel[k]];
      }
      target.kinds = kinds;
    }
  }

  private static void copyValues(long[] from, int[] sel, int n, long[] to) {
    if (sel == null) {
      System.arraycopy(from, 0, to, 0, n);
    } else {
      for (int k = 0; k < n; k++) {
        to[k] = from[sel[k]];
      }
    }
  }
}
