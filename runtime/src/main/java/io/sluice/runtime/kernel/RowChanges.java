package io.sluice.runtime.kernel;

import io.sluice.runtime.state.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * What changed in one input's stored rows (a join's) since a checkpoint, for a state delta. At
 * {@link #mark} every live row gets its rank among the live rows, the position a snapshot taken
 * then gave it; from then on the rows removed (released, retracted, expired) and the rows whose
 * per-row values changed (match counts, matched flags) are recorded by rank, and rows appended
 * since are {@link #NEW}, the last ones in the store (compaction keeps the order). A delta is
 * the ranks removed, the ranks changed with their values, and the rows added that are still live.
 *
 * <p>Before the first {@link #mark} nothing is recorded, so a query without a checkpoint pays an
 * if per call; nothing is allocated per row.
 */
final class RowChanges {
  /** The rank of a row appended since the base. */
  static final int NEW = -1;
  /** The rank of a row already dead at the base. */
  private static final int GONE = -2;

  /** Per stored row: its rank among the rows live at the base, {@link #NEW} or {@link #GONE}; null before a base. */
  private int[] baseRank;
  private int baseLive;
  private int[] removed = new int[0];
  private int removedCount;
  /** Stored rows of the base whose values changed, by their current index. */
  private final GroupMarks changed = new GroupMarks();

  boolean recording() {
    return baseRank != null;
  }

  /** Makes rows {@code [0, size)} the base: the live ones ({@code dead[r]} false) ranked in their order. */
  void mark(int size, boolean[] dead) {
    if (baseRank == null || baseRank.length < size || baseRank.length > 2 * Math.max(16, dead.length)) {
      baseRank = new int[Math.max(16, dead.length)]; // smaller again once the rows went to an on-disk store
    }
    int rank = 0;
    for (int r = 0; r < size; r++) {
      baseRank[r] = dead[r] ? GONE : rank++;
    }
    baseLive = rank;
    removedCount = 0;
    changed.clear();
  }

  /** Makes room for rows {@code [0, capacity)}. */
  void reserve(int capacity) {
    if (baseRank != null && baseRank.length < capacity) {
      baseRank = Arrays.copyOf(baseRank, Math.max(capacity, baseRank.length + (baseRank.length >> 1)));
    }
  }

  /** Rows {@code [from, to)} were appended. */
  void appended(int from, int to) {
    if (baseRank != null) {
      reserve(to);
      Arrays.fill(baseRank, from, to, NEW);
    }
  }

  /** Row {@code row} was removed (it is dead now). */
  void removed(int row) {
    if (baseRank != null && baseRank[row] >= 0) {
      if (removedCount == removed.length) {
        removed = Arrays.copyOf(removed, Math.max(16, removedCount * 2));
      }
      removed[removedCount++] = baseRank[row];
    }
  }

  /** A value of row {@code row} (of {@code size} stored) changed. */
  void changed(int row, int size) {
    if (baseRank != null && baseRank[row] >= 0) {
      changed.mark(row, size);
    }
  }

  /**
   * The store kept rows {@code kept[0 .. n)} of {@code oldSize}, in their order: row {@code
   * kept[i]} is row {@code i} now.
   */
  void compacted(int[] kept, int n, int oldSize) {
    if (baseRank == null) {
      return;
    }
    for (int i = 0; i < n; i++) {
      baseRank[i] = baseRank[kept[i]];
    }
    if (changed.count() == 0) {
      return; // an inner join's rows never change: no map of the old ids (4 bytes a stored row) to make
    }
    int[] newIds = new int[oldSize];
    Arrays.fill(newIds, -1);
    for (int i = 0; i < n; i++) {
      newIds[kept[i]] = i;
    }
    changed.remap(newIds);
  }

  /** The first of the rows appended since the base, of {@code size} stored. */
  int firstAdded(int size) {
    int first = size;
    while (first > 0 && baseRank[first - 1] == NEW) {
      first--;
    }
    return first;
  }

  /** Writes the number of rows live at the base and the ranks removed since. */
  void writeRemoved(DataOutput out) throws IOException {
    out.writeInt(baseLive);
    StateIO.writeArray(out, removed, removedCount);
  }

  /**
   * Writes the ranks of the base's rows whose values changed and that are still live, ascending;
   * returns those rows (current indexes), whose values the caller writes next.
   */
  int[] writeChanged(DataOutput out, boolean[] dead) throws IOException {
    int[] rows = changed.sorted();
    int n = 0;
    for (int row : rows) {
      if (!dead[row]) {
        rows[n++] = row;
      }
    }
    int[] ranks = new int[n];
    for (int i = 0; i < n; i++) {
      ranks[i] = baseRank[rows[i]];
    }
    StateIO.writeArray(out, ranks, n);
    return Arrays.copyOf(rows, n);
  }

  /** Reads what {@link #writeRemoved} wrote onto {@code live} rows (the base's): the ranks removed. */
  static int[] readRemoved(DataInput in, int live) throws IOException {
    StateIO.expect(in, live, "a delta on a number of rows");
    return readRanks(in, live, "removed rows");
  }

  /** Reads rank numbers written as an int array and checks they are below {@code live}. */
  static int[] readRanks(DataInput in, int live, String what) throws IOException {
    Object read = StateIO.readArray(in, 0);
    if (!(read instanceof int[] ranks)) {
      throw StateIO.corrupt(what + " that are not ints");
    }
    for (int rank : ranks) {
      if (rank < 0 || rank >= live) {
        throw StateIO.corrupt(what + ": rank " + rank + " of " + live);
      }
    }
    return ranks;
  }

  long bytes() {
    return (baseRank == null ? 0 : 4L * baseRank.length) + 4L * removed.length + changed.estimatedBytes();
  }
}
