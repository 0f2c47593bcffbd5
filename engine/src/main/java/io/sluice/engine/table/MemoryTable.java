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
import io.sluice.catalog.connector.ColumnPredicate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table held in memory as immutable columnar batches. Writers and UPDATE/DELETE replace the
 * list of batches at once, so a scan always sees one consistent version.
 *
 * <p>Its indexes ({@code CREATE INDEX}, primary keys) serve scans that carry an equality
 * predicate on an index's first column: a {@link HashIndex} of that column gives the matching
 * rows, passed on as selections of the stored batches, and no other row is read. The lookup
 * structure belongs to one version of the rows: a change (INSERT, UPDATE, DELETE) replaces the
 * batches, and the next lookup builds it again for the new ones.
 */
public final class MemoryTable implements WritableTable {
  private final TableSchema schema;
  private final List<DataType> types;
  private volatile List<Batch> batches = List.of();
  private volatile long rowCount;
  private volatile long version;
  private volatile List<UniqueKey> keys = List.of();
  /** The table's indexes, by name, with their first column. */
  private volatile Map<String, Integer> indexes = Map.of();
  /** Lookup structures of the indexed columns, for the rows of {@link #batches} they were built on. */
  private volatile Lookups lookups = new Lookups(List.of(), Map.of());

  /** The hash indexes of some columns, built over one list of batches. */
  private record Lookups(List<Batch> content, Map<Integer, HashIndex> byColumn) {}

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
    List<Batch> content = batches;
    ColumnPredicate lookup = indexedEquality(request.predicates());
    if (lookup != null) {
      lookUp(content, lookup, request.columns(), consumer);
      return;
    }
    int[] columns = request.columns();
    for (Batch stored : content) {
      ColumnVector[] projected = new ColumnVector[columns.length];
      for (int i = 0; i < columns.length; i++) {
        projected[i] = stored.columns[columns[i]];
      }
      consumer.accept(new Batch(projected, stored.size));
    }
  }

  /** The first equality predicate on the first column of an index, or null. */
  private ColumnPredicate indexedEquality(List<ColumnPredicate> predicates) {
    for (ColumnPredicate predicate : predicates) {
      if (predicate.operator() == ColumnPredicate.Operator.EQUALS && predicate.value() != null
          && indexOn(predicate.column()) != null) {
        return predicate;
      }
    }
    return null;
  }

  /** Passes the rows whose column equals the predicate's value, found through the column's index. */
  private void lookUp(List<Batch> content, ColumnPredicate equality, int[] columns, BatchConsumer consumer) {
    HashIndex index = index(content, equality.column());
    int position = index.first(equality.value());
    while (HashIndex.isRow(position)) {
      int batch = index.batchOf(position);
      int start = index.batchStart(batch);
      Batch stored = content.get(batch);
      int[] selection = new int[4];
      int selected = 0;
      for (; HashIndex.isRow(position) && position - start < stored.size; position = index.next(position)) {
        if (selected == selection.length) {
          selection = java.util.Arrays.copyOf(selection, selected * 2);
        }
        selection[selected++] = position - start;
      }
      ColumnVector[] projected = new ColumnVector[columns.length];
      for (int i = 0; i < columns.length; i++) {
        projected[i] = stored.columns[columns[i]];
      }
      Batch rows = new Batch(projected, stored.size);
      rows.selection = selection;
      rows.selectedCount = selected;
      consumer.accept(rows);
    }
  }

  /** The hash index of {@code column} over {@code content}, built now if the rows changed since. */
  private HashIndex index(List<Batch> content, int column) {
    Lookups current = lookups;
    if (current.content() != content) {
      current = new Lookups(content, new ConcurrentHashMap<>());
      lookups = current;
    }
    return current.byColumn().computeIfAbsent(column, c -> HashIndex.build(content, c, types.get(c)));
  }

  /**
   * Serves equality lookups on {@code column} through the index {@code name} from now on (a
   * column whose type has no hash index is scanned as before).
   */
  public synchronized void addIndex(String name, int column) {
    if (!HashIndex.supports(types.get(column))) {
      return;
    }
    Map<String, Integer> all = new LinkedHashMap<>(indexes);
    all.put(name, column);
    indexes = Collections.unmodifiableMap(all);
  }

  /** Stops using the index of that name (DROP INDEX). */
  public synchronized void removeIndex(String name) {
    Map<String, Integer> kept = new LinkedHashMap<>(indexes);
    kept.keySet().removeIf(key -> key.equalsIgnoreCase(name));
    indexes = Collections.unmodifiableMap(kept);
  }

  @Override
  public String indexOn(int column) {
    for (Map.Entry<String, Integer> index : indexes.entrySet()) {
      if (index.getValue() == column) {
        return index.getKey();
      }
    }
    return null;
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
