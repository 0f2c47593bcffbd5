package io.sluice.catalog.data;

import io.sluice.catalog.DataType;
import java.util.Arrays;

/**
 * One column of a {@link Batch}: a primitive array per physical kind plus a null mask.
 *
 * <p>Fields are public on purpose: generated code reads and writes the arrays directly in its
 * loops. {@link #mayHaveNulls} is a hint that lets loops skip the null mask when it is false;
 * a writer that sets a null must set it to true.
 */
public abstract class ColumnVector {
  public boolean[] nulls;
  public boolean mayHaveNulls;

  protected ColumnVector(int capacity) {
    this.nulls = new boolean[capacity];
  }

  public final int capacity() {
    return nulls.length;
  }

  public final boolean isNull(int row) {
    return mayHaveNulls && nulls[row];
  }

  public final void setNull(int row) {
    nulls[row] = true;
    mayHaveNulls = true;
  }

  /** Makes room for at least {@code capacity} rows, keeping the first {@code used} rows. */
  public void ensureCapacity(int capacity, int used) {
    if (capacity > nulls.length) {
      nulls = Arrays.copyOf(nulls, Math.max(capacity, nulls.length * 2));
      growValues(nulls.length, used);
    }
  }

  /** Clears the vector for reuse from row 0. */
  public void reset() {
    if (mayHaveNulls) {
      Arrays.fill(nulls, false);
      mayHaveNulls = false;
    }
  }

  protected abstract void growValues(int newCapacity, int used);

  /** Copies row {@code from} of {@code source} (same physical kind) to row {@code to} of this vector. */
  public abstract void copyFrom(ColumnVector source, int from, int to);

  /** The value at {@code row} as a boxed internal value (Long, Double, Boolean, or byte[] copy), or null. */
  public abstract Object getBoxed(int row);

  /** Creates an empty vector for values of {@code type}. */
  public static ColumnVector create(DataType type, int capacity) {
    switch (type.physical()) {
      case BOOLEAN:
        return new BooleanVector(capacity);
      case DOUBLE:
        return new DoubleVector(capacity);
      case BYTES:
        return new BytesVector(capacity);
      default:
        return new LongVector(capacity);
    }
  }
}
