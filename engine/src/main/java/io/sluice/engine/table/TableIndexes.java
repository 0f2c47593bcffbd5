package io.sluice.engine.table;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.catalog.connector.IndexAccess;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.ColumnVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One version of an in-memory table: its rows and its indexes over exactly those rows, published
 * together. It chooses the index a scan reads through ({@link #choose}): the one whose lookup
 * gives the fewest rows, used when that is at most a quarter of the table (or at most
 * {@link #SMALL_LOOKUP} rows, which cost little whichever way they are found).
 */
final class TableIndexes {
  /** Lookups of up to this many rows go through an index even when they are a large part of a small table. */
  static final int SMALL_LOOKUP = 1024;

  /** One index: ordered (kept row by row) or hash (built at its first lookup over each version). */
  private record Entry(String name, int[] columns, boolean hash, OrderedIndex ordered) {}

  /** The index a lookup goes through, with what it looks up and the rows it gives (-1: not known yet). */
  private record Choice(Entry entry, OrderedIndex.Lookup lookup, long[] range, long rows, boolean chosen) {}

  private final TableSchema schema;
  private final TableContent content;
  private final List<Entry> entries;
  /**
   * Full builds of an ordered index over the table's life, for tests that prove they are kept row
   * by row (a hash index is built at its first lookup over each version, by design).
   */
  private final AtomicLong builds;
  private final Map<Integer, HashIndex> hashes = new ConcurrentHashMap<>();

  private TableIndexes(TableSchema schema, TableContent content, List<Entry> entries, AtomicLong builds) {
    this.schema = schema;
    this.content = content;
    this.entries = List.copyOf(entries);
    this.builds = builds;
  }

  static TableIndexes empty(TableSchema schema) {
    return new TableIndexes(schema, TableContent.EMPTY, List.of(), new AtomicLong());
  }

  static long builds(TableIndexes state) {
    return state.builds.get();
  }

  TableContent content() {
    return content;
  }

  // ---- changes ----------------------------------------------------------------------------

  TableIndexes withIndex(String name, int[] columns, boolean hash) {
    List<DataType> types = schema.types();
    int usable = 0;
    while (usable < columns.length && OrderedIndex.supports(types.get(columns[usable]))) {
      usable++;
    }
    if (usable == 0) {
      return this;
    }
    int[] keyColumns = Arrays.copyOf(columns, hash ? 1 : usable);
    OrderedIndex ordered = null;
    if (!hash) {
      builds.incrementAndGet();
      ordered = OrderedIndex.build(content, keyColumns, types);
    }
    List<Entry> all = new ArrayList<>(entries);
    all.add(new Entry(name, keyColumns, hash, ordered));
    return new TableIndexes(schema, content, all, builds);
  }

  TableIndexes withoutIndex(String name) {
    List<Entry> kept = new ArrayList<>(entries);
    kept.removeIf(entry -> entry.name().equalsIgnoreCase(name));
    return new TableIndexes(schema, content, kept, builds);
  }

  TableIndexes rebuilt(TableContent newContent) {
    List<Entry> all = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.hash()) {
        all.add(entry);
      } else {
        builds.incrementAndGet();
        all.add(new Entry(entry.name(), entry.columns(), false,
            OrderedIndex.build(newContent, entry.columns(), schema.types())));
      }
    }
    return new TableIndexes(schema, newContent, all, builds);
  }

  /** {@code newContent} is this content with rows added at its end. */
  TableIndexes appended(TableContent newContent) {
    List<Entry> all = new ArrayList<>();
    for (Entry entry : entries) {
      all.add(entry.hash() ? entry : new Entry(entry.name(), entry.columns(), false,
          entry.ordered().appended(newContent, content.rows())));
    }
    return new TableIndexes(schema, newContent, all, builds);
  }

  TableIndexes deleted(TableContent newContent, int[] newPosition) {
    List<Entry> all = new ArrayList<>();
    for (Entry entry : entries) {
      all.add(entry.hash() ? entry : new Entry(entry.name(), entry.columns(), false,
          entry.ordered().deleted(newPosition)));
    }
    return new TableIndexes(schema, newContent, all, builds);
  }

  TableIndexes updated(TableContent newContent, BitSet changed, Set<Integer> assigned) {
    List<Entry> all = new ArrayList<>();
    for (Entry entry : entries) {
      boolean keyChanged = false;
      for (int column : entry.columns()) {
        keyChanged |= assigned.contains(column);
      }
      all.add(entry.hash() || !keyChanged ? entry : new Entry(entry.name(), entry.columns(), false,
          entry.ordered().updated(newContent, changed)));
    }
    return new TableIndexes(schema, newContent, all, builds);
  }

  /**
   * Whether the rows at {@code positions} (new or changed) may break {@code key}: false when its
   * ordered index shows that none repeats a key (and, for a primary key, none has a NULL in it);
   * true when one does, or when no ordered index covers the key, and the table then reads it whole.
   */
  boolean mayBreak(UniqueKey key, BitSet positions) {
    Entry entry = null;
    for (Entry candidate : entries) {
      if (!candidate.hash() && candidate.name().equalsIgnoreCase(key.name())
          && Arrays.equals(candidate.columns(), key.columns())) {
        entry = candidate;
      }
    }
    if (entry == null) {
      return true;
    }
    for (int p = positions.nextSetBit(0); p >= 0; p = positions.nextSetBit(p + 1)) {
      int batch = content.batchOf(p);
      Batch rows = content.batches.get(batch);
      int row = p - content.start(batch);
      boolean hasNull = false;
      for (int column : key.columns()) {
        hasNull |= rows.columns[column].isNull(row);
      }
      if (hasNull ? key.primaryKey() : entry.ordered().repeatsKey(content, p)) {
        return true;
      }
    }
    return false;
  }

  // ---- lookups ----------------------------------------------------------------------------

  /** The best index for {@code predicates}, or null when none can look any of them up. */
  private Choice choose(List<ColumnPredicate> predicates) {
    Choice best = null;
    long tableRows = content.rows();
    for (Entry entry : entries) {
      Choice choice = entry.hash() ? hashChoice(entry, predicates) : orderedChoice(entry, predicates);
      if (choice != null && (best == null || better(choice, best))) {
        best = choice;
      }
    }
    if (best == null) {
      return null;
    }
    boolean chosen = best.rows() < 0 ? best.lookup() == null || best.lookup().equal().length > 0
        : best.rows() <= SMALL_LOOKUP || best.rows() <= tableRows / 4;
    return new Choice(best.entry(), best.lookup(), best.range(), best.rows(), chosen);
  }

  /** Fewer rows; with values not known yet, more columns looked up by equality. */
  private static boolean better(Choice a, Choice b) {
    if (a.rows() >= 0 && b.rows() >= 0) {
      return a.rows() < b.rows();
    }
    if (a.rows() < 0 && b.rows() < 0) {
      return equalities(a) > equalities(b);
    }
    return a.rows() >= 0;
  }

  private static int equalities(Choice choice) {
    return choice.lookup() == null ? 1 : choice.lookup().equal().length;
  }

  private Choice orderedChoice(Entry entry, List<ColumnPredicate> predicates) {
    OrderedIndex.Lookup lookup = entry.ordered().lookup(predicates, schema.names(), schema.types());
    if (lookup == null) {
      return null;
    }
    if (lookup.hasParameter()) {
      return new Choice(entry, lookup, null, -1, false);
    }
    long[] range = entry.ordered().range(content, lookup);
    return new Choice(entry, lookup, range, range[1] - range[0], false);
  }

  private Choice hashChoice(Entry entry, List<ColumnPredicate> predicates) {
    int column = entry.columns()[0];
    for (ColumnPredicate predicate : predicates) {
      if (predicate.column() == column && predicate.operator() == ColumnPredicate.Operator.EQUALS
          && predicate.value() != null) {
        if (predicate.value() == ColumnPredicate.PARAMETER) {
          return new Choice(entry, null, null, -1, false);
        }
        HashIndex index = hash(column);
        long rows = 0;
        for (int p = index.first(predicate.value()); HashIndex.isRow(p); p = index.next(p)) {
          rows++;
        }
        return new Choice(entry, null, null, rows, false);
      }
    }
    return null;
  }

  private HashIndex hash(int column) {
    return hashes.computeIfAbsent(column, c -> HashIndex.build(content.batches, c, schema.types().get(c)));
  }

  /** For EXPLAIN: the index a scan with {@code predicates} would read through, and why. */
  IndexAccess access(List<ColumnPredicate> predicates) {
    Choice choice = choose(predicates);
    if (choice == null) {
      return null;
    }
    String condition = choice.lookup() != null ? choice.lookup().condition() : hashCondition(choice, predicates);
    return new IndexAccess(choice.entry().name(), choice.entry().hash() ? "hash" : "btree", condition, choice.rows(),
        content.rows(), choice.chosen());
  }

  private String hashCondition(Choice choice, List<ColumnPredicate> predicates) {
    int column = choice.entry().columns()[0];
    for (ColumnPredicate predicate : predicates) {
      if (predicate.column() == column && predicate.operator() == ColumnPredicate.Operator.EQUALS
          && predicate.value() != null) {
        Object value = predicate.value();
        return schema.column(column).name() + " = " + (value == ColumnPredicate.PARAMETER ? "?"
            : io.sluice.catalog.data.Values.literal(schema.column(column).type(), value));
      }
    }
    return "";
  }

  /** Passes the rows {@code request}'s predicates may match through the chosen index; false when none is chosen. */
  boolean scanThroughIndex(ScanRequest request, BatchConsumer consumer) {
    if (entries.isEmpty() || request.predicates().isEmpty()) {
      return false;
    }
    Choice choice = choose(request.predicates());
    if (choice == null || !choice.chosen()) {
      return false;
    }
    int[] positions;
    int count;
    if (choice.entry().hash()) {
      HashIndex index = hash(choice.entry().columns()[0]);
      positions = new int[(int) Math.max(1, choice.rows())];
      count = 0;
      for (int p = index.first(equalValue(choice, request.predicates())); HashIndex.isRow(p); p = index.next(p)) {
        positions[count++] = p;
      }
    } else {
      int from = (int) choice.range()[0];
      count = (int) (choice.range()[1] - from);
      positions = new int[Math.max(1, count)];
      OrderedIndex ordered = choice.entry().ordered();
      for (int i = 0; i < count; i++) {
        positions[i] = ordered.at(from + i);
      }
      Arrays.sort(positions, 0, count); // table order, batch by batch
    }
    emit(positions, count, request.columns(), consumer);
    return true;
  }

  private static Object equalValue(Choice choice, List<ColumnPredicate> predicates) {
    int column = choice.entry().columns()[0];
    for (ColumnPredicate predicate : predicates) {
      if (predicate.column() == column && predicate.operator() == ColumnPredicate.Operator.EQUALS
          && predicate.value() != null) {
        return predicate.value();
      }
    }
    throw new IllegalStateException("no equality on column " + column);
  }

  /**
   * Passes the rows whose column {@code column} equals one of {@code values} (distinct), through
   * the index that looks that column up by equality with the fewest columns (a hash index, or an
   * ordered one led by it); false when none does.
   */
  boolean lookUp(int column, List<Object> values, int[] columns, BatchConsumer consumer) {
    Entry best = null;
    for (Entry entry : entries) {
      if (entry.columns()[0] == column && (best == null || entry.columns().length < best.columns().length)) {
        best = entry;
      }
    }
    if (best == null) {
      return false;
    }
    int[] positions = new int[16];
    int count = 0;
    if (best.hash()) {
      HashIndex index = hash(column);
      for (Object value : values) {
        for (int p = index.first(value); HashIndex.isRow(p); p = index.next(p)) {
          positions = grown(positions, count);
          positions[count++] = p;
        }
      }
    } else {
      OrderedIndex ordered = best.ordered();
      for (Object value : values) {
        long[] range = ordered.equalRange(content, value);
        for (long i = range[0]; i < range[1]; i++) {
          positions = grown(positions, count);
          positions[count++] = ordered.at((int) i);
        }
      }
    }
    Arrays.sort(positions, 0, count); // table order, batch by batch
    emit(positions, count, columns, consumer);
    return true;
  }

  private static int[] grown(int[] positions, int count) {
    return count < positions.length ? positions : Arrays.copyOf(positions, positions.length * 2);
  }

  /** Passes rows {@code positions} (ascending) as selections of the stored batches. */
  private void emit(int[] positions, int count, int[] columns, BatchConsumer consumer) {
    int i = 0;
    while (i < count) {
      int batch = content.batchOf(positions[i]);
      int start = content.start(batch);
      Batch stored = content.batches.get(batch);
      int end = i;
      while (end < count && positions[end] - start < stored.size) {
        end++;
      }
      int[] selection = new int[end - i];
      for (int k = i; k < end; k++) {
        selection[k - i] = positions[k] - start;
      }
      ColumnVector[] projected = new ColumnVector[columns.length];
      for (int c = 0; c < columns.length; c++) {
        projected[c] = stored.columns[columns[c]];
      }
      Batch rows = new Batch(projected, stored.size);
      rows.selection = selection;
      rows.selectedCount = selection.length;
      consumer.accept(rows);
      i = end;
    }
  }
}
