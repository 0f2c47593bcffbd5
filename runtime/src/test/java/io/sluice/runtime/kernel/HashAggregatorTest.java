package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.BOOLEAN;
import static io.sluice.runtime.kernel.TestRows.DOUBLE;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashAggregatorTest {
  private static List<List<Object>> run(HashAggregator aggregator, List<Batch> batches) {
    for (Batch batch : batches) {
      aggregator.add(batch);
    }
    TestRows.Collector out = new TestRows.Collector();
    aggregator.emit(out);
    return out.rows;
  }

  @Test
  void globalAggregateOfEmptyInputIsOneRow() {
    List<DataType> types = List.of(BIGINT, DOUBLE);
    HashAggregator aggregator = new HashAggregator(types, new int[0], List.of(
        new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT),
        AggregateSpec.of(AggregateKind.COUNT, 0, BIGINT),
        AggregateSpec.of(AggregateKind.SUM, 0, BIGINT),
        AggregateSpec.of(AggregateKind.SUM0, 0, BIGINT),
        AggregateSpec.of(AggregateKind.SUM0, 1, DOUBLE),
        AggregateSpec.of(AggregateKind.MAX, 1, DOUBLE),
        AggregateSpec.of(AggregateKind.AVG, 0, DOUBLE)));
    List<List<Object>> rows = run(aggregator, List.of(TestRows.dense(types, List.of())));
    assertEquals(List.of(row(0L, 0L, null, 0L, 0.0, null, null)), rows);
  }

  @Test
  void groupedAggregateOfEmptyInputIsNoRow() {
    HashAggregator aggregator = new HashAggregator(List.of(BIGINT), new int[] {0},
        List.of(new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT)));
    assertEquals(List.of(), run(aggregator, List.of()));
  }

  @Test
  void nullsAreIgnoredAndGroupTogether() {
    List<DataType> types = List.of(VARCHAR, BIGINT);
    List<List<Object>> input = List.of(row("a", 1L), row(null, 2L), row("a", null), row(null, 5L),
        row("b", null));
    HashAggregator aggregator = new HashAggregator(types, new int[] {0}, List.of(
        new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT),
        AggregateSpec.of(AggregateKind.COUNT, 1, BIGINT),
        AggregateSpec.of(AggregateKind.SUM, 1, BIGINT),
        AggregateSpec.of(AggregateKind.SUM0, 1, BIGINT),
        AggregateSpec.of(AggregateKind.MIN, 1, BIGINT),
        AggregateSpec.of(AggregateKind.AVG, 1, DOUBLE)));
    List<List<Object>> rows = run(aggregator, List.of(TestRows.sparse(types, input, new Random(1))));
    assertEquals(List.of(
        row("a", 2L, 1L, 1L, 1L, 1L, 1.0),
        row(null, 2L, 2L, 7L, 7L, 2L, 3.5),
        row("b", 1L, 0L, null, 0L, null, null)), rows);
  }

  @Test
  void sumOverflowFails() {
    HashAggregator aggregator = new HashAggregator(List.of(BIGINT), new int[0],
        List.of(AggregateSpec.of(AggregateKind.SUM, 0, BIGINT)));
    SluiceException e = assertThrows(SluiceException.class, () -> aggregator.add(
        TestRows.dense(List.of(BIGINT), List.of(row(Long.MAX_VALUE), row(1L)))));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, e.code());
  }

  @Test
  void decimalSumChecksPrecisionAndAverageRoundsHalfUp() {
    DataType dec = DataType.decimal(5, 2);
    HashAggregator aggregator = new HashAggregator(List.of(dec), new int[0], List.of(
        AggregateSpec.of(AggregateKind.SUM, 0, DataType.decimal(18, 2)),
        AggregateSpec.of(AggregateKind.AVG, 0, DataType.decimal(18, 3)),
        AggregateSpec.of(AggregateKind.AVG, 0, DataType.decimal(18, 2))));
    // 1.00 + 2.00 + 2.01 = 5.01; / 3 = 1.67 (1.670), and -> 1.67
    List<List<Object>> rows = run(aggregator,
        List.of(TestRows.dense(List.of(dec), List.of(row(100L), row(200L), row(201L)))));
    assertEquals(List.of(row(501L, 1670L, 167L)), rows);

    HashAggregator negative = new HashAggregator(List.of(dec), new int[0],
        List.of(AggregateSpec.of(AggregateKind.AVG, 0, DataType.decimal(18, 0))));
    // (-0.50 + -0.50 + -0.50 + -0.50) / 4 = -0.5 -> -1 half away from zero
    assertEquals(List.of(row(-1L)), run(negative,
        List.of(TestRows.dense(List.of(dec), List.of(row(-50L), row(-50L), row(-50L), row(-50L))))));

    HashAggregator narrow = new HashAggregator(List.of(dec), new int[0],
        List.of(AggregateSpec.of(AggregateKind.SUM, 0, DataType.decimal(5, 2))));
    narrow.add(TestRows.dense(List.of(dec), List.of(row(99_999L), row(1L))));
    SluiceException e = assertThrows(SluiceException.class, () -> narrow.emit(b -> { }));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, e.code());
  }

  @Test
  void singleValueFailsOnSecondRowEvenIfNull() {
    HashAggregator ok = new HashAggregator(List.of(BIGINT, BIGINT), new int[] {0},
        List.of(AggregateSpec.of(AggregateKind.SINGLE_VALUE, 1, BIGINT)));
    assertEquals(List.of(row(1L, null), row(2L, 7L)), run(ok, List.of(
        TestRows.dense(List.of(BIGINT, BIGINT), List.of(row(1L, null), row(2L, 7L))))));

    HashAggregator aggregator = new HashAggregator(List.of(BIGINT), new int[0],
        List.of(AggregateSpec.of(AggregateKind.SINGLE_VALUE, 0, BIGINT)));
    aggregator.add(TestRows.dense(List.of(BIGINT), List.of(row((Object) null))));
    SluiceException e = assertThrows(SluiceException.class,
        () -> aggregator.add(TestRows.dense(List.of(BIGINT), List.of(row(3L)))));
    assertEquals(ErrorCode.CARDINALITY_VIOLATION, e.code());
    assertEquals("more than one row returned by a subquery used as an expression", e.getMessage());
  }

  @Test
  void doublesGroupNaNTogetherAndZeroWithNegativeZero() {
    List<DataType> types = List.of(DOUBLE, DOUBLE);
    HashAggregator aggregator = new HashAggregator(types, new int[] {0}, List.of(
        new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT),
        AggregateSpec.of(AggregateKind.MAX, 1, DOUBLE),
        AggregateSpec.of(AggregateKind.MIN, 1, DOUBLE)));
    List<List<Object>> rows = run(aggregator, List.of(TestRows.dense(types, List.of(
        row(Double.NaN, 1.0), row(0.0, Double.NaN), row(-0.0, 5.0), row(Double.NaN, -3.0)))));
    assertEquals(List.of(row(Double.NaN, 2L, 1.0, -3.0), row(0.0, 2L, Double.NaN, 5.0)), rows);
  }

  @Test
  void stringsAndBooleans() {
    List<DataType> types = List.of(BIGINT, VARCHAR, BOOLEAN);
    HashAggregator aggregator = new HashAggregator(types, new int[] {0}, List.of(
        AggregateSpec.of(AggregateKind.MIN, 1, VARCHAR),
        AggregateSpec.of(AggregateKind.MAX, 1, VARCHAR),
        AggregateSpec.of(AggregateKind.ANY_VALUE, 1, VARCHAR),
        AggregateSpec.of(AggregateKind.BOOL_AND, 2, BOOLEAN),
        AggregateSpec.of(AggregateKind.BOOL_OR, 2, BOOLEAN),
        AggregateSpec.of(AggregateKind.MIN, 2, BOOLEAN)));
    List<List<Object>> rows = run(aggregator, List.of(TestRows.dense(types, List.of(
        row(1L, "b", true), row(1L, "é", false), row(1L, "a", null), row(1L, "z", true),
        row(2L, null, null), row(3L, "x", true)))));
    assertEquals(List.of(
        row(1L, "a", "é", "b", false, true, false),
        row(2L, null, null, null, null, null, null),
        row(3L, "x", "x", "x", true, true, true)), rows);
  }

  @Test
  void distinctAndFilter() {
    List<DataType> types = List.of(BIGINT, BIGINT, BOOLEAN);
    HashAggregator aggregator = new HashAggregator(types, new int[] {0}, List.of(
        new AggregateSpec(AggregateKind.COUNT, 1, true, -1, BIGINT),
        new AggregateSpec(AggregateKind.SUM, 1, true, -1, BIGINT),
        new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, 2, BIGINT),
        new AggregateSpec(AggregateKind.SUM, 1, true, 2, BIGINT)));
    List<List<Object>> input = List.of(row(1L, 5L, true), row(1L, 5L, true), row(1L, 6L, false),
        row(1L, null, true), row(2L, 7L, null), row(1L, 6L, true));
    List<List<Object>> rows = run(aggregator, TestRows.batches(types, input, 2, new Random(3)));
    assertEquals(List.of(row(1L, 2L, 11L, 4L, 11L), row(2L, 1L, 7L, 0L, null)), rows);
  }

  /** Many groups force the table to grow; results checked against a map-based reference. */
  @Test
  void randomDifferential() {
    Random random = new Random(42);
    List<DataType> types = List.of(BIGINT, VARCHAR, BIGINT, DOUBLE, BOOLEAN);
    List<List<Object>> input = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      Long key = random.nextInt(50) == 0 ? null : (long) random.nextInt(20_000);
      String name = random.nextInt(30) == 0 ? null : "k" + random.nextInt(3);
      Long value = random.nextInt(10) == 0 ? null : (long) random.nextInt(1000) - 500;
      Double d = random.nextInt(10) == 0 ? null : (double) random.nextInt(100);
      Boolean flag = random.nextInt(10) == 0 ? null : random.nextBoolean();
      input.add(row(key, name, value, d, flag));
    }
    List<AggregateSpec> specs = List.of(
        new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT),
        AggregateSpec.of(AggregateKind.COUNT, 2, BIGINT),
        AggregateSpec.of(AggregateKind.SUM, 2, BIGINT),
        AggregateSpec.of(AggregateKind.MAX, 3, DOUBLE),
        AggregateSpec.of(AggregateKind.SUM, 3, DOUBLE),
        new AggregateSpec(AggregateKind.COUNT, 3, true, -1, BIGINT),
        new AggregateSpec(AggregateKind.SUM, 2, false, 4, BIGINT));
    HashAggregator aggregator = new HashAggregator(types, new int[] {0, 1}, specs);
    List<List<Object>> actual = run(aggregator, TestRows.batches(types, input, 3000, random));

    Map<List<Object>, List<List<Object>>> groups = new LinkedHashMap<>();
    for (List<Object> r : input) {
      groups.computeIfAbsent(List.of(String.valueOf(r.get(0)), String.valueOf(r.get(1))), k -> new ArrayList<>()).add(r);
    }
    List<List<Object>> expected = new ArrayList<>();
    for (List<List<Object>> g : groups.values()) {
      long count = 0;
      long sum = 0;
      Double max = null;
      double dsum = 0;
      long dcount = 0;
      Set<Double> distinct = new HashSet<>();
      Long filtered = null;
      for (List<Object> r : g) {
        if (r.get(2) != null) {
          count++;
          sum += (Long) r.get(2);
          if (Boolean.TRUE.equals(r.get(4))) {
            filtered = (filtered == null ? 0 : filtered) + (Long) r.get(2);
          }
        }
        if (r.get(3) != null) {
          double v = (Double) r.get(3);
          max = max == null ? v : Math.max(max, v);
          dsum += v;
          dcount++;
          distinct.add(v);
        }
      }
      expected.add(row(g.get(0).get(0), g.get(0).get(1), (long) g.size(), count, count == 0 ? null : sum,
          max, dcount == 0 ? null : dsum, (long) distinct.size(), filtered));
    }
    assertEquals(expected, actual);
    assertEquals(groups.size(), aggregator.groupCount());
  }

  @Test
  void retainedGroupsKeepTheirStateUnderNewIdsAndDroppedOnesStartOver() {
    List<DataType> types = List.of(VARCHAR, BIGINT);
    HashAggregator aggregator = new HashAggregator(types, new int[] {0}, List.of(
        new AggregateSpec(AggregateKind.COUNT, 1, true, -1, BIGINT),
        AggregateSpec.of(AggregateKind.SUM, 1, BIGINT),
        AggregateSpec.of(AggregateKind.MAX, 0, VARCHAR)));
    aggregator.trackChanges();
    aggregator.add(TestRows.dense(types, List.of(row("a", 1L), row("b", 2L), row("c", 3L), row("b", 2L),
        row("d", 4L))));
    aggregator.takeChangedGroups(new int[1][]);
    aggregator.add(TestRows.dense(types, List.of(row("d", 5L))));
    aggregator.retainGroups(new int[] {1, 3}, 2);
    int[][] changed = new int[1][];
    assertEquals(1, aggregator.takeChangedGroups(changed));
    assertEquals(1, changed[0][0]);
    assertEquals(2, aggregator.groupCount());
    aggregator.add(TestRows.sparse(types, List.of(row("b", 2L), row("a", 1L), row("d", 4L), row("b", 7L)),
        new Random(3)));
    TestRows.Collector out = new TestRows.Collector();
    aggregator.emit(out);
    assertEquals(TestRows.canonical(List.of(row("b", 2L, 13L, "b"), row("d", 2L, 13L, "d"),
        row("a", 1L, 1L, "a"))), TestRows.canonical(out.rows));
  }

  @Test
  void aTableOfStringKeysRetainsSomeKeys() {
    KeyTable table = new KeyTable(List.of(VARCHAR, BIGINT));
    List<DataType> types = List.of(VARCHAR, BIGINT);
    table.groupIdsFor(TestRows.dense(types, List.of(row("x", 1L), row(null, 2L), row("y", null))), new int[] {0, 1});
    table.retain(new int[] {1, 2}, 2);
    int[] ids = table.find(TestRows.dense(types, List.of(row("y", null), row("x", 1L), row(null, 2L))),
        new int[] {0, 1});
    assertEquals(List.of(1, -1, 0), List.of(ids[0], ids[1], ids[2]));
  }

  /**
   * The second phase of a two-phase GROUP BY takes a worker's partial groups, a chunk of up to 4,096
   * keys each new to it, into a table that may still be empty: the growth counted before must cover
   * what the merge then allocates (the keys' strings and the lookup's scratch included), or the budget
   * check comes only after the tables grew past it.
   */
  @Test
  void theGrowthBeforeAMergeOfPartialGroupsCoversWhatTheMergeAllocates() {
    List<DataType> types = List.of(VARCHAR, BIGINT);
    List<AggregateSpec> counts = List.of(AggregateSpec.of(AggregateKind.COUNT, 1, BIGINT));
    HashAggregator workers = new HashAggregator(types, new int[] {0}, counts);
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      rows.add(row("key-" + i, (long) i));
    }
    workers.add(TestRows.dense(types, rows));
    List<Batch> partials = new ArrayList<>();
    workers.emitPartials(batch -> partials.add(TestRows.dense(workers.partialTypes(), TestRows.read(batch))));
    assertEquals(1, partials.size());

    HashAggregator merged = new HashAggregator(types, new int[] {0}, counts);
    long before = merged.estimatedBytes();
    long growth = merged.growthBytes(partials.get(0).rowCount());
    merged.mergePartials(partials.get(0));
    assertEquals(4000, merged.groupCount());
    long grown = merged.estimatedBytes() - before;
    assertTrue(growth >= grown, "counted " + growth + " bytes before the merge, which allocated " + grown);
    assertTrue(growth < 2 * grown, "an estimate, not a wild guess: " + growth + " against " + grown);
  }

  @Test
  void theGrowthBeforeRowsGoInCountsTheValuesOfRetractingMinMaxAndDistinctAggregates() {
    List<DataType> types = List.of(BIGINT, BIGINT);
    HashAggregator counts = HashAggregator.overChangelog(types, new int[] {0},
        List.of(AggregateSpec.of(AggregateKind.SUM, 1, BIGINT)));
    HashAggregator extremes = HashAggregator.overChangelog(types, new int[] {0},
        List.of(AggregateSpec.of(AggregateKind.MAX, 1, BIGINT)));
    HashAggregator distinct = new HashAggregator(types, new int[] {0},
        List.of(new AggregateSpec(AggregateKind.COUNT, 1, true, -1, BIGINT)));
    for (HashAggregator aggregator : List.of(counts, extremes, distinct)) {
      aggregator.add(TestRows.dense(types, List.of(row(1L, 1L))));
    }
    // 100,000 rows, each a new (group, value) pair: a pair table of two BIGINTs at least doubles
    assertTrue(extremes.growthBytes(100_000) - counts.growthBytes(100_000) > 100_000 * 16L,
        extremes.growthBytes(100_000) + " against " + counts.growthBytes(100_000));
    assertTrue(distinct.growthBytes(100_000) - counts.growthBytes(100_000) > 100_000 * 16L,
        distinct.growthBytes(100_000) + " against " + counts.growthBytes(100_000));
  }
}
