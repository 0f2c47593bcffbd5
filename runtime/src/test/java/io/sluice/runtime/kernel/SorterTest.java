package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.BOOLEAN;
import static io.sluice.runtime.kernel.TestRows.DOUBLE;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SorterTest {
  private static final List<DataType> TYPES = List.of(BIGINT, DOUBLE, VARCHAR, BOOLEAN, BIGINT);

  /** SQL ordering of boxed values, written independently of the operator. */
  static int compareValues(Object a, Object b) {
    if (a instanceof Double) {
      double x = (Double) a;
      double y = (Double) b;
      if (Double.isNaN(x) || Double.isNaN(y)) {
        return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
      }
      return x == y ? 0 : x < y ? -1 : 1;
    }
    if (a instanceof String) {
      return Arrays.compareUnsigned(((String) a).getBytes(StandardCharsets.UTF_8),
          ((String) b).getBytes(StandardCharsets.UTF_8));
    }
    if (a instanceof Boolean) {
      return Boolean.compare((Boolean) a, (Boolean) b);
    }
    return Long.compare((Long) a, (Long) b);
  }

  static Comparator<List<Object>> reference(List<SortKey> keys) {
    return (a, b) -> {
      for (SortKey key : keys) {
        Object x = a.get(key.column());
        Object y = b.get(key.column());
        int c;
        if (x == null || y == null) {
          c = x == null && y == null ? 0 : (x == null) == key.nullsFirst() ? -1 : 1;
        } else {
          c = compareValues(x, y);
          if (key.descending()) {
            c = -c;
          }
        }
        if (c != 0) {
          return c;
        }
      }
      return 0;
    };
  }

  static List<List<Object>> randomRows(Random random, int n) {
    String[] strings = {"a", "b", "ab", "", "é", "z", "Z", "aa"};
    double[] doubles = {1.0, -1.0, 0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 2.5};
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row(
          random.nextInt(6) == 0 ? null : (long) random.nextInt(10),
          random.nextInt(6) == 0 ? null : doubles[random.nextInt(doubles.length)],
          random.nextInt(6) == 0 ? null : strings[random.nextInt(strings.length)],
          random.nextInt(6) == 0 ? null : random.nextBoolean(),
          (long) i));
    }
    return rows;
  }

  private static List<List<Object>> sort(List<SortKey> keys, long offset, long limit, List<List<Object>> rows,
      Random random, boolean expectTopN) {
    Sorter sorter = new Sorter(TYPES, keys, offset, limit);
    assertEquals(expectTopN, sorter.isTopN());
    for (Batch b : TestRows.batches(TYPES, rows, 333, random)) {
      sorter.add(b);
    }
    TestRows.Collector out = new TestRows.Collector();
    sorter.emit(out);
    return out.rows;
  }

  private static List<List<Object>> expected(List<SortKey> keys, long offset, long limit, List<List<Object>> rows) {
    List<List<Object>> sorted = new ArrayList<>(rows);
    sorted.sort(reference(keys));
    int from = (int) Math.min(offset, sorted.size());
    int to = limit < 0 ? sorted.size() : (int) Math.min(sorted.size(), offset + limit);
    return sorted.subList(from, Math.max(from, to));
  }

  @Test
  void fullSortAndTopNAgreeWithStableReference() {
    Random random = new Random(11);
    List<List<List<SortKey>>> keySets = List.of(
        List.of(List.of(SortKey.ascending(0))),
        List.of(List.of(SortKey.descending(1), new SortKey(2, false, true))),
        List.of(List.of(new SortKey(2, true, false), new SortKey(3, false, true), SortKey.ascending(0))),
        List.of(List.of(new SortKey(1, false, true))));
    for (int round = 0; round < 4; round++) {
      List<List<Object>> rows = randomRows(random, 5000);
      for (List<List<SortKey>> keySet : keySets) {
        List<SortKey> keys = keySet.get(0);
        // column 4 is the input position: comparing whole rows checks stability too
        assertEquals(expected(keys, 0, -1, rows), sort(keys, 0, -1, rows, random, false), keys.toString());
        for (long[] window : new long[][] {{0, 10}, {7, 100}, {0, 0}, {4990, 20}, {0, 5000}, {3, 1}}) {
          List<List<Object>> want = expected(keys, window[0], window[1], rows);
          assertEquals(want, sort(keys, window[0], window[1], rows, random, true), keys + " " + Arrays.toString(window));
        }
        assertEquals(expected(keys, 20, 20_000, rows), sort(keys, 20, 20_000, rows, random, false));
        assertEquals(expected(keys, 100, -1, rows), sort(keys, 100, -1, rows, random, false));
      }
    }
  }

  @Test
  void nullsAndSpecialDoubles() {
    List<List<Object>> rows = List.of(row(null, 1.0, "x", true, 0L), row(1L, Double.NaN, "y", false, 1L),
        row(2L, -0.0, null, null, 2L), row(3L, 0.0, "", true, 3L), row(null, null, "é", false, 4L),
        row(0L, Double.NEGATIVE_INFINITY, "z", true, 5L));
    Random random = new Random(1);
    assertEquals(List.of(0L, 4L, 5L, 1L, 2L, 3L),
        positions(sort(List.of(new SortKey(0, false, true)), 0, -1, rows, random, false)));
    assertEquals(List.of(3L, 2L, 1L, 5L, 0L, 4L),
        positions(sort(List.of(new SortKey(0, true, false)), 0, -1, rows, random, false)));
    // NaN greatest; -0.0 and 0.0 tie and keep input order
    assertEquals(List.of(5L, 2L, 3L, 0L, 1L, 4L),
        positions(sort(List.of(SortKey.ascending(1)), 0, -1, rows, random, false)));
    // unsigned bytes: "é" (0xC3 0xA9) after "z"
    assertEquals(List.of(2L, 4L, 5L, 1L),
        positions(sort(List.of(SortKey.descending(2)), 0, 4, rows, random, true)));
  }

  private static List<Long> positions(List<List<Object>> rows) {
    List<Long> out = new ArrayList<>();
    for (List<Object> r : rows) {
      out.add((Long) r.get(4));
    }
    return out;
  }

  @Test
  void emptyInput() {
    assertEquals(List.of(), sort(List.of(SortKey.ascending(0)), 0, -1, List.of(), new Random(1), false));
    assertEquals(List.of(), sort(List.of(SortKey.ascending(0)), 0, 5, List.of(), new Random(1), true));
  }

  @Test
  void intSorterIsStable() {
    Random random = new Random(5);
    int[] keys = new int[10_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = random.nextInt(50);
    }
    int[] order = new int[keys.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    IntSorter.sort(order, 0, order.length, (a, b) -> Integer.compare(keys[a], keys[b]));
    for (int i = 1; i < order.length; i++) {
      int a = order[i - 1];
      int b = order[i];
      assertTrue(keys[a] < keys[b] || keys[a] == keys[b] && a < b);
    }
    assertFalse(order.length == 0);
  }
}
