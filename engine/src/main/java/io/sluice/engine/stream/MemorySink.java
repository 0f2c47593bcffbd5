package io.sluice.engine.stream;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.StreamSink;
import io.sluice.engine.exec.Batches;
import io.sluice.engine.table.MemoryTable;
import java.util.ArrayList;
import java.util.List;

/**
 * A sink whose content is a table queryable with SQL while the query runs: append mode adds the
 * batch's rows, complete mode replaces them. Batches are committed once by id.
 */
public final class MemorySink implements StreamSink {
  private final String name;
  private volatile MemoryTable table;
  private long lastCommitted = -1;

  public MemorySink(String name, TableSchema declared) {
    this.name = name;
    this.table = declared == null || declared.size() == 0 ? null : new MemoryTable(declared);
  }

  /** The table with the sink's content, or null before the first batch of a sink declared without columns. */
  public MemoryTable table() {
    return table;
  }

  /** The sink's table, created with {@code schema} if the sink was declared without columns. */
  public synchronized MemoryTable ensureTable(TableSchema schema) {
    if (table == null) {
      table = new MemoryTable(schema);
    }
    return table;
  }

  @Override
  public TableSchema schema() {
    return table == null ? null : table.schema();
  }

  @Override
  public synchronized BatchWriter open(long batchId, OutputMode mode, TableSchema schema) {
    if (table == null) {
      table = new MemoryTable(schema);
    }
    MemoryTable target = table;
    List<DataType> types = target.schema().types();
    boolean done = batchId <= lastCommitted;
    return new BatchWriter() {
      private final List<Batch> rows = new ArrayList<>();

      @Override
      public void write(Batch batch, byte[] kinds) {
        if (!done && batch.rowCount() > 0) {
          rows.add(Batches.compactCopy(batch, types));
        }
      }

      @Override
      public void commit() {
        if (done) {
          return;
        }
        synchronized (MemorySink.this) {
          if (mode == OutputMode.COMPLETE) {
            target.replace(rows);
          } else {
            List<Batch> all = new ArrayList<>(target.batches());
            all.addAll(rows);
            target.replace(all);
          }
          lastCommitted = batchId;
        }
      }

      @Override
      public void close() {
        rows.clear();
      }
    };
  }

  @Override
  public String describe() {
    return "memory sink " + name;
  }
}
