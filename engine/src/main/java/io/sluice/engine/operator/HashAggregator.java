package io.sluice.engine.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import java.util.ArrayList;
import java.util.List;

/**
 * GROUP BY with aggregates: rows are added batch by batch; {@link #emit} writes one row per
 * group, the group key columns followed by one column per aggregate, in that order.
 *
 * <p>Groups are numbered by a {@link KeyTable}; each aggregate keeps primitive arrays indexed
 * by group id and is updated by one loop per batch. Without group keys there is exactly one
 * group, present even when no row was added (the global aggregate of empty input).
 * DISTINCT aggregates first pass each row through a table of (group id, value) pairs and see
 * only the first occurrence. Emitting does not clear the state, so a streaming plan can emit
 * after every micro-batch.
 */
public final class HashAggregator {
  private final List<DataType> inputTypes;
  private final int[] groupKeys;
  private final List<AggregateSpec> aggregates;
  private final KeyTable groups;
  private final Accumulator[] accumulators;
  /** Per aggregate: the (group id, value) pairs seen, for DISTINCT; null otherwise. */
  private final KeyTable[] distinctPairs;
  private final List<DataType> outputTypes;
  private final Batch output;

  private int[] identity;
  private int[] zeros = new int[0];
  private int[] compactGroups = new int[0];
  private int[] compactRows = new int[0];
  private LongVector pairGroups;

  /** Change tracking for continuous queries: groups touched since {@link #takeChangedGroups}. */
  private boolean trackChanges;
  private long[] changedBits = new long[0];
  private int[] changed = new int[0];
  private int changedCount;
  private Batch scratch;

  public HashAggregator(List<DataType> inputTypes, int[] groupKeys, List<AggregateSpec> aggregates) {
    this(inputTypes, groupKeys, aggregates, 0);
  }

  /** An aggregator whose group table starts sized for about {@code expectedGroups} groups. */
  public HashAggregator(List<DataType> inputTypes, int[] groupKeys, List<AggregateSpec> aggregates,
      int expectedGroups) {
    this.inputTypes = List.copyOf(inputTypes);
    this.groupKeys = groupKeys.clone();
    this.aggregates = List.copyOf(aggregates);
    List<DataType> keyTypes = new ArrayList<>();
    for (int key : groupKeys) {
      keyTypes.add(inputTypes.get(key));
    }
    groups = groupKeys.length == 0 ? null : new KeyTable(keyTypes, expectedGroups);
    accumulators = new Accumulator[aggregates.size()];
    distinctPairs = new KeyTable[aggregates.size()];
    List<DataType> out = new ArrayList<>(keyTypes);
    for (int i = 0; i < accumulators.length; i++) {
      AggregateSpec spec = aggregates.get(i);
      DataType argumentType = spec.argument() < 0 ? DataType.of(TypeKind.BIGINT) : inputTypes.get(spec.argument());
      checkArgument(spec, argumentType);
      accumulators[i] = Accumulator.create(spec, argumentType);
      if (spec.distinct() && spec.argument() >= 0) {
        distinctPairs[i] = new KeyTable(List.of(DataType.of(TypeKind.BIGINT), argumentType));
      }
      out.add(spec.resultType());
    }
    outputTypes = List.copyOf(out);
    output = Batch.allocate(outputTypes, Batch.DEFAULT_CAPACITY);
    ensureGroups(groupCount());
  }

  private static void checkArgument(AggregateSpec spec, DataType argumentType) {
    PhysicalKind kind = argumentType.physical();
    switch (spec.kind()) {
      case SUM:
      case SUM0:
      case AVG:
        if (kind != PhysicalKind.LONG && kind != PhysicalKind.DOUBLE) {
          throw new IllegalArgumentException(spec.kind() + " over " + argumentType);
        }
        break;
      case BOOL_AND:
      case BOOL_OR:
        if (kind != PhysicalKind.BOOLEAN) {
          throw new IllegalArgumentException(spec.kind() + " over " + argumentType);
        }
        break;
      default:
    }
  }

  /** Group key types, then aggregate result types. */
  public List<DataType> outputTypes() {
    return outputTypes;
  }

  /** Its input columns, group keys and aggregates: what a snapshot of an operator over it must match. */
  public String shape() {
    return "aggregate: " + inputTypes + " grouped by " + java.util.Arrays.toString(groupKeys) + " computing "
        + aggregates;
  }

  public List<DataType> inputTypes() {
    return inputTypes;
  }

  public List<AggregateSpec> aggregates() {
    return aggregates;
  }

  /** An estimate of the bytes the groups take: keys, accumulator slots, and DISTINCT values seen. */
  public long estimatedBytes() {
    long bytes = groups == null ? 0 : groups.keys().estimatedBytes() + 8L * groups.size();
    bytes += 16L * groupCount() * accumulators.length;
    for (KeyTable pairs : distinctPairs) {
      if (pairs != null) {
        bytes += pairs.keys().estimatedBytes() + 8L * pairs.size();
      }
    }
    return bytes;
  }

  private static final int STATE_VERSION = 1;

  /** Writes every group's keys and aggregate state (and DISTINCT values seen) for a snapshot. */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    out.writeInt(STATE_VERSION);
    int count = groupCount();
    out.writeInt(count);
    if (groups != null) {
      groups.writeTo(out);
    }
    for (int a = 0; a < accumulators.length; a++) {
      accumulators[a].save(out, count);
      if (distinctPairs[a] != null) {
        distinctPairs[a].writeTo(out);
      }
    }
  }

  /** Replaces the groups with those written by {@link #writeTo} from an aggregator of the same shape. */
  public void readFrom(java.io.DataInput in) throws java.io.IOException {
    StateIO.expect(in, STATE_VERSION, "aggregate state version");
    int count = in.readInt();
    if (groups != null) {
      groups.readFrom(in);
      if (groups.size() != count) {
        throw StateIO.corrupt(groups.size() + " group keys for " + count + " groups");
      }
    }
    for (int a = 0; a < accumulators.length; a++) {
      accumulators[a].load(in, count);
      if (distinctPairs[a] != null) {
        distinctPairs[a].readFrom(in);
      }
    }
  }

  /** Number of groups so far (1 without group keys). */
  public int groupCount() {
    return groups == null ? 1 : groups.size();
  }

  private void ensureGroups(int count) {
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(count);
    }
  }

  /** Adds the selected rows of {@code batch}. */
  public void add(Batch batch) {
    int n = batch.rowCount();
    if (n == 0) {
      return;
    }
    int[] groupIds;
    if (groups == null) {
      if (zeros.length < n) {
        zeros = new int[Math.max(n, Batch.DEFAULT_CAPACITY)];
      }
      groupIds = zeros;
    } else {
      groupIds = groups.groupIdsFor(batch, groupKeys);
      ensureGroups(groups.size());
    }
    if (trackChanges) {
      markChanged(groupIds, n);
    }
    int[] rows;
    if (batch.selection != null) {
      rows = batch.selection;
    } else {
      identity = Vectors.identity(identity, n);
      rows = identity;
    }
    for (int a = 0; a < accumulators.length; a++) {
      AggregateSpec spec = aggregates.get(a);
      ColumnVector argument = spec.argument() < 0 ? null : batch.columns[spec.argument()];
      if (spec.filterColumn() < 0 && distinctPairs[a] == null) {
        accumulators[a].update(groupIds, rows, n, argument);
        continue;
      }
      int count = n;
      int[] aggregateGroups = groupIds;
      int[] aggregateRows = rows;
      if (spec.filterColumn() >= 0) {
        count = filter((BooleanVector) batch.columns[spec.filterColumn()], groupIds, rows, n);
        aggregateGroups = compactGroups;
        aggregateRows = compactRows;
      }
      if (distinctPairs[a] != null) {
        count = firstOccurrences(distinctPairs[a], batch, argument, aggregateGroups, aggregateRows, count);
        aggregateGroups = compactGroups;
        aggregateRows = compactRows;
      }
      accumulators[a].update(aggregateGroups, aggregateRows, count, argument);
    }
  }

  /** Keeps the pairs whose FILTER column is TRUE, into the compact arrays. */
  private int filter(BooleanVector condition, int[] groupIds, int[] rows, int n) {
    compactGroups = Vectors.grow(compactGroups, n);
    compactRows = Vectors.grow(compactRows, n);
    boolean[] values = condition.values;
    boolean[] nulls = condition.mayHaveNulls ? condition.nulls : null;
    int count = 0;
    for (int i = 0; i < n; i++) {
      int row = rows[i];
      if (values[row] && (nulls == null || !nulls[row])) {
        compactGroups[count] = groupIds[i];
        compactRows[count] = row;
        count++;
      }
    }
    return count;
  }

  /**
   * Keeps the pairs whose (group, value) was not seen before, into the compact arrays (which may
   * also be the input). New pair ids are handed out in row order, so a pair is new exactly when
   * its id is the next unused one.
   */
  private int firstOccurrences(KeyTable pairs, Batch batch, ColumnVector argument, int[] groupIds,
      int[] rows, int n) {
    if (pairGroups == null || pairGroups.capacity() < batch.size) {
      pairGroups = new LongVector(Math.max(batch.size, Batch.DEFAULT_CAPACITY));
    }
    for (int i = 0; i < n; i++) {
      pairGroups.values[rows[i]] = groupIds[i];
    }
    Batch view = new Batch(new ColumnVector[] {pairGroups, argument}, batch.size);
    int[] viewSelection = rows == compactRows ? rows.clone() : rows;
    int[] viewGroups = groupIds == compactGroups ? groupIds.clone() : groupIds;
    view.selection = viewSelection;
    view.selectedCount = n;
    int next = pairs.size();
    int[] pairIds = pairs.groupIdsFor(view, new int[] {0, 1});
    compactGroups = Vectors.grow(compactGroups, n);
    compactRows = Vectors.grow(compactRows, n);
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (pairIds[i] == next) {
        next++;
        compactGroups[count] = viewGroups[i];
        compactRows[count] = viewSelection[i];
        count++;
      }
    }
    return count;
  }

  /**
   * Starts recording which groups each {@link #add} touches, for operators that emit only the
   * groups a micro-batch changed.
   */
  public void trackChanges() {
    trackChanges = true;
  }

  private void markChanged(int[] groupIds, int n) {
    int groupCount = groupCount();
    if (changedBits.length * 64 < groupCount) {
      changedBits = java.util.Arrays.copyOf(changedBits, Math.max(groupCount / 64 + 1, changedBits.length * 2));
    }
    long[] bits = changedBits;
    for (int i = 0; i < n; i++) {
      int g = groupIds[i];
      long bit = 1L << g;
      if ((bits[g >>> 6] & bit) == 0) {
        bits[g >>> 6] |= bit;
        if (changedCount == changed.length) {
          changed = java.util.Arrays.copyOf(changed, Math.max(16, changedCount * 2));
        }
        changed[changedCount++] = g;
      }
    }
  }

  /**
   * The groups touched since the last call, ascending, in {@code result[0 .. return)}; clears the
   * record. Group ids are dense and handed out in order, so new groups come last.
   */
  public int takeChangedGroups(int[][] result) {
    int count = changedCount;
    int[] ids = java.util.Arrays.copyOf(changed, count);
    java.util.Arrays.sort(ids);
    for (int i = 0; i < count; i++) {
      changedBits[ids[i] >>> 6] &= ~(1L << ids[i]);
    }
    changedCount = 0;
    result[0] = ids;
    return count;
  }

  /** Pushes the rows of groups {@code ids[0 .. count)}, in that order: key columns, then aggregate results. */
  public void emitGroups(int[] ids, int count, BatchConsumer consumer) {
    if (scratch == null) {
      scratch = Batch.allocate(outputTypes, 1);
    }
    int keyCount = groupKeys.length;
    for (int from = 0; from < count; from += Batch.DEFAULT_CAPACITY) {
      int n = Math.min(Batch.DEFAULT_CAPACITY, count - from);
      output.reset();
      if (groups != null) {
        groups.keys().gather(java.util.Arrays.copyOfRange(ids, from, from + n), n, output, 0);
      }
      for (int a = 0; a < accumulators.length; a++) {
        ColumnVector target = output.columns[keyCount + a];
        ColumnVector one = scratch.columns[keyCount + a];
        for (int i = 0; i < n; i++) {
          one.reset();
          accumulators[a].write(ids[from + i], 1, one);
          target.copyFrom(one, 0, i);
        }
      }
      output.size = n;
      consumer.accept(output);
    }
  }

  /** Pushes one row per group: key columns, then aggregate results. */
  public void emit(BatchConsumer consumer) {
    int total = groupCount();
    int keyCount = groupKeys.length;
    for (int from = 0; from < total; from += Batch.DEFAULT_CAPACITY) {
      int count = Math.min(Batch.DEFAULT_CAPACITY, total - from);
      output.reset();
      if (groups != null) {
        groups.keys().gatherRange(from, count, output, 0);
      }
      for (int a = 0; a < accumulators.length; a++) {
        accumulators[a].write(from, count, output.columns[keyCount + a]);
      }
      output.size = count;
      consumer.accept(output);
    }
  }

  /**
   * Keeps only groups {@code ids[0 .. count)} (ascending), renumbered so that group {@code ids[i]}
   * becomes group {@code i}; the state of every other group (its key, accumulator slots and
   * DISTINCT values) is dropped. Continuous queries use it to expire groups (state time-to-live).
   * Changes recorded for dropped groups are forgotten.
   */
  public void retainGroups(int[] ids, int count) {
    if (groups == null) {
      throw new IllegalStateException("an aggregate without group keys has exactly one group");
    }
    int[] remap = new int[groupCount()];
    java.util.Arrays.fill(remap, -1);
    for (int i = 0; i < count; i++) {
      remap[ids[i]] = i;
    }
    groups.retain(ids, count);
    for (Accumulator accumulator : accumulators) {
      accumulator.retain(ids, count);
    }
    for (KeyTable pairs : distinctPairs) {
      if (pairs != null) {
        retainPairs(pairs, remap);
      }
    }
    if (trackChanges) {
      int kept = 0;
      for (int i = 0; i < changedCount; i++) {
        int g = remap[changed[i]];
        if (g >= 0) {
          changed[kept++] = g;
        }
      }
      changedCount = kept;
      java.util.Arrays.fill(changedBits, 0L);
      for (int i = 0; i < kept; i++) {
        changedBits[changed[i] >>> 6] |= 1L << changed[i];
      }
    }
    ensureGroups(count);
  }

  /** Keeps the DISTINCT (group, value) pairs of live groups, with their new group ids. */
  private static void retainPairs(KeyTable pairs, int[] remap) {
    ColumnarRows old = pairs.keys();
    ColumnarRows kept = new ColumnarRows(old.types());
    long[] groupIds = old.longs(0);
    for (int r = 0; r < old.size(); r++) {
      int g = remap[(int) groupIds[r]];
      if (g >= 0) {
        kept.appendStoredRow(old, r);
        kept.longs(0)[kept.size() - 1] = g;
      }
    }
    pairs.rebuildFrom(kept);
  }

  /** Drops every group and value. */
  public void clear() {
    if (groups != null) {
      groups.clear();
    }
    for (int a = 0; a < accumulators.length; a++) {
      accumulators[a] = Accumulator.create(aggregates.get(a),
          aggregates.get(a).argument() < 0 ? DataType.of(TypeKind.BIGINT) : inputTypes.get(aggregates.get(a).argument()));
      if (distinctPairs[a] != null) {
        distinctPairs[a].clear();
      }
    }
    ensureGroups(groupCount());
  }
}
