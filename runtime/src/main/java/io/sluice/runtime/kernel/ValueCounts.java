package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.state.StateIO;
import java.util.Arrays;
import java.util.List;

/**
 * How many rows of each group hold each value: the state an aggregation over a changelog needs
 * where a retracted row must be matched with the value it added (DISTINCT, MIN and MAX).
 *
 * <p>Each distinct (group, value) pair gets a dense id from a {@link KeyTable}, a count, and a
 * place in its group's chain (an int per pair, an int per group), so a group's values can be
 * walked without an object per value. A pair whose count drops to zero stays until dead pairs
 * outnumber live ones; {@link #compact} then rebuilds the table and renumbers the pairs.
 */
final class ValueCounts {
  private static final int[] PAIR_KEY = {0, 1};

  private final KeyTable pairs;
  private long[] counts = new long[16];
  /** Per pair: the next pair of its group, or -1. */
  private int[] next = new int[16];
  /** Per group: its first pair, or -1. */
  private int[] head = new int[0];
  private int livePairs;
  /** Holds the vector of the groups of a batch's rows, shared by the value counts of one aggregator's aggregates. */
  private final AggregatorScratch work;
  private final Batch view = new Batch(new ColumnVector[2], 0);

  /** @param work where the vector of the groups of a batch's rows is kept (and counted), one for an aggregator's value counts */
  ValueCounts(DataType valueType, AggregatorScratch work) {
    pairs = new KeyTable(List.of(DataType.of(TypeKind.BIGINT), valueType));
    this.work = work;
  }

  /** The (group, value) pairs: row {@code pair} holds the group in column 0 and the value in column 1. */
  ColumnarRows pairs() {
    return pairs.keys();
  }

  /**
   * The pair id of (group {@code groups[i]}, value at physical row {@code rows[i]} of
   * {@code values}, a column of the batch being added) for {@code i < n}, adding pairs (with count 0) not seen before. The array is
   * reused by the next call.
   */
  int[] lookup(ColumnVector values, int[] groups, int[] rows, int n) {
    int batchSize = values.capacity();
    LongVector pairGroups = work.pairGroups(batchSize);
    long[] g = pairGroups.values;
    for (int i = 0; i < n; i++) {
      g[rows[i]] = groups[i];
    }
    view.columns[0] = pairGroups;
    view.columns[1] = values;
    view.size = batchSize;
    view.selection = rows;
    view.selectedCount = n;
    int before = pairs.size();
    int[] ids = pairs.groupIdsFor(view, PAIR_KEY);
    view.columns[1] = null;
    view.selection = null;
    int after = pairs.size();
    if (after > before) {
      linkNewPairs(before, after);
    }
    return ids;
  }

  /** Puts pairs {@code from .. to)} at the head of their groups' chains. */
  private void linkNewPairs(int from, int to) {
    if (counts.length < to) {
      int capacity = Math.max(to, counts.length * 2);
      counts = Arrays.copyOf(counts, capacity);
      next = Arrays.copyOf(next, capacity);
    }
    long[] groupOf = pairs.keys().longs(0);
    for (int p = from; p < to; p++) {
      int g = (int) groupOf[p];
      ensureGroup(g);
      next[p] = head[g];
      head[g] = p;
    }
  }

  private void ensureGroup(int g) {
    if (g >= head.length) {
      int old = head.length;
      head = Arrays.copyOf(head, Math.max(g + 1, Math.max(16, old * 2)));
      Arrays.fill(head, old, head.length, -1);
    }
  }

  /** Counts one more row of {@code pair}; true when the value was absent from its group before. */
  boolean increment(int pair) {
    if (counts[pair]++ == 0) {
      livePairs++;
      return true;
    }
    return false;
  }

  /**
   * Counts one row of {@code pair} less; true when that was the group's last row of the value.
   * A pair already at zero stays there (a retraction of a row whose state expired is ignored).
   */
  boolean decrement(int pair) {
    long c = counts[pair];
    if (c <= 0) {
      return false;
    }
    counts[pair] = c - 1;
    if (c == 1) {
      livePairs--;
      return true;
    }
    return false;
  }

  long count(int pair) {
    return counts[pair];
  }

  /** The first pair of group {@code g}'s chain, or -1. */
  int firstPair(int g) {
    return g < head.length ? head[g] : -1;
  }

  /** The pair after {@code pair} in its group's chain, or -1. */
  int nextPair(int pair) {
    return next[pair];
  }

  /** Whether pairs whose count is zero are enough to be worth a {@link #compact}. */
  boolean worthCompacting() {
    return pairs.size() - livePairs > livePairs + 1024;
  }

  /**
   * Drops the pairs whose count is zero. Returns, per old pair id, its new id or -1 (dropped).
   */
  int[] compact() {
    return rebuild(null);
  }

  /**
   * Keeps the pairs of groups {@code ids[0 .. count)} (ascending), renumbered as {@link
   * HashAggregator#retainGroups} renumbers the groups, and drops those of other groups and those
   * whose count is zero. Returns, per old pair id, its new id or -1.
   */
  int[] retainGroups(int[] ids, int count, int groupCount) {
    int[] remap = new int[Math.max(groupCount, head.length)];
    Arrays.fill(remap, -1);
    for (int i = 0; i < count; i++) {
      remap[ids[i]] = i;
    }
    return rebuild(remap);
  }

  private int[] rebuild(int[] groupRemap) {
    ColumnarRows old = pairs.keys();
    int total = old.size();
    int[] pairRemap = new int[total];
    ColumnarRows kept = new ColumnarRows(old.types());
    long[] keptCounts = new long[Math.max(16, livePairs)];
    long[] groupOf = old.longs(0);
    for (int p = 0; p < total; p++) {
      int g = groupRemap == null ? (int) groupOf[p] : remapGroup(groupRemap, (int) groupOf[p]);
      if (counts[p] == 0 || g < 0) {
        pairRemap[p] = -1;
        continue;
      }
      pairRemap[p] = kept.size();
      keptCounts[kept.size()] = counts[p];
      kept.appendStoredRow(old, p);
      kept.longs(0)[kept.size() - 1] = g;
    }
    pairs.rebuildFrom(kept);
    counts = keptCounts;
    relink();
    return pairRemap;
  }

  private static int remapGroup(int[] remap, int g) {
    return g < remap.length ? remap[g] : -1;
  }

  /** Rebuilds every group's chain from the pairs' group column. */
  private void relink() {
    int size = pairs.size();
    next = new int[Math.max(16, counts.length)];
    Arrays.fill(head, -1);
    livePairs = 0;
    linkNewPairs(0, size);
    for (int p = 0; p < size; p++) {
      if (counts[p] > 0) {
        livePairs++;
      }
    }
  }

  /** Writes the pairs and their counts for a snapshot ({@link #compact} first to leave out dead pairs). */
  void writeTo(java.io.DataOutput out) throws java.io.IOException {
    pairs.writeTo(out);
    StateIO.writeArray(out, counts, pairs.size());
  }

  /** Replaces the pairs with those written by {@link #writeTo}. */
  void readFrom(java.io.DataInput in) throws java.io.IOException {
    pairs.readFrom(in);
    Object restored = StateIO.readArray(in, 16);
    if (!(restored instanceof long[]) || ((long[]) restored).length < pairs.size()) {
      throw StateIO.corrupt("value counts that are not " + pairs.size() + " longs");
    }
    counts = (long[]) restored;
    head = new int[0];
    relink();
  }

  /** Drops every pair. */
  void clear() {
    pairs.clear();
    counts = new long[16];
    next = new int[16];
    head = new int[0];
    livePairs = 0;
  }

  /** Bytes {@code more} new pairs would allocate: the pair table and the counts and chains grown. */
  long growthBytes(int more) {
    long needed = pairs.size() + (long) more;
    return pairs.growthBytes(more) + (needed <= counts.length ? 0 : Math.max(needed, 2L * counts.length) * 12L);
  }

  /** Bytes the pairs, counts and chains take. */
  long bytes() {
    return pairs.estimatedBytes() + 12L * counts.length + 4L * head.length;
  }
}
