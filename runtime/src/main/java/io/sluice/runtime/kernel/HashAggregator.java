package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.stream.RowKind;
import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.StatePart;
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
 *
 * <p>An aggregator {@link #overChangelog over a changelog} also takes rows that retract earlier
 * ones ({@code -U}, {@code -D}): it counts each group's rows, retracts values from accumulators
 * that can take them back ({@link RetractingAccumulators}), counts DISTINCT values per group
 * instead of only remembering them, and treats a group whose rows were all retracted as gone
 * (not emitted; its slot stays until {@link #retainGroups} drops it). Over append-only input
 * none of this is kept.
 */
public final class HashAggregator implements StatePart {
  private final List<DataType> inputTypes;
  private final int[] groupKeys;
  /** 0 .. the number of group keys: the key columns of a batch of keys alone ({@link #assignKeyGroups}). */
  private final int[] keyPositions;
  private final List<AggregateSpec> aggregates;
  final KeyTable groups;
  final Accumulator[] accumulators;
  /** Per aggregate: the (group id, value) pairs seen, for DISTINCT; null otherwise. */
  final KeyTable[] distinctPairs;
  /** Over a changelog, per DISTINCT aggregate: how many rows of each group hold each value; null otherwise. */
  final ValueCounts[] distinctCounts;
  private final List<DataType> outputTypes;
  /** Per-batch arrays: its own, or those of the operator whose windows share them. */
  private final AggregatorScratch work;
  private final boolean workShared;

  /** Over a changelog: per group the number of rows it holds (added minus retracted); null over append-only input. */
  long[] rowCounts;
  /** Over a changelog: the number of groups whose row count is above zero. */
  private int groupsWithRows;

  /** Change tracking for continuous queries: groups touched since {@link #takeChangedGroups}. */
  private boolean trackChanges;
  private final GroupMarks changed = new GroupMarks();
  /** Changelog checkpoints: groups touched since {@link #markDeltaBase}, then {@code baseGroups} groups. */
  private boolean trackDelta;
  private final GroupMarks touched = new GroupMarks();
  private int baseGroups;
  /** Whether groups were renumbered or dropped since the base: no delta can describe that. */
  private boolean reorganized;

  public HashAggregator(List<DataType> inputTypes, int[] groupKeys, List<AggregateSpec> aggregates) {
    this(inputTypes, groupKeys, aggregates, 0);
  }

  /** An aggregator whose group table starts sized for about {@code expectedGroups} groups. */
  public HashAggregator(List<DataType> inputTypes, int[] groupKeys, List<AggregateSpec> aggregates,
      int expectedGroups) {
    this(inputTypes, groupKeys, aggregates, expectedGroups, false, null);
  }

  /**
   * As {@link #HashAggregator(List, int[], List, int)}, its per-batch arrays those of {@code
   * shared}, which other aggregators used one at a time may share (an operator's windows); its
   * {@link #estimatedBytes} then leave out the shared lookup arrays, which the sharer counts once.
   */
  public HashAggregator(List<DataType> inputTypes, int[] groupKeys, List<AggregateSpec> aggregates,
      int expectedGroups, AggregatorScratch shared) {
    this(inputTypes, groupKeys, aggregates, expectedGroups, false, shared);
  }

  /**
   * An aggregator whose input is a changelog: rows of kind {@code -U} and {@code -D} retract
   * earlier rows. Every aggregate must be able to retract ({@link #whyNotRetractable}).
   */
  public static HashAggregator overChangelog(List<DataType> inputTypes, int[] groupKeys,
      List<AggregateSpec> aggregates) {
    return new HashAggregator(inputTypes, groupKeys, aggregates, 0, true, null);
  }

  /** Why an aggregator over a changelog cannot compute {@code spec}, or null when it can. */
  public static String whyNotRetractable(AggregateSpec spec) {
    return RetractingAccumulators.whyNot(spec.kind());
  }

  private HashAggregator(List<DataType> inputTypes, int[] groupKeys, List<AggregateSpec> aggregates,
      int expectedGroups, boolean overChangelog, AggregatorScratch shared) {
    this.work = shared == null ? new AggregatorScratch() : shared;
    this.workShared = shared != null;
    this.inputTypes = List.copyOf(inputTypes);
    this.groupKeys = groupKeys.clone();
    this.keyPositions = java.util.stream.IntStream.range(0, groupKeys.length).toArray();
    this.aggregates = List.copyOf(aggregates);
    List<DataType> keyTypes = new ArrayList<>();
    for (int key : groupKeys) {
      keyTypes.add(inputTypes.get(key));
    }
    groups = groupKeys.length == 0 ? null : new KeyTable(keyTypes, expectedGroups);
    if (groups != null && workShared) {
      groups.shareScratch(work.groupLookup);
    }
    accumulators = new Accumulator[aggregates.size()];
    distinctPairs = new KeyTable[aggregates.size()];
    distinctCounts = new ValueCounts[aggregates.size()];
    rowCounts = overChangelog ? new long[0] : null;
    List<DataType> out = new ArrayList<>(keyTypes);
    for (int i = 0; i < accumulators.length; i++) {
      AggregateSpec spec = aggregates.get(i);
      DataType argumentType = argumentType(spec);
      spec.checkArgument(argumentType);
      accumulators[i] = newAccumulator(spec);
      if (spec.distinct() && spec.argument() >= 0) {
        if (overChangelog) {
          distinctCounts[i] = new ValueCounts(argumentType, work);
        } else {
          distinctPairs[i] = new KeyTable(List.of(DataType.of(TypeKind.BIGINT), argumentType));
          if (workShared) {
            distinctPairs[i].shareScratch(work.pairLookup);
          }
        }
      }
      out.add(spec.resultType());
    }
    outputTypes = List.copyOf(out);
    ensureGroups(groupCount());
  }

  private DataType argumentType(AggregateSpec spec) {
    return spec.argument() < 0 ? DataType.of(TypeKind.BIGINT) : inputTypes.get(spec.argument());
  }

  private Accumulator newAccumulator(AggregateSpec spec) {
    return rowCounts != null ? RetractingAccumulators.create(spec, argumentType(spec), work)
        : Accumulator.create(spec, argumentType(spec));
  }

  /** Group key types, then aggregate result types. */
  public List<DataType> outputTypes() {
    return outputTypes;
  }

  /** Its input columns, group keys and aggregates: what a snapshot of an operator over it must match. */
  public String shape() {
    return "aggregate" + (rowCounts != null ? " over a changelog: " : ": ") + inputTypes + " grouped by "
        + java.util.Arrays.toString(groupKeys) + " computing " + aggregates;
  }

  public List<DataType> inputTypes() {
    return inputTypes;
  }

  public List<AggregateSpec> aggregates() {
    return aggregates;
  }

  /** The bytes the groups take as allocated: the key table, accumulator arrays, and DISTINCT values seen. */
  public long estimatedBytes() {
    long bytes = groups == null ? 0 : groups.estimatedBytes();
    for (Accumulator accumulator : accumulators) {
      bytes += accumulator.arrayBytes();
    }
    bytes += changed.estimatedBytes() + touched.estimatedBytes();
    for (KeyTable pairs : distinctPairs) {
      if (pairs != null) {
        bytes += pairs.estimatedBytes();
      }
    }
    if (rowCounts != null) {
      bytes += 8L * rowCounts.length;
      for (int a = 0; a < accumulators.length; a++) {
        bytes += accumulators[a].valueBytes() + (distinctCounts[a] == null ? 0 : distinctCounts[a].bytes());
      }
      bytes += workShared ? 0 : work.pairGroupBytes(); // a shared scratch is counted once, by its owner
    }
    return bytes;
  }

  /** {@link #estimatedBytes} less the key table's lookup scratch: what the groups themselves hold. */
  public long groupBytes() {
    return estimatedBytes() - (groups == null ? 0 : groups.lookupScratchBytes());
  }

  static final int STATE_VERSION = 1;

  /**
   * Makes the groups as they are the base of the next {@link #writeDelta}: from now on the groups
   * each {@link #add} touches are recorded (one bit per group).
   */
  public void markDeltaBase() {
    trackDelta = true;
    touched.clear();
    baseGroups = groupCount();
    reorganized = false;
  }

  /**
   * Whether {@link #writeDelta} can describe the changes since {@link #markDeltaBase}: not when
   * none was made or groups were renumbered since, nor with DISTINCT aggregates or retracting
   * MIN/MAX, whose values per group are not kept in per-group slots.
   */
  public boolean deltaReady() {
    return !reorganized && slotsMakeDeltas();
  }

  /**
   * Whether, once {@link #markDeltaBase} was called, each touched group's slots can describe its
   * change (whether or not groups were renumbered since): not with DISTINCT aggregates or
   * retracting MIN/MAX, whose values per group are not kept in per-group slots.
   */
  public boolean slotsMakeDeltas() {
    if (!trackDelta) {
      return false;
    }
    for (int a = 0; a < accumulators.length; a++) {
      if (distinctPairs[a] != null || distinctCounts[a] != null || accumulators[a].valueBytes() > 0
          || accumulators[a] instanceof RetractingAccumulators.Extreme) {
        return false;
      }
    }
    return true;
  }

  /** The groups touched since {@link #markDeltaBase} (those added since among them), ascending, as a new array. */
  public int[] touchedGroups() {
    return touched.sorted();
  }

  /**
   * Writes what changed since {@link #markDeltaBase}: the keys of the groups added since, then for
   * every group touched its accumulator slots (and row count over a changelog). Only when {@link
   * #deltaReady}.
   */
  public void writeDelta(java.io.DataOutput out, int[] ids) throws java.io.IOException {
    writeDeltaOf(out, baseGroups, groupCount(), baseGroups, ids, ids);
  }

  /**
   * Writes a delta in {@link #writeDelta}'s format for a state of which this aggregator holds only
   * the groups touched: from {@code baseGroups} to {@code count} groups, the keys of the new ones
   * being this aggregator's groups from {@code firstAdded} on, the touched groups {@code ids}
   * (ascending) held here as groups {@code slots}. An on-disk backend writes its deltas so.
   */
  public void writeDeltaOf(java.io.DataOutput out, int baseGroups, int count, int firstAdded, int[] ids,
      int[] slots) throws java.io.IOException {
    AggregateSnapshot.writeDeltaOf(this, out, baseGroups, count, firstAdded, ids, slots);
  }

  /** A new aggregator of the same shape, without groups. */
  public HashAggregator emptyCopy() {
    return new HashAggregator(inputTypes, groupKeys, aggregates, 0, rowCounts != null, null);
  }

  /** Applies a delta written by {@link #writeDelta} to the groups it was taken from. */
  public void applyDelta(java.io.DataInput in) throws java.io.IOException {
    AggregateSnapshot.applyDelta(this, in);
  }

  /**
   * Writes every group's keys and aggregate state (and DISTINCT values seen) for a snapshot; over
   * a changelog also each group's row count, and DISTINCT values with their counts.
   */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    AggregateSnapshot.writeTo(this, out);
  }

  /** Replaces the groups with those written by {@link #writeTo} from an aggregator of the same shape. */
  public void readFrom(java.io.DataInput in) throws java.io.IOException {
    AggregateSnapshot.readFrom(this, in);
  }

  /** Counts {@link #groupsWithRows} over groups {@code 0 .. count)}, those below {@code from} counted already. */
  void countGroupsWithRows(int from, int count) {
    groupsWithRows = from == 0 ? 0 : groupsWithRows;
    for (int g = from; g < count; g++) {
      if (rowCounts[g] > 0) {
        groupsWithRows++;
      }
    }
  }

  /**
   * The values of group key {@code key}, a column stored as longs (BIGINT, TIMESTAMP), by group
   * id in {@code [0, groupCount())}; a NULL key reads as some value. The array is the table's own:
   * read it before the next {@link #add} or {@link #retainGroups}.
   */
  public long[] groupKeyLongs(int key) {
    if (groups == null) {
      throw new IllegalStateException("an aggregate without group keys has no key values");
    }
    return groups.keys().longs(key);
  }

  /**
   * The id of each selected row's group ({@code result[k]} for the {@code k}-th), or -1 for a
   * group not held, without adding groups. The array is reused by the next call. Needs group keys.
   */
  public int[] findGroups(Batch batch) {
    if (groups == null) {
      throw new IllegalStateException("an aggregate without group keys has exactly one group");
    }
    return groups.find(batch, groupKeys);
  }

  /**
   * As {@link #findGroups}, for a batch of partial results ({@link #emitPartials}: the group keys
   * are its first columns).
   */
  public int[] findGroupsOfPartials(Batch partials) {
    if (groups == null) {
      throw new IllegalStateException("an aggregate without group keys has exactly one group");
    }
    return groups.find(partials, keyPositions);
  }

  /**
   * The id of each selected row's group, adding groups for keys not held (with empty aggregate
   * slots), without adding the rows to them: an on-disk backend first fills the slots of groups
   * it reads back, then {@link #add}s the rows. The array is reused by the next call. Needs group keys.
   */
  public int[] assignGroups(Batch batch) {
    int[] ids = groups.groupIdsFor(batch, groupKeys);
    ensureGroups(groups.size());
    return ids;
  }

  /** As {@link #assignGroups}, for a batch of the group key columns alone, in key order (keys read back from a store). */
  public int[] assignKeyGroups(Batch keys) {
    int[] ids = groups.groupIdsFor(keys, keyPositions);
    ensureGroups(groups.size());
    return ids;
  }

  /** The key of group {@code g} is row {@code g}: the table's own rows, read only. Needs group keys. */
  public ColumnarRows groupKeyRows() {
    return groups.keys();
  }

  /**
   * Whether each group's whole state is its aggregate slots, so that {@link #writeSlots} and {@link
   * #readSlots} can move a group out and back (over a changelog with its row count): grouped, no
   * DISTINCT aggregates and no retracting MIN or MAX, whose values are kept apart from the slots.
   */
  public boolean slotsHoldGroups() {
    for (int a = 0; groups != null && a < accumulators.length; a++) {
      if (distinctPairs[a] != null || distinctCounts[a] != null || accumulators[a] instanceof RetractingAccumulators.Extreme) {
        return false;
      }
    }
    return groups != null;
  }

  /** Bytes its tables would allocate for {@code more} more groups: checked against the budget before they grow. */
  public long growthBytes(int more) {
    // every chunk is looked up in the group table: its scratch too (a merge of partial groups may be the first chunk)
    long bytes = groups == null ? 0 : groups.growthBytes(more) + groups.lookupGrowthBytes(more);
    for (Accumulator accumulator : accumulators) {
      bytes += accumulator.growthBytes(groupCount() + more) + accumulator.valueGrowthBytes(more);
    }
    for (KeyTable pairs : distinctPairs) {
      bytes += pairs == null ? 0 : pairs.growthBytes(more); // each row a value new to its group
    }
    if (rowCounts != null) {
      boolean countsValues = false;
      for (int a = 0; a < accumulators.length; a++) {
        bytes += distinctCounts[a] == null ? 0 : distinctCounts[a].growthBytes(more);
        countsValues |= distinctCounts[a] != null || accumulators[a] instanceof RetractingAccumulators.Extreme;
      }
      bytes += countsValues ? work.pairGroupGrowthBytes(more) : 0; // the vector of a batch's groups, first allocated
    }
    return bytes;
  }

  /** Aggregate {@code a}'s per-group arrays, in its snapshot's order (a snapshot written in chunks). */
  Object[] accumulatorState(int a) {
    return accumulators[a].state();
  }

  /** Writes group {@code g}'s aggregate slots (not its key). Only when {@link #slotsHoldGroups}. */
  public void writeSlots(java.io.DataOutput out, int g) throws java.io.IOException {
    if (rowCounts != null) {
      out.writeLong(rowCounts[g]);
    }
    for (Accumulator accumulator : accumulators) {
      accumulator.saveSlot(out, g);
    }
  }

  /** Replaces group {@code g}'s aggregate slots with those written by {@link #writeSlots}. */
  public void readSlots(java.io.DataInput in, int g) throws java.io.IOException {
    if (rowCounts != null) {
      long before = rowCounts[g];
      rowCounts[g] = in.readLong();
      groupsWithRows += (rowCounts[g] > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
    }
    for (Accumulator accumulator : accumulators) {
      accumulator.loadSlot(in, g);
    }
  }

  /** Number of groups so far (1 without group keys). */
  public int groupCount() {
    return groups == null ? 1 : groups.size();
  }

  /**
   * Whether group {@code group} holds rows: always over append-only input and without group keys
   * (the global aggregate has its row even over no input, as in a batch run); over a changelog,
   * whether some row added to it was not retracted.
   */
  public boolean hasRows(int group) {
    return rowCounts == null || groups == null || rowCounts[group] > 0;
  }

  /** Groups that hold rows ({@link #hasRows}); over a changelog fewer than {@link #groupCount} when some emptied. */
  public int groupsWithRows() {
    return rowCounts == null || groups == null ? groupCount() : groupsWithRows;
  }

  /** The groups that hold rows, ascending, in {@code result[0 .. return)}. */
  public int groupsWithRows(int[][] result) {
    int total = groupCount();
    int[] ids = new int[groupsWithRows()];
    int n = 0;
    for (int g = 0; g < total; g++) {
      if (hasRows(g)) {
        ids[n++] = g;
      }
    }
    result[0] = ids;
    return n;
  }

  void ensureGroups(int count) {
    for (Accumulator accumulator : accumulators) {
      accumulator.ensureGroups(count);
    }
    if (rowCounts != null && rowCounts.length < count) {
      rowCounts = java.util.Arrays.copyOf(rowCounts, Accumulator.grownCapacity(rowCounts.length, count));
    }
  }

  /**
   * The group of each of the {@code n} selected rows of {@code batch} by its key columns
   * {@code keys}, adding groups for new keys, recorded as changed and touched where tracked.
   */
  private int[] touchGroups(Batch batch, int[] keys, int n) {
    int[] groupIds;
    if (groups == null) {
      if (work.zeros.length < n) {
        work.zeros = new int[Math.max(n, 16)];
      }
      groupIds = work.zeros;
    } else {
      groupIds = groups.groupIdsFor(batch, keys);
      ensureGroups(groups.size());
    }
    if (trackChanges) {
      changed.mark(groupIds, n, groupCount());
    }
    if (trackDelta) {
      touched.mark(groupIds, n, groupCount());
    }
    return groupIds;
  }

  /** The physical rows of the {@code n} selected rows of {@code batch}. */
  private int[] selectedRows(Batch batch, int n) {
    if (batch.selection != null) {
      return batch.selection;
    }
    work.identity = Vectors.identity(work.identity, n);
    return work.identity;
  }

  /** Adds the selected rows of {@code batch}. */
  public void add(Batch batch) {
    int n = batch.rowCount();
    if (n == 0) {
      return;
    }
    int[] groupIds = touchGroups(batch, groupKeys, n);
    int[] rows = selectedRows(batch, n);
    if (rowCounts != null) {
      addChanges(batch, groupIds, rows, n);
      return;
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
        count = work.selection.keepWhere((BooleanVector) batch.columns[spec.filterColumn()], groupIds, rows, n);
        aggregateGroups = work.selection.groups;
        aggregateRows = work.selection.rows;
      }
      if (distinctPairs[a] != null) {
        count = work.selection.keepFirstOccurrences(distinctPairs[a], batch, argument, aggregateGroups, aggregateRows,
            count);
        aggregateGroups = work.selection.groups;
        aggregateRows = work.selection.rows;
      }
      accumulators[a].update(aggregateGroups, aggregateRows, count, argument);
    }
  }

  /**
   * Adds the rows of a changelog batch: first every row that adds ({@code +I}, {@code +U}), then
   * every row that retracts ({@code -U}, {@code -D}), so a retraction always finds the row it takes
   * back even when both came in this batch. A retraction for a group without rows (its state
   * expired) is ignored.
   */
  private void addChanges(Batch batch, int[] groupIds, int[] rows, int n) {
    byte[] kinds = batch.kinds;
    int[] addGroups = work.addGroups = Vectors.grow(work.addGroups, n);
    int[] addRows = work.addRows = Vectors.grow(work.addRows, n);
    int[] retractGroups = work.retractGroups = Vectors.grow(work.retractGroups, n);
    int[] retractRows = work.retractRows = Vectors.grow(work.retractRows, n);
    long[] counts = rowCounts;
    int adds = 0;
    int retracts = 0;
    for (int i = 0; i < n; i++) {
      int row = rows[i];
      int g = groupIds[i];
      byte kind = kinds == null ? RowKind.INSERT : kinds[row];
      if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
        addGroups[adds] = g;
        addRows[adds++] = row;
        if (counts[g]++ == 0) {
          groupsWithRows++;
        }
      } else {
        retractGroups[retracts] = g;
        retractRows[retracts++] = row;
      }
    }
    int kept = 0;
    for (int i = 0; i < retracts; i++) {
      int g = retractGroups[i];
      if (counts[g] > 0) {
        if (--counts[g] == 0) {
          groupsWithRows--;
        }
        retractGroups[kept] = g;
        retractRows[kept++] = retractRows[i];
      }
    }
    for (int a = 0; a < accumulators.length; a++) {
      AggregateSpec spec = aggregates.get(a);
      ColumnVector argument = spec.argument() < 0 ? null : batch.columns[spec.argument()];
      change(a, batch, argument, addGroups, addRows, adds, false);
      change(a, batch, argument, retractGroups, retractRows, kept, true);
    }
  }

  /** Adds ({@code retract} false) or retracts rows {@code rows[0 .. n)} of groups {@code groupIds} in aggregate {@code a}. */
  private void change(int a, Batch batch, ColumnVector argument, int[] groupIds, int[] rows, int n, boolean retract) {
    AggregateSpec spec = aggregates.get(a);
    int count = n;
    if (spec.filterColumn() >= 0) {
      count = work.selection.keepWhere((BooleanVector) batch.columns[spec.filterColumn()], groupIds, rows, count);
      groupIds = work.selection.groups;
      rows = work.selection.rows;
    }
    ValueCounts values = distinctCounts[a];
    if (values != null) {
      // a DISTINCT aggregate sees a value when its first row arrives and when its last row leaves
      count = work.selection.keepDistinctChanges(values, retract, argument, groupIds, rows, count);
      groupIds = work.selection.groups;
      rows = work.selection.rows;
      if (retract && values.worthCompacting()) {
        values.compact();
      }
    }
    if (retract) {
      accumulators[a].retract(groupIds, rows, count, argument);
    } else {
      accumulators[a].update(groupIds, rows, count, argument);
    }
  }

  /**
   * Starts recording which groups each {@link #add} touches, for operators that emit only the
   * groups a micro-batch changed.
   */
  public void trackChanges() {
    trackChanges = true;
  }

  /**
   * The groups touched since the last call, ascending, in {@code result[0 .. return)}; clears the
   * record. Group ids are dense and handed out in order, so new groups come last.
   */
  public int takeChangedGroups(int[][] result) {
    int count = changed.count();
    result[0] = changed.take();
    return count;
  }

  /** Pushes the rows of groups {@code ids[0 .. count)}, in that order: key columns, then aggregate results. */
  public void emitGroups(int[] ids, int count, BatchConsumer consumer) {
    Batch scratch = work.oneRow(outputTypes);
    Batch output = work.output(outputTypes);
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

  /** The columns of {@link #emitPartials}: key columns, then each aggregate's partial result. */
  public List<DataType> partialTypes() {
    return PartialResults.types(outputTypes.subList(0, groupKeys.length), accumulators, aggregates);
  }

  /**
   * Pushes one row per group, key columns then partial results: the first phase of a two-phase
   * aggregation over append-only input, merged by {@link #mergePartials}.
   */
  public void emitPartials(BatchConsumer consumer) {
    PartialResults.emit(groups, groupKeys.length, groupCount(), accumulators, aggregates,
        work.partialOutput(partialTypes()), consumer);
  }

  /**
   * Merges the selected rows of {@code partials}, rows of {@link #emitPartials} of an aggregator
   * of the same input types, keys and aggregates (which must be {@link PartialResults#mergeable}), as if
   * their rows had been added here.
   */
  public void mergePartials(Batch partials) {
    int n = partials.rowCount();
    if (n == 0) {
      return;
    }
    int[] groupIds = touchGroups(partials, keyPositions, n);
    int[] rows = selectedRows(partials, n);
    PartialResults.merge(accumulators, aggregates, groupIds, rows, n, partials, groupKeys.length);
  }

  /** Pushes one row per group that {@link #hasRows}: key columns, then aggregate results. */
  public void emit(BatchConsumer consumer) {
    int total = groupCount();
    int keyCount = groupKeys.length;
    Batch output = work.output(outputTypes);
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
      if (groupsWithRows() < total && selectGroupsWithRows(output, from, count) == 0) {
        continue;
      }
      consumer.accept(output);
    }
  }

  /** Selects the rows of {@code output} whose groups ({@code from ..}) hold rows; returns how many. */
  private int selectGroupsWithRows(Batch output, int from, int count) {
    int[] emitSelection = work.emitSelection = Vectors.grow(work.emitSelection, count);
    int selected = 0;
    for (int i = 0; i < count; i++) {
      if (rowCounts[from + i] > 0) {
        emitSelection[selected++] = i;
      }
    }
    output.selection = emitSelection;
    output.selectedCount = selected;
    return selected;
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
    int before = groupCount();
    groups.retain(ids, count);
    for (Accumulator accumulator : accumulators) {
      accumulator.retain(ids, count);
    }
    for (KeyTable pairs : distinctPairs) {
      if (pairs != null) {
        retainPairs(pairs, remap);
      }
    }
    for (ValueCounts values : distinctCounts) {
      if (values != null) {
        values.retainGroups(ids, count, before);
      }
    }
    if (rowCounts != null) {
      for (int i = 0; i < count; i++) {
        rowCounts[i] = rowCounts[ids[i]];
      }
      java.util.Arrays.fill(rowCounts, count, rowCounts.length, 0L);
      countGroupsWithRows(0, count);
    }
    if (trackChanges) {
      changed.remap(remap);
    }
    reorganized = true;
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

  /** Drops every group, as {@link #clear} does, and gives back the memory the group table took. */
  public void release() {
    clear();
    if (groups != null) {
      groups.release();
    }
  }

  /** Drops every group and value. */
  public void clear() {
    reorganized = true;
    if (groups != null) {
      groups.clear();
    }
    for (int a = 0; a < accumulators.length; a++) {
      accumulators[a] = newAccumulator(aggregates.get(a));
      if (distinctPairs[a] != null) {
        distinctPairs[a].clear();
      }
      if (distinctCounts[a] != null) {
        distinctCounts[a].clear();
      }
    }
    if (rowCounts != null) {
      rowCounts = new long[0];
      groupsWithRows = 0;
    }
    ensureGroups(groupCount());
  }
}
