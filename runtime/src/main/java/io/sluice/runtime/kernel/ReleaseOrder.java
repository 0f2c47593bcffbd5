package io.sluice.runtime.kernel;

import java.util.Arrays;

/**
 * The order in which the watermark releases an interval join's stored rows: by event time.
 * Rows stored in time order (the common case: sources in event-time order) form runs, released
 * by moving a cursor along each; rows that arrived out of order go through a heap. Neither
 * takes an object per row.
 */
final class ReleaseOrder {
  private final TimeHeap heap = new TimeHeap();
  /** Run i holds the rows {@code runNext[i] .. runEnd[i])} still to release, in time order. */
  private int[] runNext = new int[4];
  private int[] runEnd = new int[4];
  private int runs;

  /** Adds the stored rows {@code from .. to)} whose times are {@code times[from .. to)}. */
  void add(long[] times, int from, int to) {
    if (from >= to) {
      return;
    }
    boolean sorted = true;
    for (int r = from + 1; r < to && sorted; r++) {
      sorted = times[r] >= times[r - 1];
    }
    if (!sorted) {
      heap.reserve(to - from);
      for (int r = from; r < to; r++) {
        heap.push(times[r], r);
      }
      return;
    }
    if (runs > 0 && runEnd[runs - 1] == from && times[from] >= times[from - 1]) {
      runEnd[runs - 1] = to; // continues the last run
      return;
    }
    if (runs == runNext.length) {
      runNext = Arrays.copyOf(runNext, runs * 2);
      runEnd = Arrays.copyOf(runEnd, runs * 2);
    }
    runNext[runs] = from;
    runEnd[runs] = to;
    runs++;
  }

  /** The smallest time of a row not released yet, or {@link Long#MAX_VALUE} when there is none. */
  long nextTime(long[] times) {
    long min = heap.size() > 0 ? heap.peekTime() : Long.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      min = Math.min(min, times[runNext[i]]);
    }
    return min;
  }

  /**
   * Takes up to {@code max} rows whose time is before {@code before} (every row when {@code all})
   * into {@code out}; returns how many. Fewer than {@code max} means no more are due.
   */
  int takeDue(long[] times, long before, boolean all, int[] out, int max) {
    int count = 0;
    for (int i = 0; i < runs && count < max; i++) {
      int next = runNext[i];
      int end = runEnd[i];
      while (next < end && count < max && (all || times[next] < before)) {
        out[count++] = next++;
      }
      runNext[i] = next;
    }
    dropEmptyRuns();
    while (count < max && heap.size() > 0 && (all || heap.peekTime() < before)) {
      out[count++] = heap.peekRow();
      heap.pop();
    }
    return count;
  }

  private void dropEmptyRuns() {
    int kept = 0;
    for (int i = 0; i < runs; i++) {
      if (runNext[i] < runEnd[i]) {
        runNext[kept] = runNext[i];
        runEnd[kept] = runEnd[i];
        kept++;
      }
    }
    runs = kept;
  }

  /**
   * Replaces every row id {@code r} by {@code newIds[r]} after the rows were compacted (order
   * kept, released rows dropped); every row not released must have a new id.
   */
  void renumber(int[] newIds) {
    heap.renumber(newIds);
    for (int i = 0; i < runs; i++) {
      runEnd[i] = newIds[runEnd[i] - 1] + 1;
      runNext[i] = newIds[runNext[i]];
    }
  }

  void clear() {
    heap.clear();
    runs = 0;
  }

  /** Drops every row and gives back the memory it took: the rows left for an on-disk store. */
  void release() {
    heap.release();
    runNext = new int[4];
    runEnd = new int[4];
    runs = 0;
  }

  long bytes() {
    return heap.bytes() + runNext.length * 8L;
  }
}
