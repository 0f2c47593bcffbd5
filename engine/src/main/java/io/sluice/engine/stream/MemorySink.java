package io.sluice.engine.stream;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.Batches;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.RowKind;
import io.sluice.engine.table.MemoryTable;
import io.sluice.runtime.kernel.Vectors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sink whose content is a table queryable with SQL while the query runs: append mode adds the
 * batch's rows, complete mode replaces them, update mode applies the changelog ({@code +I} and
 * {@code +U} add a row, {@code -U} and {@code -D} remove an equal one). Batches are committed
 * once by id. The last changes committed (about 100,000 rows) are kept, columnar, for tests and
 * the shell to look at.
 */
public final class MemorySink implements StreamSink {
  /** One committed changelog row. */
  public record Change(long batchId, byte kind, List<Object> values) {}

  private static final int CHANGES_KEPT = 100_000;

  /** One committed batch's rows (dense) and their kinds (null: all inserts), kept for {@link #takeChanges}. */
  private record Committed(long batchId, Batch rows, byte[] kinds) {}

  private final String name;
  private volatile MemoryTable table;
  private long lastCommitted = -1;
  /** Update mode: the content as a multiset of rows, in first-insertion order. */
  private Map<List<Object>, Integer> content = new LinkedHashMap<>();
  /** Whether {@link #content} has yet to be rebuilt from rows restored by {@link #keepWith}. */
  private boolean contentStale;
  /** Saves each committed batch before it counts (a database folder), or null. */
  private RowsKeeper keeper;
  private final java.util.ArrayDeque<Committed> changes = new java.util.ArrayDeque<>();
  private long changedRows;

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

  /**
   * Saves every committed batch from now on with {@code keeper} (a database folder), and starts
   * from what it saved before: {@code restored} rows and the id of the last batch committed
   * ({@code -1}: none), so a batch its query runs again after a restart is not written twice. A
   * sink declared without columns needs {@code schema} to hold restored rows.
   */
  public synchronized void keepWith(RowsKeeper keeper, TableSchema schema, List<Batch> restored, long lastBatch) {
    if (table == null && schema != null) {
      table = new MemoryTable(schema);
    }
    if (table != null && !restored.isEmpty()) {
      table.replace(restored);
      contentStale = true;
    }
    lastCommitted = Math.max(lastCommitted, lastBatch);
    this.keeper = keeper;
  }

  /** The id of the last batch committed, or -1. */
  public synchronized long lastCommitted() {
    return lastCommitted;
  }

  @Override
  public TableSchema schema() {
    return table == null ? null : table.schema();
  }

  @Override
  public boolean takesChangelog() {
    return true;
  }

  /** The changes committed since the last call (at most the last 100,000), oldest first. */
  public synchronized List<Change> takeChanges() {
    List<Change> taken = new ArrayList<>();
    for (Committed c : changes) {
      for (int row = 0; row < c.rows().size; row++) {
        taken.add(new Change(c.batchId(), c.kinds() == null ? RowKind.INSERT : c.kinds()[row], values(c.rows(), row)));
      }
    }
    changes.clear();
    changedRows = 0;
    return taken;
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
      /** The batch's rows, dense, with their kinds (null: all inserts). */
      private final List<Committed> rows = new ArrayList<>();

      @Override
      public void write(Batch batch, byte[] kinds) {
        if (done || batch.rowCount() == 0) {
          return;
        }
        byte[] dense = null;
        if (kinds != null) {
          dense = new byte[batch.rowCount()];
          for (int k = 0; k < dense.length; k++) {
            dense[k] = kinds[batch.row(k)];
          }
        }
        rows.add(new Committed(batchId, Batches.compactCopy(batch, types), dense));
      }

      @Override
      public void commit() {
        if (done) {
          return;
        }
        synchronized (MemorySink.this) {
          List<Batch> batches = new ArrayList<>();
          for (Committed c : rows) {
            batches.add(c.rows());
          }
          List<Batch> next;
          Map<List<Object>, Integer> nextContent = content;
          if (mode == OutputMode.COMPLETE) {
            next = batches;
          } else if (mode == OutputMode.UPDATE) {
            if (contentStale) {
              reloadContent(target);
            }
            nextContent = keeper == null ? content : new LinkedHashMap<>(content); // unchanged if saving fails
            for (Committed c : rows) {
              for (int row = 0; row < c.rows().size; row++) {
                apply(nextContent, c.kinds() == null ? RowKind.INSERT : c.kinds()[row], values(c.rows(), row));
              }
            }
            next = materialize(nextContent, types);
          } else {
            next = new ArrayList<>(target.batches());
            next.addAll(batches);
          }
          if (keeper != null) {
            keeper.keep(target.schema(), List.copyOf(next), batchId);
          }
          content = nextContent;
          target.replace(next);
          for (Committed c : rows) {
            changes.addLast(c);
            changedRows += c.rows().size;
          }
          while (changedRows > CHANGES_KEPT && changes.size() > 1) {
            changedRows -= changes.removeFirst().rows().size;
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

  /** Update mode after a restore: the multiset of rows is rebuilt from the restored table once. */
  private void reloadContent(MemoryTable target) {
    content.clear();
    for (Batch b : target.batches()) {
      for (int row = 0; row < b.size; row++) {
        content.merge(values(b, row), 1, Integer::sum);
      }
    }
    contentStale = false;
  }

  private void apply(Map<List<Object>, Integer> content, byte kind, List<Object> values) {
    if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
      content.merge(values, 1, Integer::sum);
      return;
    }
    Integer count = content.get(values);
    if (count == null) {
      throw new io.sluice.catalog.SluiceException(io.sluice.catalog.ErrorCode.INTERNAL_ERROR, "Memory sink '" + name
          + "' got " + RowKind.symbol(kind) + " for a row it does not hold: " + values);
    }
    if (count == 1) {
      content.remove(values);
    } else {
      content.put(values, count - 1);
    }
  }

  private static List<Batch> materialize(Map<List<Object>, Integer> content, List<DataType> types) {
    List<Batch> batches = new ArrayList<>();
    Batch batch = null;
    for (Map.Entry<List<Object>, Integer> e : content.entrySet()) {
      for (int i = 0; i < e.getValue(); i++) {
        if (batch == null || batch.size == Batch.DEFAULT_CAPACITY) {
          batch = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
          batches.add(batch);
        }
        List<Object> values = e.getKey();
        for (int c = 0; c < types.size(); c++) {
          Object v = values.get(c);
          ColumnVector vector = batch.columns[c];
          if (v instanceof ByteBuffer) {
            ByteBuffer b = (ByteBuffer) v;
            ((BytesVector) vector).set(batch.size, b.array(), b.arrayOffset(), b.remaining());
          } else {
            Vectors.writeInternal(vector, batch.size, v);
          }
        }
        batch.size++;
      }
    }
    return batches;
  }

  /** A row's values, boxed; strings and bytes as ByteBuffers, so that rows compare by value. */
  private static List<Object> values(Batch batch, int row) {
    Object[] values = new Object[batch.columns.length];
    for (int c = 0; c < values.length; c++) {
      Object v = batch.columns[c].getBoxed(row);
      values[c] = v instanceof byte[] ? ByteBuffer.wrap((byte[]) v) : v;
    }
    return Arrays.asList(values);
  }

  @Override
  public String describe() {
    return "memory sink " + name;
  }
}
