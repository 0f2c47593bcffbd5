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
      if (source instanceof BytesVector) {
        copyBytes((BytesVector) source, sel, n, (BytesVector) into);
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
      if (source.mayHaveNulls) {
        boolean[] nulls = into.nulls;
        for (int k = 0; k < n; k++) {
          nulls[k] = source.nulls[sel == null ? k : sel[k]];
        }
        into.mayHaveNulls = true;
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

  /**
   * Copies the bytes of the selected rows with one capacity check and one array copy per row, or
   * one in all when every row is written and none is NULL (a NULL row's offsets may be stale).
   */
  private static void copyBytes(BytesVector source, int[] sel, int n, BytesVector into) {
    int[] from = source.offsets;
    if (sel == null && !source.mayHaveNulls && source.written() >= n) {
      int first = from[0];
      int total = from[n] - first;
      int start = into.reserveRows(0, n, total);
      System.arraycopy(source.data, first, into.data, start, total);
      int[] to = into.offsets;
      for (int k = 1; k < n; k++) {
        to[k] = start + from[k] - first;
      }
      return;
    }
    int total = 0;
    for (int k = 0; k < n; k++) {
      int row = sel == null ? k : sel[k];
      total += source.isNull(row) ? 0 : from[row + 1] - from[row];
    }
    int at = into.reserveRows(0, n, total);
    byte[] data = into.data;
    int[] to = into.offsets;
    for (int k = 0; k < n; k++) {
      int row = sel == null ? k : sel[k];
      if (!source.isNull(row)) {
        int length = from[row + 1] - from[row];
        System.arraycopy(source.data, from[row], data, at, length);
        at += length;
      }
      to[k + 1] = at;
    }
  }
}
