package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.BOOLEAN;
import static io.sluice.runtime.kernel.TestRows.DOUBLE;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two-phase aggregation: rows cut into parts, each part aggregated on its own and its groups'
 * partial results merged in part order, give exactly the state, results and snapshot of one
 * aggregator that added every row, however the rows are cut.
 */
class PartialResultsTest {
  private static final List<DataType> TYPES = List.of(VARCHAR, BIGINT, BOOLEAN);
  private static final List<AggregateSpec> SPECS = List.of(
      new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT),
      AggregateSpec.of(AggregateKind.COUNT, 1, BIGINT),
      AggregateSpec.of(AggregateKind.SUM, 1, BIGINT),
      AggregateSpec.of(AggregateKind.SUM0, 1, BIGINT),
      AggregateSpec.of(AggregateKind.AVG, 1, BIGINT),
      AggregateSpec.of(AggregateKind.AVG, 1, DOUBLE),
      AggregateSpec.of(AggregateKind.MIN, 1, BIGINT),
      AggregateSpec.of(AggregateKind.MAX, 0, VARCHAR),
      AggregateSpec.of(AggregateKind.BOOL_AND, 2, BOOLEAN),
      AggregateSpec.of(AggregateKind.BOOL_OR, 2, BOOLEAN),
      AggregateSpec.of(AggregateKind.ANY_VALUE, 1, BIGINT));

  /** Rows with NULLs in every column, some groups seen only with NULL values. */
  private static List<List<Object>> rows(Random random, int n) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = random.nextInt(10) == 0 ? null : "k" + random.nextInt(40);
      Long value = random.nextInt(7) == 0 ? null : (long) random.nextInt(2000) - 1000;
      Boolean flag = random.nextInt(5) == 0 ? null : random.nextInt(9) > 0;
      rows.add(row(key, value, flag));
    }
    return rows;
  }

  private static List<List<Object>> emit(HashAggregator aggregator) {
    TestRows.Collector out = new TestRows.Collector();
    aggregator.emit(out);
    return out.rows;
  }

  private static byte[] snapshot(HashAggregator aggregator) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      aggregator.writeTo(out);
    }
    return bytes.toByteArray();
  }

  /** Adds {@code rows} cut into parts at {@code cuts}, each part's partials merged into {@code last}. */
  private static void mergeParts(HashAggregator last, int[] keys, List<List<Object>> rows, int[] cuts,
      Random random) {
    int from = 0;
    for (int p = 0; p <= cuts.length; p++) {
      int to = p < cuts.length ? cuts[p] : rows.size();
      HashAggregator part = new HashAggregator(TYPES, keys, SPECS);
      for (Batch batch : TestRows.batches(TYPES, rows.subList(from, to), 37, random)) {
        part.add(batch);
      }
      if (to > from) {
        part.emitPartials(last::mergePartials);
      }
      from = to;
    }
  }

  @Test
  void partsMergedInOrderGiveTheStateOfOneAggregator() throws IOException {
    assertTrue(PartialResults.mergeable(TYPES, SPECS));
    Random random = new Random(15);
    for (int[] keys : new int[][] {{0}, {}}) {
      for (int round = 0; round < 20; round++) {
        List<List<Object>> rows = rows(random, 1 + random.nextInt(600));
        HashAggregator whole = new HashAggregator(TYPES, keys, SPECS);
        whole.trackChanges();
        for (Batch batch : TestRows.batches(TYPES, rows, 64, random)) {
          whole.add(batch);
        }
        int[] cuts = random.ints(random.nextInt(6), 0, rows.size() + 1).sorted().toArray();
        HashAggregator merged = new HashAggregator(TYPES, keys, SPECS);
        merged.trackChanges();
        mergeParts(merged, keys, rows, cuts, random);

        assertEquals(emit(whole), emit(merged), "results, round " + round);
        assertArrayEquals(snapshot(whole), snapshot(merged), "snapshot, round " + round);
        int[][] wholeChanged = new int[1][];
        int[][] mergedChanged = new int[1][];
        assertEquals(whole.takeChangedGroups(wholeChanged), merged.takeChangedGroups(mergedChanged));
      }
    }
  }

  @Test
  void anAverageIsMergedFromItsSumAndCount() {
    List<AggregateSpec> average = List.of(AggregateSpec.of(AggregateKind.AVG, 1, BIGINT));
    HashAggregator part = new HashAggregator(TYPES, new int[0], average);
    part.add(TestRows.dense(TYPES, List.of(row("a", 1L, true), row("a", 2L, true))));
    TestRows.Collector partials = new TestRows.Collector();
    part.emitPartials(partials);
    assertEquals(List.of(row(3L, 2L)), partials.rows, "the sum and the count, not the average 1");
  }

  @Test
  void aggregatesWhoseMergeWouldDifferStayInOnePhase() {
    List<DataType> types = List.of(BIGINT, DOUBLE);
    assertFalse(PartialResults.mergeable(types, List.of(new AggregateSpec(AggregateKind.COUNT, 0, true, -1, BIGINT))),
        "DISTINCT: a value may be in two parts");
    assertFalse(PartialResults.mergeable(types, List.of(AggregateSpec.of(AggregateKind.SUM, 1, DOUBLE))),
        "a floating-point sum depends on the order of its additions");
    assertFalse(PartialResults.mergeable(types, List.of(AggregateSpec.of(AggregateKind.SINGLE_VALUE, 0, BIGINT))));
  }
}
