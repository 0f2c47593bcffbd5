package io.sluice.engine.connector.jdbc;

import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.util.Arrays;

/** Whether two rows of a batch have equal values in the key columns (NULL equal to NULL), without boxing. */
final class SameKey {
  private SameKey() {}

  static boolean equal(ColumnVector[] columns, int[] key, int a, int b) {
    for (int c : key) {
      ColumnVector vector = columns[c];
      boolean nullA = vector.isNull(a);
      if (nullA != vector.isNull(b)) {
        return false;
      }
      if (nullA) {
        continue;
      }
      if (vector instanceof LongVector) {
        if (((LongVector) vector).values[a] != ((LongVector) vector).values[b]) {
          return false;
        }
      } else if (vector instanceof DoubleVector) {
        if (Double.compare(((DoubleVector) vector).values[a], ((DoubleVector) vector).values[b]) != 0) {
          return false;
        }
      } else if (vector instanceof BooleanVector) {
        if (((BooleanVector) vector).values[a] != ((BooleanVector) vector).values[b]) {
          return false;
        }
      } else {
        BytesVector bytes = (BytesVector) vector;
        if (!Arrays.equals(bytes.data, bytes.start(a), bytes.start(a) + bytes.length(a),
            bytes.data, bytes.start(b), bytes.start(b) + bytes.length(b))) {
          return false;
        }
      }
    }
    return true;
  }
}
