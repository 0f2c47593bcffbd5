package io.sluice.runtime.kernel;

/**
 * A stable sort of {@code int} arrays (row indexes) under a comparator, without boxing: insertion
 * sort of short runs, then bottom-up merges through one scratch array.
 */
public final class IntSorter {
  /** Orders two ints; typically row indexes compared by their stored values. */
  @FunctionalInterface
  public interface IntComparator {
    int compare(int a, int b);
  }

  private static final int RUN = 32;

  private IntSorter() {}

  /** Sorts {@code values[from .. to)} stably. */
  public static void sort(int[] values, int from, int to, IntComparator comparator) {
    int n = to - from;
    if (n < 2) {
      return;
    }
    for (int start = from; start < to; start += RUN) {
      insertionSort(values, start, Math.min(start + RUN, to), comparator);
    }
    if (n <= RUN) {
      return;
    }
    int[] source = values;
    int[] target = new int[to];
    for (int width = RUN; width < n; width *= 2) {
      for (int left = from; left < to; left += 2 * width) {
        int middle = Math.min(left + width, to);
        int right = Math.min(left + 2 * width, to);
        merge(source, target, left, middle, right, comparator);
      }
      int[] swap = source;
      source = target;
      target = swap;
    }
    if (source != values) {
      System.arraycopy(source, from, values, from, n);
    }
  }

  private static void insertionSort(int[] values, int from, int to, IntComparator comparator) {
    for (int i = from + 1; i < to; i++) {
      int value = values[i];
      int j = i - 1;
      while (j >= from && comparator.compare(values[j], value) > 0) {
        values[j + 1] = values[j];
        j--;
      }
      values[j + 1] = value;
    }
  }

  private static void merge(int[] source, int[] target, int left, int middle, int right,
      IntComparator comparator) {
    if (middle >= right || comparator.compare(source[middle - 1], source[middle]) <= 0) {
      System.arraycopy(source, left, target, left, right - left);
      return;
    }
    int i = left;
    int j = middle;
    int k = left;
    while (i < middle && j < right) {
      // Take from the right run only when strictly smaller: keeps equal rows in input order.
      if (comparator.compare(source[j], source[i]) < 0) {
        target[k++] = source[j++];
      } else {
        target[k++] = source[i++];
      }
    }
    while (i < middle) {
      target[k++] = source[i++];
    }
    while (j < right) {
      target[k++] = source[j++];
    }
  }
}
