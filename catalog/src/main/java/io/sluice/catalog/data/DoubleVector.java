package io.sluice.catalog.data;

import java.util.Arrays;

/** REAL and DOUBLE values. */
public final class DoubleVector extends ColumnVector {
  public double[] values;

  public DoubleVector(int capacity) {
    super(capacity);
    values = new double[capacity];
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
      values[to] = ((DoubleVector) source).values[from];
    }
  }

  @Override
  public Object getBoxed(int row) {
    return isNull(row) ? null : values[row];
  }
}
