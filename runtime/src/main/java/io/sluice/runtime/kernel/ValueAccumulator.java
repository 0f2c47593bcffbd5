package io.sluice.runtime.kernel;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.util.Arrays;

/** MIN, MAX, ANY_VALUE and SINGLE_VALUE: keep one value of the group, of any kind. */
final class ValueAccumulator extends Accumulator {
  static final int MIN = -1;
  static final int ANY = 0;
  static final int MAX = 1;
  static final int SINGLE = 2;

  private final int mode;
  private final PhysicalKind kind;
  private long[] longs;
  private double[] doubles;
  private boolean[] booleans;
  private byte[][] bytes;
  /** Whether a value is held; for SINGLE_VALUE how many rows (NULL or not) were seen. */
  private long[] seen = new long[0];
  /** SINGLE_VALUE only: whether the value held is NULL. */
  private boolean[] valueNull = new boolean[0];

  ValueAccumulator(int mode, PhysicalKind kind) {
    this.mode = mode;
    this.kind = kind;
    switch (kind) {
      case LONG:
        longs = new long[0];
        break;
      case DOUBLE:
        doubles = new double[0];
        break;
      case BOOLEAN:
        booleans = new boolean[0];
        break;
      default:
        bytes = new byte[0][];
    }
  }

  @Override
  Object[] state() {
    Object values = longs != null ? longs : doubles != null ? doubles : booleans != null ? booleans : bytes;
    return new Object[] {seen, valueNull, values};
  }

  @Override
  void restore(Object[] a) {
    seen = (long[]) a[0];
    valueNull = (boolean[]) a[1];
    switch (kind) {
      case LONG:
        longs = (long[]) a[2];
        break;
      case DOUBLE:
        doubles = (double[]) a[2];
        break;
      case BOOLEAN:
        booleans = (boolean[]) a[2];
        break;
      default:
        bytes = (byte[][]) a[2];
    }
  }

  @Override
  protected void grow(int newCapacity) {
    seen = Arrays.copyOf(seen, newCapacity);
    valueNull = Arrays.copyOf(valueNull, newCapacity);
    switch (kind) {
      case LONG:
        longs = Arrays.copyOf(longs, newCapacity);
        break;
      case DOUBLE:
        doubles = Arrays.copyOf(doubles, newCapacity);
        break;
      case BOOLEAN:
        booleans = Arrays.copyOf(booleans, newCapacity);
        break;
      default:
        bytes = Arrays.copyOf(bytes, newCapacity);
    }
  }

  @Override
  protected void moveSlot(int from, int to) {
    seen[to] = seen[from];
    valueNull[to] = valueNull[from];
    switch (kind) {
      case LONG:
        longs[to] = longs[from];
        break;
      case DOUBLE:
        doubles[to] = doubles[from];
        break;
      case BOOLEAN:
        booleans[to] = booleans[from];
        break;
      default:
        bytes[to] = bytes[from];
    }
  }

  /** Whether the value at {@code row} replaces the held one: {@code compared} is row vs held. */
  private boolean replaces(int g, int compared) {
    return seen[g] == 0 || compared * mode > 0;
  }

  @Override
  void update(int[] groups, int[] rows, int count, ColumnVector input) {
    boolean[] nulls = input.mayHaveNulls ? input.nulls : null;
    if (mode == SINGLE) {
      for (int i = 0; i < count; i++) {
        int g = groups[i];
        if (seen[g] > 0) {
          throw new SluiceException(ErrorCode.CARDINALITY_VIOLATION,
              "more than one row returned by a subquery used as an expression");
        }
        seen[g] = 1;
        int row = rows[i];
        valueNull[g] = nulls != null && nulls[row];
        if (!valueNull[g]) {
          store(g, input, row);
        }
      }
      return;
    }
    switch (kind) {
      case LONG: {
        long[] values = ((LongVector) input).values;
        for (int i = 0; i < count; i++) {
          int row = rows[i];
          if (nulls == null || !nulls[row]) {
            int g = groups[i];
            long v = values[row];
            if (replaces(g, Long.compare(v, longs[g]))) {
              longs[g] = v;
              seen[g] = 1;
            }
          }
        }
        break;
      }
      case DOUBLE: {
        double[] values = ((DoubleVector) input).values;
        for (int i = 0; i < count; i++) {
          int row = rows[i];
          if (nulls == null || !nulls[row]) {
            int g = groups[i];
            double v = values[row];
            if (replaces(g, Vectors.compareDoubles(v, doubles[g]))) {
              doubles[g] = v;
              seen[g] = 1;
            }
          }
        }
        break;
      }
      case BOOLEAN: {
        boolean[] values = ((BooleanVector) input).values;
        for (int i = 0; i < count; i++) {
          int row = rows[i];
          if (nulls == null || !nulls[row]) {
            int g = groups[i];
            boolean v = values[row];
            if (replaces(g, Boolean.compare(v, booleans[g]))) {
              booleans[g] = v;
              seen[g] = 1;
            }
          }
        }
        break;
      }
      default: {
        BytesVector vector = (BytesVector) input;
        for (int i = 0; i < count; i++) {
          int row = rows[i];
          if (nulls == null || !nulls[row]) {
            int g = groups[i];
            int compared = 0;
            if (seen[g] != 0 && mode != ANY) {
              byte[] held = bytes[g];
              compared = Vectors.compareBytes(vector.data, vector.offsets[row], vector.offsets[row + 1],
                  held, 0, held.length);
            }
            if (replaces(g, compared)) {
              store(g, input, row);
              seen[g] = 1;
            }
          }
        }
      }
    }
  }

  private void store(int g, ColumnVector input, int row) {
    switch (kind) {
      case LONG:
        longs[g] = ((LongVector) input).values[row];
        break;
      case DOUBLE:
        doubles[g] = ((DoubleVector) input).values[row];
        break;
      case BOOLEAN:
        booleans[g] = ((BooleanVector) input).values[row];
        break;
      default:
        bytes[g] = ((BytesVector) input).getBytes(row);
    }
  }

  @Override
  void write(int from, int count, ColumnVector out) {
    for (int i = 0; i < count; i++) {
      int g = from + i;
      if (seen[g] == 0 || valueNull[g]) {
        putNull(out, i);
        continue;
      }
      out.nulls[i] = false;
      switch (kind) {
        case LONG:
          ((LongVector) out).values[i] = longs[g];
          break;
        case DOUBLE:
          ((DoubleVector) out).values[i] = doubles[g];
          break;
        case BOOLEAN:
          ((BooleanVector) out).values[i] = booleans[g];
          break;
        default:
          ((BytesVector) out).set(i, bytes[g]);
      }
    }
  }
}
