package io.sluice.engine.stream;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.RowKind;
import io.sluice.catalog.stream.StreamSink;
import io.sluice.engine.exec.Batches;
import io.sluice.engine.table.MemoryTable;
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
 * once by id. The last changes committed are kept for tests and the shell to look at.
 */
public final class MemorySink implements StreamSink {
  /** One committed changelog row. */
  public record Change(long batchId, byte kind, List<Object> values) {}

  private static final int CHANGES_KEPT = 100_000;

  private final String name;
  private volatile MemoryTable table;
  private long lastCommitted = -1;
  /** Update mode: the content as a multiset of rows, in first-insertion order. */
  private final Map<List<Object>, Integer> content = new LinkedHashMap<>();
  private final List<Change> changes = new ArrayList<>();
  private int changesTaken;

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
  public boolean takesChangelog() {
    return true;
  }

  /** The changes committed since the last call (at most the last 100,000), oldest first. */
  public synchronized List<Change> takeChanges() {
    List<Change> taken = new ArrayList<>(changes.subList(Math.min(changesTaken, changes.size()), changes.size()));
    changes.clear();
    changesTaken = 0;
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
      private final List<Batch> rows = new ArrayList<>();
      private final List<Change> batchChanges = new ArrayList<>();

      @Override
      public void write(Batch batch, byte[] kinds) {
        if (done || batch.rowCount() == 0) {
          return;
        }
        int n = batch.rowCount();
        for (int k = 0; k < n; k++) {
          int row = batch.row(k);
          batchChanges.add(new Change(batchId, kinds == null ? RowKind.INSERT : kinds[row], values(batch, row)));
        }
        if (mode != OutputMode.UPDATE) {
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
          } else if (mode == OutputMode.UPDATE) {
            for (Change change : batchChanges) {
              apply(change);
            }
            target.replace(materialize(types));
          } else {
            List<Batch> all = new ArrayList<>(target.batches());
            all.addAll(rows);
            target.replace(all);
          }
          changes.addAll(batchChanges);
          if (changes.size() > CHANGES_KEPT) {
            changes.subList(0, changes.size() - CHANGES_KEPT).clear();
          }
          lastCommitted = batchId;
        }
      }

      @Override
      public void close() {
        rows.clear();
        batchChanges.clear();
      }
    };
  }

  private void apply(Change change) {
    if (change.kind() == RowKind.INSERT || change.kind() == RowKind.UPDATE_AFTER) {
      content.merge(change.values(), 1, Integer::sum);
      return;
    }
    Integer count = content.get(change.values());
    if (count == null) {
      throw new io.sluice.catalog.SluiceException(io.sluice.catalog.ErrorCode.INTERNAL_ERROR, "Memory sink '" + name
          + "' got " + RowKind.symbol(change.kind()) + " for a row it does not hold: " + change.values());
    }
    if (count == 1) {
      content.remove(change.values());
    } else {
      content.put(change.values(), count - 1);
    }
  }

  private List<Batch> materialize(List<DataType> types) {
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
            io.sluice.engine.exec.Literals.write(vector, batch.size, v);
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
