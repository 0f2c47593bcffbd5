package io.sluice.runtime.kernel;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.util.List;

/**
 * Compares rows of a {@link ColumnarRows} by a list of {@link SortKey}s: NULLs placed as each key
 * says, strings as unsigned bytes, doubles with NaN greatest and -0.0 equal to 0.0. Reads the
 * store's current arrays on every call, so it stays valid while the store grows.
 */
public final class RowComparator implements IntSorter.IntComparator {
  private final ColumnarRows rows;
  private final SortKey[] keys;

  public RowComparator(ColumnarRows rows, List<SortKey> keys) {
    this.rows = rows;
    this.keys = keys.toArray(new SortKey[0]);
  }

  @Override
  public int compare(int a, int b) {
    for (SortKey key : keys) {
      int result = compareColumn(rows, key, a, b);
      if (result != 0) {
        return result;
      }
    }
    return 0;
  }

  /**
   * Compares physical row {@code batchRow} of {@code batch} with stored row {@code stored} by
   * every key; the batch's columns line up with the store's. Lets an operator decide whether a
   * row is worth keeping before copying it into its store.
   */
  public int compareBatchRow(Batch batch, int batchRow, int stored) {
    for (SortKey key : keys) {
      int c = key.column();
      ColumnVector vector = batch.columns[c];
      boolean aNull = vector.isNull(batchRow);
      boolean bNull = rows.nulls(c)[stored];
      int result;
      if (aNull || bNull) {
        if (aNull == bNull) {
          continue;
        }
        return aNull == key.nullsFirst() ? -1 : 1;
      }
      switch (rows.kind(c)) {
        case LONG:
          result = Long.compare(((LongVector) vector).values[batchRow], rows.longs(c)[stored]);
          break;
        case DOUBLE:
          result = Vectors.compareDoubles(((DoubleVector) vector).values[batchRow], rows.doubles(c)[stored]);
          break;
        case BOOLEAN:
          result = Boolean.compare(((BooleanVector) vector).values[batchRow], rows.booleans(c)[stored]);
          break;
        default: {
          BytesVector bytes = (BytesVector) vector;
          int[] offsets = rows.offsets(c);
          result = Vectors.compareBytes(bytes.data, bytes.offsets[batchRow], bytes.offsets[batchRow + 1],
              rows.bytes(c), offsets[stored], offsets[stored + 1]);
        }
      }
      if (result != 0) {
        return key.descending() ? -result : result;
      }
    }
    return 0;
  }

  /** Compares rows {@code a} and {@code b} of {@code rows} by one key, direction and NULL order applied. */
  static int compareColumn(ColumnarRows rows, SortKey key, int a, int b) {
    int c = key.column();
    boolean[] nulls = rows.nulls(c);
    boolean aNull = nulls[a];
    boolean bNull = nulls[b];
    if (aNull || bNull) {
      if (aNull == bNull) {
        return 0;
      }
      return aNull == key.nullsFirst() ? -1 : 1;
    }
    int result = compareValues(rows, c, a, b);
    return key.descending() ? -result : result;
  }

  /** Compares two non-NULL values of one column, ascending. */
  static int compareValues(ColumnarRows rows, int c, int a, int b) {
    switch (rows.kind(c)) {
      case LONG: {
        long[] values = rows.longs(c);
        return Long.compare(values[a], values[b]);
      }
      case DOUBLE: {
        double[] values = rows.doubles(c);
        return Vectors.compareDoubles(values[a], values[b]);
      }
      case BOOLEAN: {
        boolean[] values = rows.booleans(c);
        return Boolean.compare(values[a], values[b]);
      }
      default: {
        int[] offsets = rows.offsets(c);
        byte[] data = rows.bytes(c);
        return Vectors.compareBytes(data, offsets[a], offsets[a + 1], data, offsets[b], offsets[b + 1]);
      }
    }
  }
}
