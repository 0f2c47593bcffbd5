package io.sluice.catalog.data;

import io.sluice.catalog.DataType;
import java.util.List;

/**
 * A set of rows in columnar form: one {@link ColumnVector} per column, {@link #size} physical
 * rows, and an optional selection vector. When {@link #selection} is non-null only the rows
 * {@code selection[0 .. selectedCount)} (ascending) are part of the batch; filters mark rows
 * there instead of copying columns.
 *
 * <p>A batch passed to a consumer is only valid during that call: producers reuse their
 * buffers, so a consumer that keeps rows copies them.
 */
public final class Batch {
  /** Rows per batch unless a source has reason to choose otherwise. */
  public static final int DEFAULT_CAPACITY = 4096;

  public final ColumnVector[] columns;
  public int size;
  public int[] selection;
  public int selectedCount;
  /**
   * The changelog kind of each physical row ({@code io.sluice.catalog.stream.RowKind}), or null
   * when every row is an insert. Only continuous queries in update mode produce other kinds.
   */
  public byte[] kinds;

  public Batch(ColumnVector[] columns, int size) {
    this.columns = columns;
    this.size = size;
  }

  public static Batch allocate(List<DataType> types, int capacity) {
    ColumnVector[] columns = new ColumnVector[types.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = ColumnVector.create(types.get(i), capacity);
    }
    return new Batch(columns, 0);
  }

  public int columnCount() {
    return columns.length;
  }

  public ColumnVector column(int index) {
    return columns[index];
  }

  /** Number of rows in the batch, after selection. */
  public int rowCount() {
    return selection == null ? size : selectedCount;
  }

  /** The physical row index of the {@code k}-th selected row. */
  public int row(int k) {
    return selection == null ? k : selection[k];
  }

  /** Clears rows and selection so the batch can be filled again. */
  public void reset() {
    size = 0;
    selection = null;
    selectedCount = 0;
    kinds = null;
    for (ColumnVector c : columns) {
      c.reset();
    }
  }

  /** Makes room for {@code capacity} rows in every column. */
  public void ensureCapacity(int capacity) {
    for (ColumnVector c : columns) {
      c.ensureCapacity(capacity, size);
    }
  }
}
