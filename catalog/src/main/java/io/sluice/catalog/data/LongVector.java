package io.sluice.catalog.data;

import java.util.Arrays;

/** Integral, decimal, date, time, timestamp and interval values. */
public final class LongVector extends ColumnVector {
  public long[] values;

  public LongVector(int capacity) {
    super(capacity);
    values = new long[capacity];
  }

  @Override
  protected void growValues(int newCapacity, int used) {
    values = Arrays.copyOf(values, newCapacity);
  }

  @Override
  public void copyFrom(ColumnVector source, int from, int to) {
    if (source.isNull(from)) {
      setNull(to);
    } else {
      nulls[to] = false;
      values[to] = ((LongVector) source).values[from];
    }
  }

  @Override
  public Object getBoxed(int row) {
    return isNull(row) ? null : values[row];
  }
}
