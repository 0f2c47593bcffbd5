package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows given as boxed internal values (VALUES lists, constants in tests): Long or another Number
 * for LONG-physical types (DECIMAL unscaled, DATE days, TIMESTAMP milliseconds), Number for
 * DOUBLE, Boolean, and byte[] or String (as UTF-8) for strings; null for NULL.
 */
public final class ValuesSource {
  private final List<DataType> types;
  private final List<List<Object>> rows;
  private final int batchSize;

  public ValuesSource(List<DataType> types, List<List<Object>> rows) {
    this(types, rows, Batch.DEFAULT_CAPACITY);
  }

  public ValuesSource(List<DataType> types, List<List<Object>> rows, int batchSize) {
    this.types = List.copyOf(types);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      if (row.size() != types.size()) {
        throw new IllegalArgumentException("row has " + row.size() + " values, expected " + types.size());
      }
      copy.add(new ArrayList<>(row));
    }
    this.rows = copy;
    this.batchSize = Math.max(1, batchSize);
  }

  public List<DataType> types() {
    return types;
  }

  public int rowCount() {
    return rows.size();
  }

  /** Pushes every row, in batches of at most the batch size. */
  public void emit(BatchConsumer consumer) {
    Batch batch = Batch.allocate(types, Math.min(batchSize, Math.max(1, rows.size())));
    for (int from = 0; from < rows.size(); from += batchSize) {
      int count = Math.min(batchSize, rows.size() - from);
      batch.reset();
      for (int i = 0; i < count; i++) {
        List<Object> row = rows.get(from + i);
        for (int c = 0; c < types.size(); c++) {
          Vectors.writeInternal(batch.columns[c], i, row.get(c));
        }
      }
      batch.size = count;
      consumer.accept(batch);
    }
  }
}
