package io.sluice.runtime.kernel;

import io.sluice.runtime.state.StateIO;

/**
 * The snapshot and delta format of a {@link HashAggregator}: its groups' keys, row counts and
 * accumulator slots as {@link HashAggregator#writeTo} and {@link HashAggregator#writeDelta} write
 * them and {@link HashAggregator#readFrom} and {@link HashAggregator#applyDelta} read them back.
 * Kept apart from the aggregator so that the format is read in one place, beside the code that
 * adds rows.
 */
final class AggregateSnapshot {
  private AggregateSnapshot() {}

  /**
   * Writes a delta in {@link HashAggregator#writeDelta}'s format for a state of which {@code agg}
   * holds only the groups touched: from {@code baseGroups} to {@code count} groups, the keys of the new ones
   * being {@code agg}'s groups from {@code firstAdded} on, the touched groups {@code ids}
   * (ascending) held here as groups {@code slots}. An on-disk backend writes its deltas so.
   */
  static void writeDeltaOf(HashAggregator agg, java.io.DataOutput out, int baseGroups, int count, int firstAdded,
      int[] ids, int[] slots) throws java.io.IOException {
    out.writeInt(HashAggregator.STATE_VERSION);
    out.writeInt(baseGroups);
    out.writeInt(count);
    if (agg.groups != null) {
      // written from where the keys lie, as a store of just them would write them: a copy into one
      // first (grown row by row) was a third of what a checkpoint allocated in Nexmark q4
      agg.groups.keys().writeRange(out, firstAdded, count - baseGroups);
    }
    StateIO.writeArray(out, ids, ids.length);
    if (agg.rowCounts != null) {
      StateIO.writeGathered(out, agg.rowCounts, slots, slots.length);
    }
    for (Accumulator accumulator : agg.accumulators) {
      accumulator.saveGroups(out, slots, slots.length);
    }
  }

  /** Applies a delta written by {@link HashAggregator#writeDelta} to the groups it was taken from. */
  static void applyDelta(HashAggregator agg, java.io.DataInput in) throws java.io.IOException {
    DeltaHead head = readDeltaHead(agg, in, agg.groupCount());
    if (agg.groups != null) {
      agg.groups.appendNewKeys(head.added());
    }
    agg.ensureGroups(head.count());
    loadTouched(agg, in, head.touched());
    if (agg.rowCounts != null) {
      agg.countGroupsWithRows(0, head.count());
    }
  }

  /**
   * The start of a delta: the groups after it, the keys of the groups it adds (in id order; empty
   * without group keys) and the ids of the groups it touched.
   */
  record DeltaHead(int count, ColumnarRows added, int[] touched) {}

  /**
   * Reads the start of a delta taken from {@code baseGroups} groups of an aggregator of {@code
   * shape}'s shape, up to the touched groups' values ({@link #loadTouched}).
   */
  static DeltaHead readDeltaHead(HashAggregator shape, java.io.DataInput in, int baseGroups)
      throws java.io.IOException {
    StateIO.expect(in, HashAggregator.STATE_VERSION, "aggregate state version");
    StateIO.expect(in, baseGroups, "a delta on a number of groups");
    int count = in.readInt();
    if (count < baseGroups) {
      throw StateIO.corrupt("a delta to " + count + " groups from " + baseGroups);
    }
    ColumnarRows added = null;
    if (shape.groups != null) {
      added = new ColumnarRows(shape.groups.keys().types());
      added.readFrom(in);
      if (added.size() != count - baseGroups) {
        throw StateIO.corrupt(added.size() + " new group keys for " + (count - baseGroups) + " new groups");
      }
    } else if (count != 1) {
      throw StateIO.corrupt("a delta to " + count + " groups of an aggregate without group keys");
    }
    Object ids = StateIO.readArray(in, 0);
    if (!(ids instanceof int[])) {
      throw StateIO.corrupt("changed groups that are not ints");
    }
    int[] touchedIds = (int[]) ids;
    for (int g : touchedIds) {
      if (g < 0 || g >= count) {
        throw StateIO.corrupt("a changed group " + g + " of " + count);
      }
    }
    return new DeltaHead(count, added, touchedIds);
  }

  /** Reads the touched groups' row counts and aggregate values of a delta into groups {@code slots} of {@code agg}. */
  static void loadTouched(HashAggregator agg, java.io.DataInput in, int[] slots) throws java.io.IOException {
    if (agg.rowCounts != null) {
      StateIO.readScattered(in, agg.rowCounts, slots, slots.length);
    }
    for (Accumulator accumulator : agg.accumulators) {
      accumulator.loadGroups(in, slots, slots.length);
    }
  }

  /**
   * Writes every group's keys and aggregate state (and DISTINCT values seen) for a snapshot; over
   * a changelog also each group's row count, and DISTINCT values with their counts.
   */
  static void writeTo(HashAggregator agg, java.io.DataOutput out) throws java.io.IOException {
    out.writeInt(HashAggregator.STATE_VERSION);
    int count = agg.groupCount();
    out.writeInt(count);
    if (agg.groups != null) {
      agg.groups.writeTo(out);
    }
    if (agg.rowCounts != null) {
      StateIO.writeArray(out, agg.rowCounts, count);
    }
    for (int a = 0; a < agg.accumulators.length; a++) {
      agg.accumulators[a].save(out, count);
      if (agg.distinctPairs[a] != null) {
        agg.distinctPairs[a].writeTo(out);
      }
      if (agg.distinctCounts[a] != null) {
        agg.distinctCounts[a].compact();
        agg.distinctCounts[a].writeTo(out);
      }
    }
  }

  /** Replaces the groups with those written by {@link #writeTo} from an aggregator of the same shape. */
  static void readFrom(HashAggregator agg, java.io.DataInput in) throws java.io.IOException {
    StateIO.expect(in, HashAggregator.STATE_VERSION, "aggregate state version");
    int count = in.readInt();
    if (agg.groups != null) {
      agg.groups.readFrom(in);
      if (agg.groups.size() != count) {
        throw StateIO.corrupt(agg.groups.size() + " group keys for " + count + " groups");
      }
    }
    if (agg.rowCounts != null) {
      agg.rowCounts = java.util.Arrays.copyOf(StateIO.readLongs(in, count, "group row counts"), Math.max(count, 16));
      agg.countGroupsWithRows(0, count);
    }
    for (int a = 0; a < agg.accumulators.length; a++) {
      agg.accumulators[a].load(in, count);
      if (agg.distinctPairs[a] != null) {
        agg.distinctPairs[a].readFrom(in);
      }
      if (agg.distinctCounts[a] != null) {
        agg.distinctCounts[a].readFrom(in);
      }
    }
  }
}
