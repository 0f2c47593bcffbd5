package io.sluice.engine.table;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.Statistics;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.catalog.connector.IndexAccess;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.Batches;
import io.sluice.catalog.data.ColumnVector;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A table held in memory as immutable columnar batches. Every change publishes a new
 * {@link TableIndexes} snapshot (rows and indexes together) at once, so a scan always sees one
 * consistent version.
 *
 * <p>Its indexes ({@code CREATE INDEX}, primary keys) serve scans whose predicates they can look
 * up, when the lookup is selective ({@link TableIndexes#choose}): the matching rows are passed on
 * as selections of the stored batches, and no other row is read. Ordered indexes are kept up to
 * date row by row: {@link #append} (INSERT), {@link #deleteRows} (DELETE) and {@link #updateRows}
 * (UPDATE) change only the entries of the rows they touch; {@link #replace} builds them again.
 */
public final class MemoryTable implements WritableTable {
  private final TableSchema schema;
  private final List<DataType> types;
  private volatile TableIndexes state;
  private volatile long version;
  private volatile List<UniqueKey> keys = List.of();
  private final AtomicLong indexScans = new AtomicLong();
  private final AtomicLong keyReads = new AtomicLong();

  public MemoryTable(TableSchema schema) {
    this.schema = schema;
    this.types = schema.types();
    this.state = TableIndexes.empty(schema);
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
    return Statistics.exactRows(rowCount());
  }

  public long rowCount() {
    return state.content().rows();
  }

  /** The current content: immutable dense batches. */
  public List<Batch> batches() {
    return state.content().batches;
  }

  /** How many times an ordered index was sorted from all the rows (CREATE INDEX, {@link #replace}). */
  public long indexBuilds() {
    return TableIndexes.builds(state);
  }

  /**
   * How many times INSERT or UPDATE read every row to check a key: where the key's ordered index
   * cannot show that the new or changed rows keep it unique (no such index, or a repeat to name).
   */
  public long keyReads() {
    return keyReads.get();
  }

  /** How many scans read their rows through an index rather than every row. */
  public long indexScans() {
    return indexScans.get();
  }

  @Override
  public void scan(ScanRequest request, BatchConsumer consumer) {
    TableIndexes current = state;
    if (current.scanThroughIndex(request, consumer)) {
      indexScans.incrementAndGet();
      return;
    }
    int[] columns = request.columns();
    for (Batch stored : current.content().batches) {
      ColumnVector[] projected = new ColumnVector[columns.length];
      for (int i = 0; i < columns.length; i++) {
        projected[i] = stored.columns[columns[i]];
      }
      consumer.accept(new Batch(projected, stored.size));
    }
  }

  @Override
  public IndexAccess indexAccess(List<ColumnPredicate> predicates) {
    return state.access(predicates);
  }

  @Override
  public boolean lookUp(int column, List<Object> values, int[] columns, BatchConsumer consumer) {
    if (!state.lookUp(column, values, columns, consumer)) {
      return false;
    }
    indexScans.incrementAndGet();
    return true;
  }

  /**
   * Serves lookups through the index {@code name} on {@code columns} from now on: ordered (a
   * B-tree's uses: equality on leading columns, then a range) or, with {@code hash}, equality on
   * its first column. Only its leading columns of types an index takes are used; with none, the
   * table is scanned as before.
   */
  public synchronized void addIndex(String name, int[] columns, boolean hash) {
    state = state.withIndex(name, columns, hash);
  }

  /** Stops using the index of that name (DROP INDEX). */
  public synchronized void removeIndex(String name) {
    state = state.withoutIndex(name);
  }

  /**
   * Adds a primary key or unique index to enforce from now on; the present content is checked
   * first (an error leaves the table as it was).
   */
  public synchronized void addKey(UniqueKey key) {
    key.check(batches());
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
   * Replaces the whole content with the given batches (dense, all columns), atomically, building
   * the indexes again. The new content must keep the table's keys unique, or nothing is replaced.
   */
  public synchronized void replace(List<Batch> newBatches) {
    check(newBatches);
    state = state.rebuilt(new TableContent(newBatches));
    version++;
  }

  /**
   * Adds rows at the end (INSERT): indexes take in the new rows only, and a key with an ordered
   * index is checked for the new rows only.
   */
  public synchronized void append(List<Batch> newBatches) {
    if (newBatches.isEmpty()) {
      return;
    }
    List<Batch> all = new ArrayList<>(batches());
    all.addAll(newBatches);
    int firstNew = state.content().rows();
    TableIndexes next = state.appended(new TableContent(all));
    BitSet added = new BitSet();
    added.set(firstNew, next.content().rows());
    for (UniqueKey key : keys) {
      if (next.mayBreak(key, added)) {
        keyReads.incrementAndGet();
        key.check(all); // reads every row, and names the repeated key
      }
    }
    state = next;
    version++;
  }

  /**
   * Deletes the rows of {@code basis} (the content a DELETE read) marked in {@code deleted}, by
   * position; batches with no deleted row are kept as they are, and indexes only renumber.
   */
  public synchronized void deleteRows(List<Batch> basis, BitSet deleted) {
    TableIndexes current = sameContent(basis, "DELETE");
    if (deleted.isEmpty()) {
      return;
    }
    TableContent content = current.content();
    int[] newPosition = new int[content.rows()];
    List<Batch> kept = new ArrayList<>();
    int next = 0;
    for (int b = 0; b < content.batches.size(); b++) {
      Batch stored = content.batches.get(b);
      int start = content.start(b);
      int[] selection = new int[stored.size];
      int selected = 0;
      for (int row = 0; row < stored.size; row++) {
        if (deleted.get(start + row)) {
          newPosition[start + row] = -1;
        } else {
          newPosition[start + row] = next++;
          selection[selected++] = row;
        }
      }
      if (selected == stored.size) {
        kept.add(stored);
      } else if (selected > 0) {
        Batch rows = new Batch(stored.columns, stored.size);
        rows.selection = selection;
        rows.selectedCount = selected;
        kept.add(Batches.compactCopy(rows, types));
      }
    }
    state = current.deleted(new TableContent(kept), newPosition);
    version++;
  }

  /**
   * Replaces the rows of {@code basis} (the content an UPDATE read) with {@code newRows}, row for
   * row in the same order, where only the rows in {@code changed} may differ, and only in columns
   * {@code assigned}: an index on none of them stays as it is, the others move the changed rows.
   * A key on none of them cannot break; one with an ordered index is checked for the changed rows
   * only, against their neighbours in it.
   */
  public synchronized void updateRows(List<Batch> basis, List<Batch> newRows, BitSet changed, Set<Integer> assigned) {
    TableIndexes current = sameContent(basis, "UPDATE");
    TableContent content = new TableContent(newRows);
    if (content.rows() != current.content().rows()) {
      throw new IllegalStateException("UPDATE gave " + content.rows() + " rows for " + current.content().rows());
    }
    TableIndexes next = current.updated(content, changed, assigned);
    for (UniqueKey key : keys) {
      if (key.assignsAny(assigned) && next.mayBreak(key, changed)) {
        keyReads.incrementAndGet();
        key.check(newRows); // reads every row, and names the repeated key
      }
    }
    state = next;
    version++;
  }

  private TableIndexes sameContent(List<Batch> basis, String verb) {
    TableIndexes current = state;
    if (current.content().batches != basis && !current.content().batches.equals(basis)) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, verb + " on a table that another statement changed"
          + " while it ran; nothing was changed, run it again");
    }
    return current;
  }

  private void check(List<Batch> content) {
    for (UniqueKey key : keys) {
      key.check(content);
    }
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
        append(pending);
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
    return "memory (" + rowCount() + " rows)";
  }
}
