package io.sluice.runtime.kernel;

import java.util.Arrays;

/**
 * A min-heap of stored rows by event time, in two parallel primitive arrays: which row of an
 * operator's state the watermark releases next. No object per entry.
 */
final class TimeHeap {
  private long[] times = new long[16];
  private int[] rows = new int[16];
  private int size;

  int size() {
    return size;
  }

  /** The smallest time; only when not empty. */
  long peekTime() {
    return times[0];
  }

  /** The row of the smallest time; only when not empty. */
  int peekRow() {
    return rows[0];
  }

  /** Makes room for {@code extra} more entries. */
  void reserve(int extra) {
    int needed = size + extra;
    if (needed > times.length) {
      int capacity = Math.max(needed, times.length + (times.length >> 1));
      times = Arrays.copyOf(times, capacity);
      rows = Arrays.copyOf(rows, capacity);
    }
  }

  void push(long time, int row) {
    reserve(1);
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (times[parent] <= time) {
        break;
      }
      times[i] = times[parent];
      rows[i] = rows[parent];
      i = parent;
    }
    times[i] = time;
    rows[i] = row;
  }

  /** Removes the smallest entry. */
  void pop() {
    size--;
    if (size == 0) {
      return;
    }
    long time = times[size];
    int row = rows[size];
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      if (child + 1 < size && times[child + 1] < times[child]) {
        child++;
      }
      if (times[child] >= time) {
        break;
      }
      times[i] = times[child];
      rows[i] = rows[child];
      i = child;
    }
    times[i] = time;
    rows[i] = row;
  }

  /** Replaces every row id {@code r} by {@code newIds[r]} (after the rows were compacted); the order is kept. */
  void renumber(int[] newIds) {
    for (int i = 0; i < size; i++) {
      rows[i] = newIds[rows[i]];
    }
  }

  /** Writes the entries as they lie in the heap: their count, times, then rows. */
  void writeTo(java.io.DataOutput out) throws java.io.IOException {
    out.writeInt(size);
    io.sluice.runtime.state.StateIO.writeArray(out, times, size);
    io.sluice.runtime.state.StateIO.writeArray(out, rows, size);
  }

  void clear() {
    size = 0;
  }

  /** Drops every entry and gives back the memory the arrays took. */
  void release() {
    times = new long[16];
    rows = new int[16];
    size = 0;
  }

  long bytes() {
    return times.length * 12L;
  }
}
