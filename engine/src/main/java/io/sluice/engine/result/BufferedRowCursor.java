package io.sluice.engine.result;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.Values;
import java.util.List;

/** A cursor over result batches that were collected in memory. */
public final class BufferedRowCursor implements RowCursor {
  private final TableSchema schema;
  private final List<DataType> types;
  private final List<Batch> batches;
  private int batchIndex;
  private int rowInBatch = -1;
  private long position;

  public BufferedRowCursor(TableSchema schema, List<Batch> batches) {
    this.schema = schema;
    this.types = schema.types();
    this.batches = batches;
  }

  /** Reads every row of {@code rows} into a new buffered cursor. */
  public static BufferedRowCursor readAll(RowCursor rows) {
    TableSchema schema = rows.schema();
    List<DataType> types = schema.types();
    List<Batch> batches = new java.util.ArrayList<>();
    Batch batch = null;
    while (rows.next()) {
      if (batch == null || batch.size == Batch.DEFAULT_CAPACITY) {
        batch = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
        batches.add(batch);
      }
      for (int c = 0; c < types.size(); c++) {
        Values.write(types.get(c), batch.columns[c], batch.size, rows.getObject(c));
      }
      batch.size++;
    }
    return new BufferedRowCursor(schema, batches);
  }

  @Override
  public TableSchema schema() {
    return schema;
  }

  @Override
  public boolean next() {
    while (batchIndex < batches.size()) {
      if (rowInBatch + 1 < batches.get(batchIndex).rowCount()) {
        rowInBatch++;
        position++;
        return true;
      }
      batchIndex++;
      rowInBatch = -1;
    }
    return false;
  }

  private int physicalRow() {
    if (batchIndex >= batches.size() || rowInBatch < 0) {
      throw new IllegalStateException("No current row: call next() first");
    }
    return batches.get(batchIndex).row(rowInBatch);
  }

  @Override
  public boolean isNull(int column) {
    return batches.get(batchIndex).columns[column].isNull(physicalRow());
  }

  @Override
  public Object getObject(int column) {
    return Values.toJava(types.get(column), batches.get(batchIndex).columns[column], physicalRow());
  }

  @Override
  public String getString(int column) {
    return Values.format(types.get(column), batches.get(batchIndex).columns[column], physicalRow());
  }

  @Override
  public long position() {
    return position;
  }

  /** Rows in total. */
  public long size() {
    long n = 0;
    for (Batch b : batches) {
      n += b.rowCount();
    }
    return n;
  }

  @Override
  public void close() {
    batchIndex = batches.size();
  }
}
