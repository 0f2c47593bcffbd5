package io.sluice.engine.table;

import io.sluice.catalog.DataType;
import io.sluice.catalog.Statistics;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.Batches;
import java.util.ArrayList;
import java.util.List;

/**
 * A table held in memory as immutable columnar batches. Writers and UPDATE/DELETE replace the
 * list of batches at once, so a scan always sees one consistent version.
 */
public final class MemoryTable implements WritableTable {
  private final TableSchema schema;
  private final List<DataType> types;
  private volatile List<Batch> batches = List.of();
  private volatile long rowCount;
  private volatile long version;
  private volatile List<UniqueKey> keys = List.of();

  public MemoryTable(TableSchema schema) {
    this.schema = schema;
    this.types = schema.types();
  }
  /** Counts the changes: every INSERT, UPDATE and DELETE replaces the content. */
  @Override
  public Object version() {
    return version;
  }


  @Override
  public TableSchema schema() {
    return schema;
  }

  @Override
  public Statistics statistics() {
    return Statistics.exactRows(rowCount);
  }

  public long rowCount() {
    return rowCount;
  }

  /** The current content: immutable dense batches. */
  public List<Batch> batches() {
    return batches;
  }

  @Override
  public void scan(ScanRequest request, BatchConsumer consumer) {
    int[] columns = request.columns();
    for (Batch stored : batches) {
      ColumnVector[] projected = new ColumnVector[columns.length];
      for (int i = 0; i < columns.length; i++) {
        projected[i] = stored.columns[columns[i]];
      }
      consumer.accept(new Batch(projected, stored.size));
    }
  }

  /**
   * Adds a primary key or unique index to enforce from now on; the present content is checked
   * first (an error leaves the table as it was).
   */
  public synchronized void addKey(UniqueKey key) {
    key.check(batches);
    List<UniqueKey> all = new ArrayList<>(keys);
    all.add(key);
    keys = List.copyOf(all);
  }

  /** Stops enforcing the key of that name (DROP INDEX). */
  public synchronized void removeKey(String name) {
    List<UniqueKey> kept = new ArrayList<>(keys);
    kept.removeIf(key -> key.name().equalsIgnoreCase(name));
    keys = List.copyOf(kept);
  }

  /**
   * Replaces the whole content with the given batches (dense, all columns), atomically. The new
   * content must keep the table's keys unique, or nothing is replaced.
   */
  public synchronized void replace(List<Batch> newBatches) {
    for (UniqueKey key : keys) {
      key.check(newBatches);
    }
    version++;
    long rows = 0;
    for (Batch b : newBatches) {
      rows += b.size;
    }
    batches = List.copyOf(newBatches);
    rowCount = rows;
  }

  @Override
  public Writer openWriter() {
    return new Writer() {
      private final List<Batch> pending = new ArrayList<>();

      @Override
      public void write(Batch batch) {
        if (batch.rowCount() > 0) {
          pending.add(Batches.compactCopy(batch, types));
        }
      }

      @Override
      public void commit() {
        synchronized (MemoryTable.this) {
          List<Batch> all = new ArrayList<>(batches);
          all.addAll(pending);
          replace(all);
        }
        pending.clear();
      }

      @Override
      public void close() {
        pending.clear();
      }
    };
  }

  @Override
  public String describe() {
    return "memory (" + rowCount + " rows)";
  }
}
