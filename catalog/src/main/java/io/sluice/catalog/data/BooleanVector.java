package io.sluice.catalog.data;

import java.util.Arrays;

/** BOOLEAN values. */
public final class BooleanVector extends ColumnVector {
  public boolean[] values;

  public BooleanVector(int capacity) {
    super(capacity);
    values = new boolean[capacity];
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
      values[to] = ((BooleanVector) source).values[from];
    }
  }

  @Override
  public Object getBoxed(int row) {
    return isNull(row) ? null : values[row];
  }
}
