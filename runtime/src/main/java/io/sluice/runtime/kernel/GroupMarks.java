package io.sluice.runtime.kernel;

import java.util.Arrays;

/**
 * A set of group ids marked since it was last cleared: a bit per group, to mark each one once
 * without allocating, and the list of those marked, to visit them without scanning every group.
 * Aggregators keep one for the groups a batch changed (what update mode emits) and one for those
 * changed since the last checkpoint (what a state delta writes).
 */
final class GroupMarks {
  private long[] bits = new long[0];
  private int[] marked = new int[0];
  private int count;

  /** Marks groups {@code ids[0 .. n)}, all below {@code groupCount}. */
  void mark(int[] ids, int n, int groupCount) {
    reserve(groupCount);
    for (int i = 0; i < n; i++) {
      add(ids[i]);
    }
  }

  /** Marks group {@code id}, below {@code groupCount}. */
  void mark(int id, int groupCount) {
    reserve(groupCount);
    add(id);
  }

  private void reserve(int groupCount) {
    if (bits.length * 64 < groupCount) {
      bits = Arrays.copyOf(bits, Math.max(groupCount / 64 + 1, bits.length * 2));
    }
  }

  private void add(int g) {
    long bit = 1L << g;
    if ((bits[g >>> 6] & bit) == 0) {
      bits[g >>> 6] |= bit;
      if (count == marked.length) {
        marked = Arrays.copyOf(marked, Math.max(16, count * 2));
      }
      marked[count++] = g;
    }
  }

  int count() {
    return count;
  }

  /** The bytes the marks take as allocated. */
  long estimatedBytes() {
    return 8L * bits.length + 4L * marked.length;
  }

  /** The groups marked, ascending, as a new array. */
  int[] sorted() {
    int[] ids = Arrays.copyOf(marked, count);
    Arrays.sort(ids);
    return ids;
  }

  /** The groups marked, ascending, as a new array; the set is cleared. */
  int[] take() {
    int[] ids = sorted();
    clear();
    return ids;
  }

  /** Unmarks every group. */
  void clear() {
    for (int i = 0; i < count; i++) {
      bits[marked[i] >>> 6] &= ~(1L << marked[i]);
    }
    count = 0;
  }

  /** Renumbers the marked groups as {@code remap} says (-1: the group is gone, unmarked). */
  void remap(int[] remap) {
    int kept = 0;
    for (int i = 0; i < count; i++) {
      int g = remap[marked[i]];
      if (g >= 0) {
        marked[kept++] = g;
      }
    }
    count = kept;
    Arrays.fill(bits, 0L);
    for (int i = 0; i < kept; i++) {
      bits[marked[i] >>> 6] |= 1L << marked[i];
    }
  }
}
