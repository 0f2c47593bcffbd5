package io.sluice.runtime.kernel;

/**
 * Sift operations of a binary heap of ints (row or run indexes) kept in an array, ordered by a
 * rank the caller gives: the element that ranks above every other is at index 0. Used by the
 * top-N heap of {@link Sorter} (the worst row kept on top) and the run heap of {@link
 * SortedRunMerger} (the smallest current row on top); no object is made per call.
 */
final class BinaryHeap {
  /** Whether element {@code a} belongs nearer the top than {@code b}. */
  @FunctionalInterface
  interface Rank {
    boolean above(int a, int b);
  }

  private BinaryHeap() {}

  /** Moves {@code heap[i]} up to where it belongs. */
  static void siftUp(int[] heap, int i, Rank rank) {
    int value = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!rank.above(value, heap[parent])) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = value;
  }

  /** Moves {@code heap[i]} down to where it belongs among the first {@code size} elements. */
  static void siftDown(int[] heap, int size, int i, Rank rank) {
    int value = heap[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && rank.above(heap[child + 1], heap[child])) {
        child++;
      }
      if (!rank.above(heap[child], value)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = value;
  }
}
