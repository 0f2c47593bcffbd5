package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.DOUBLE;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.spill.SpillSpace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A GROUP BY over a tiny memory limit spills by key hash and still computes every group as in memory. */
class SpillingHashAggregatorTest {
  // (k BIGINT, name VARCHAR, v BIGINT, d DOUBLE)
  private static final List<DataType> INPUT = List.of(BIGINT, VARCHAR, BIGINT, DOUBLE);
  private static final DataType BIGINT_RESULT = DataType.of(TypeKind.BIGINT);

  @TempDir
  Path temp;

  private static List<AggregateSpec> specs() {
    return List.of(
        new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT_RESULT),
        new AggregateSpec(AggregateKind.SUM, 2, false, -1, BIGINT),
        new AggregateSpec(AggregateKind.MIN, 1, false, -1, VARCHAR),
        new AggregateSpec(AggregateKind.MAX, 3, false, -1, DOUBLE),
        new AggregateSpec(AggregateKind.COUNT, 2, true, -1, BIGINT_RESULT),
        new AggregateSpec(AggregateKind.AVG, 3, false, -1, DOUBLE));
  }

  private static List<List<Object>> randomRows(Random random, int n, int keys) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row(
          random.nextInt(20) == 0 ? null : (long) random.nextInt(keys),
          random.nextInt(10) == 0 ? null : "name-" + random.nextInt(keys / 4 + 1),
          random.nextInt(10) == 0 ? null : (long) random.nextInt(50),
          random.nextInt(10) == 0 ? null : (double) random.nextInt(1000) / 8));
    }
    return rows;
  }

  private static List<String> inMemory(int[] keys, List<List<Object>> rows, Random random) {
    HashAggregator aggregator = new HashAggregator(INPUT, keys, specs());
    for (Batch b : TestRows.batches(INPUT, rows, 300, random)) {
      aggregator.add(b);
    }
    TestRows.Collector out = new TestRows.Collector();
    aggregator.emit(out);
    return TestRows.canonical(out.rows);
  }

  private static List<String> spilling(int[] keys, List<List<Object>> rows, SpillSpace space, Random random,
      boolean expectSpill) {
    try (SpillingHashAggregator aggregator = new SpillingHashAggregator(INPUT, keys, specs(), space)) {
      for (Batch b : TestRows.batches(INPUT, rows, 300, random)) {
        aggregator.add(b);
      }
      assertEquals(expectSpill, aggregator.spilled());
      TestRows.Collector out = new TestRows.Collector();
      aggregator.emit(out);
      return TestRows.canonical(out.rows);
    }
  }

  @Test
  void spilledGroupsEqualInMemoryGroups() throws IOException {
    Random random = new Random(42);
    for (int[] keys : new int[][] {{0}, {1}, {0, 1}, {1, 0, 2}}) {
      List<List<Object>> rows = randomRows(random, 8000, 2000);
      SpillSpace space = new SpillSpace(temp, 4096);
      assertEquals(inMemory(keys, rows, random), spilling(keys, rows, space, random, true),
          java.util.Arrays.toString(keys));
      assertTrue(space.filesWritten() >= SpillPartitions.FANOUT);
      assertEquals(List.of(), ExternalSortTest.filesIn(space.folder()), "partitions are deleted once read");
      space.close();
    }
  }

  @Test
  void partitionsStillTooLargeSplitAgain() {
    Random random = new Random(9);
    List<List<Object>> rows = randomRows(random, 20_000, 15_000);
    SpillSpace space = new SpillSpace(temp, 1024);
    assertEquals(inMemory(new int[] {0, 1}, rows, random), spilling(new int[] {0, 1}, rows, space, random, true));
    // the first level writes 16 files; a second level is needed for groups that fill 1 KB 16 times over
    assertTrue(space.filesWritten() > SpillPartitions.FANOUT, "files: " + space.filesWritten());
    space.close();
  }

  @Test
  void globalAggregateAndSmallInputsDoNotSpill() {
    Random random = new Random(1);
    List<List<Object>> rows = randomRows(random, 5000, 100);
    SpillSpace space = new SpillSpace(temp, 16);
    assertEquals(inMemory(new int[0], rows, random), spilling(new int[0], rows, space, random, false));
    SpillSpace roomy = new SpillSpace(temp, 1 << 24);
    assertEquals(inMemory(new int[] {0}, rows, random), spilling(new int[] {0}, rows, roomy, random, false));
    assertEquals(0, roomy.filesWritten());
    assertFalse(space.filesWritten() > 0);
  }

  /** Aggregates whose partial results merge exactly (an AVG over BIGINT passes its sum and count). */
  private static List<AggregateSpec> mergeableSpecs() {
    return List.of(
        new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT_RESULT),
        new AggregateSpec(AggregateKind.SUM, 2, false, -1, BIGINT),
        new AggregateSpec(AggregateKind.MIN, 1, false, -1, VARCHAR),
        new AggregateSpec(AggregateKind.MAX, 3, false, -1, DOUBLE),
        new AggregateSpec(AggregateKind.AVG, 2, false, -1, BIGINT));
  }

  @Test
  void partialResultsMergedWhileSpillingGiveTheGroupsOfOnePhase() {
    Random random = new Random(15);
    int[] keys = {0, 1};
    List<List<Object>> rows = randomRows(random, 8000, 2000);
    HashAggregator whole = new HashAggregator(INPUT, keys, mergeableSpecs());
    for (Batch b : TestRows.batches(INPUT, rows, 300, random)) {
      whole.add(b);
    }
    TestRows.Collector expected = new TestRows.Collector();
    whole.emit(expected);
    SpillSpace space = new SpillSpace(temp, 4096);
    try (SpillingHashAggregator merger = SpillingHashAggregator.mergingPartials(INPUT, keys, mergeableSpecs(), space)) {
      // four "splits", each aggregated alone as a worker would, its groups passed on as partial results
      int part = rows.size() / 4;
      for (int from = 0; from < rows.size(); from += part) {
        HashAggregator split = new HashAggregator(INPUT, keys, mergeableSpecs());
        for (Batch b : TestRows.batches(INPUT, rows.subList(from, Math.min(rows.size(), from + part)), 300, random)) {
          split.add(b);
        }
        split.emitPartials(merger::add);
      }
      assertTrue(merger.spilled());
      TestRows.Collector merged = new TestRows.Collector();
      merger.emit(merged);
      assertEquals(TestRows.canonical(expected.rows), TestRows.canonical(merged.rows));
    }
    assertTrue(space.filesWritten() >= SpillPartitions.FANOUT);
    space.close();
  }
}
