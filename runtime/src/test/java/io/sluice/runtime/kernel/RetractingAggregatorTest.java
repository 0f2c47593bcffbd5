package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.BOOLEAN;
import static io.sluice.runtime.kernel.TestRows.DOUBLE;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.RowKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An aggregator over a changelog fed random changes (inserts, updates as -U/+U pairs, deletes)
 * made to a reference multiset of rows: after every batch its result, and the changelog its
 * emitter sends, equal an aggregation of the multiset from scratch.
 */
class RetractingAggregatorTest {
  /** Key, a long, a double holding whole numbers (so sums are exact), a string and a boolean. */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT, DOUBLE, VARCHAR, BOOLEAN);

  private static final List<AggregateSpec> SPECS = List.of(
      new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT),
      AggregateSpec.of(AggregateKind.COUNT, 1, BIGINT),
      AggregateSpec.of(AggregateKind.SUM, 1, BIGINT),
      AggregateSpec.of(AggregateKind.SUM0, 1, BIGINT),
      AggregateSpec.of(AggregateKind.AVG, 1, DOUBLE),
      AggregateSpec.of(AggregateKind.SUM, 2, DOUBLE),
      AggregateSpec.of(AggregateKind.AVG, 2, DOUBLE),
      AggregateSpec.of(AggregateKind.MIN, 1, BIGINT),
      AggregateSpec.of(AggregateKind.MAX, 1, BIGINT),
      AggregateSpec.of(AggregateKind.MIN, 2, DOUBLE),
      AggregateSpec.of(AggregateKind.MIN, 3, VARCHAR),
      AggregateSpec.of(AggregateKind.MAX, 3, VARCHAR),
      AggregateSpec.of(AggregateKind.BOOL_AND, 4, BOOLEAN),
      AggregateSpec.of(AggregateKind.BOOL_OR, 4, BOOLEAN),
      new AggregateSpec(AggregateKind.COUNT, 1, true, -1, BIGINT),
      new AggregateSpec(AggregateKind.SUM, 1, true, -1, BIGINT),
      new AggregateSpec(AggregateKind.MAX, 3, true, -1, VARCHAR),
      new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, 4, BIGINT),
      new AggregateSpec(AggregateKind.COUNT, 3, true, 4, BIGINT));

  /** What the random changes draw from: how many keys, how wide the values, how often NULL. */
  private record Shape(int keys, int valueRange, int liveRows) {}

  private static List<Object> randomRow(Random random, Shape shape) {
    return row(random.nextInt(10) == 0 ? null : "k" + random.nextInt(shape.keys()),
        random.nextInt(8) == 0 ? null : (long) (random.nextInt(shape.valueRange()) - shape.valueRange() / 3),
        random.nextInt(8) == 0 ? null : (double) (random.nextInt(shape.valueRange()) - shape.valueRange() / 2),
        random.nextInt(8) == 0 ? null : "s" + random.nextInt(shape.valueRange()),
        random.nextInt(8) == 0 ? null : random.nextBoolean());
  }

  /** One batch of changes, as rows with their kinds; applied to {@code live} as they are made. */
  private static Batch randomChanges(Random random, Shape shape, List<List<Object>> live) {
    List<List<Object>> rows = new ArrayList<>();
    List<Byte> kinds = new ArrayList<>();
    for (int i = 0, n = 1 + random.nextInt(120); i < n; i++) {
      int op = random.nextInt(3);
      if (live.isEmpty() || op == 0 && live.size() < shape.liveRows() * 2) {
        List<Object> added = randomRow(random, shape);
        live.add(added);
        rows.add(added);
        kinds.add(RowKind.INSERT);
      } else {
        List<Object> old = live.remove(random.nextInt(live.size()));
        rows.add(old);
        if (op == 1 || live.size() < shape.liveRows() / 2) {
          kinds.add(RowKind.UPDATE_BEFORE);
          // the new row may belong to another group, as when an upstream count moves a key between buckets
          List<Object> updated = random.nextBoolean() ? randomRow(random, shape)
              : row(old.get(0), random.nextBoolean() ? old.get(1) : randomRow(random, shape).get(1), old.get(2),
                  randomRow(random, shape).get(3), old.get(4));
          live.add(updated);
          rows.add(updated);
          kinds.add(RowKind.UPDATE_AFTER);
        } else {
          kinds.add(RowKind.DELETE);
        }
      }
    }
    Batch batch = random.nextBoolean() ? TestRows.dense(INPUT, rows) : TestRows.sparse(INPUT, rows, random);
    // kinds are indexed by physical row; rows the selection leaves out get kinds that must not matter
    batch.kinds = new byte[batch.size];
    for (int p = 0; p < batch.size; p++) {
      batch.kinds[p] = (byte) random.nextInt(4);
    }
    for (int k = 0; k < rows.size(); k++) {
      batch.kinds[batch.row(k)] = kinds.get(k);
    }
    return batch;
  }

  private static List<String> fromScratch(int[] keys, List<List<Object>> live) {
    HashAggregator batchRun = new HashAggregator(INPUT, keys, SPECS);
    if (!live.isEmpty()) {
      batchRun.add(TestRows.dense(INPUT, live));
    }
    return emit(batchRun);
  }

  private static List<String> emit(HashAggregator aggregator) {
    TestRows.Collector out = new TestRows.Collector();
    aggregator.emit(out);
    return TestRows.canonical(out.rows);
  }

  private static HashAggregator retracting(int[] keys) {
    HashAggregator aggregator = HashAggregator.overChangelog(INPUT, keys, SPECS);
    aggregator.trackChanges();
    return aggregator;
  }

  private static byte[] save(HashAggregator aggregator, ChangelogEmitter emitter) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    aggregator.writeTo(out);
    emitter.writeTo(out);
    return bytes.toByteArray();
  }

  /**
   * Runs {@code batches} random batches against the reference, checking the result and the
   * changelog after each; every few batches the state goes through a snapshot, or the groups
   * without rows are dropped as the streaming operator drops them.
   */
  private static HashAggregator run(long seed, int[] keys, Shape shape, int batches) throws IOException {
    Random random = new Random(seed);
    List<List<Object>> live = new ArrayList<>();
    HashAggregator aggregator = retracting(keys);
    ChangelogEmitter emitter = new ChangelogEmitter(aggregator.outputTypes());
    TestRows.ChangelogSink sink = new TestRows.ChangelogSink();
    for (int b = 0; b < batches; b++) {
      aggregator.add(randomChanges(random, shape, live));
      emitter.emitChanges(aggregator, sink);
      List<String> expected = fromScratch(keys, live);
      int batch = b;
      assertEquals(expected, emit(aggregator), () -> "result after batch " + batch);
      assertEquals(expected, sink.content(), () -> "changelog applied after batch " + batch);
      if (b % 7 == 6) {
        byte[] saved = save(aggregator, emitter);
        aggregator = retracting(keys);
        emitter = new ChangelogEmitter(aggregator.outputTypes());
        aggregator.add(randomChanges(random, shape, new ArrayList<>())); // replaced by the restore
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved));
        aggregator.readFrom(in);
        emitter.readFrom(in);
        aggregator.takeChangedGroups(new int[1][]);
        assertEquals(expected, emit(aggregator), () -> "result restored after batch " + batch);
      } else if (b % 5 == 4 && keys.length > 0) {
        int[][] kept = new int[1][];
        int count = aggregator.groupsWithRows(kept);
        emitter.expireGroups(kept[0], 0, kept[0], count, sink);
        aggregator.retainGroups(kept[0], count);
        assertEquals(count, aggregator.groupCount());
        assertEquals(expected, emit(aggregator), () -> "result with empty groups dropped after batch " + batch);
      }
    }
    return aggregator;
  }

  @Test
  void groupsMatchRecomputationAfterEveryBatch() throws IOException {
    for (long seed = 1; seed <= 6; seed++) {
      run(seed, new int[] {0}, new Shape(6, 12, 40), 60);
    }
  }

  @Test
  void manyGroupsAndWideValues() throws IOException {
    run(11, new int[] {0}, new Shape(300, 100_000, 400), 80);
  }

  @Test
  void globalAggregateKeepsItsRowWhenEverythingIsRetracted() throws IOException {
    run(21, new int[0], new Shape(3, 10, 15), 60);
    HashAggregator aggregator = retracting(new int[0]);
    aggregator.add(changes(List.of(row("a", 4L, 1.0, "x", true)), RowKind.INSERT));
    aggregator.add(changes(List.of(row("a", 4L, 1.0, "x", true)), RowKind.DELETE));
    TestRows.Collector out = new TestRows.Collector();
    aggregator.emit(out);
    assertEquals(1, out.rows.size());
    List<Object> result = out.rows.get(0);
    assertEquals(0L, result.get(0)); // COUNT(*)
    assertNull(result.get(2)); // SUM over no rows is NULL, as a batch run gives
    assertEquals(0L, result.get(3)); // SUM0 is 0
    assertNull(result.get(7)); // MIN
  }

  @Test
  void valuesThatComeAndGoDoNotGrowTheState() throws IOException {
    // a few live rows whose values keep changing: dead (group, value) pairs are compacted away
    Shape shape = new Shape(4, 1_000_000, 30);
    HashAggregator churned = run(31, new int[] {0}, shape, 400);
    List<List<Object>> live = new ArrayList<>();
    Random random = new Random(32);
    for (int i = 0; i < 30; i++) {
      live.add(randomRow(random, shape));
    }
    HashAggregator fresh = retracting(new int[] {0});
    fresh.add(changes(live, RowKind.INSERT));
    assertTrue(churned.estimatedBytes() < 4 * fresh.estimatedBytes() + 400_000,
        () -> churned.estimatedBytes() + " bytes after churn, " + fresh.estimatedBytes() + " fresh");
  }

  @Test
  void aRetractionForAGroupWithoutRowsIsIgnored() {
    // what a query with a state time-to-live sees: the group of the row retracted was dropped
    HashAggregator aggregator = retracting(new int[] {0});
    aggregator.add(changes(List.of(row("a", 5L, 1.0, "x", true)), RowKind.DELETE));
    aggregator.add(changes(List.of(row("b", 7L, 2.0, "y", false)), RowKind.INSERT));
    assertEquals(fromScratch(new int[] {0}, List.of(row("b", 7L, 2.0, "y", false))), emit(aggregator));
    assertEquals(1, aggregator.groupsWithRows());
  }

  private static Batch changes(List<List<Object>> rows, byte kind) {
    Batch batch = TestRows.dense(INPUT, rows);
    batch.kinds = new byte[batch.size];
    java.util.Arrays.fill(batch.kinds, kind);
    return batch;
  }

  /**
   * MIN and MAX over a changelog keep every (group, value) pair in a table of their own: a
   * handful of rows in two groups account a few KiB, not a batch's worth of lookup arrays per
   * table (retract_min_max.stream's four MIN/MAX held 298 KiB and stopped a 256 KiB budget).
   */
  @Test
  void minAndMaxOfAFewRowsHoldAFewKilobytes() {
    List<AggregateSpec> specs = List.of(AggregateSpec.of(AggregateKind.MIN, 1, BIGINT),
        AggregateSpec.of(AggregateKind.MAX, 1, BIGINT), AggregateSpec.of(AggregateKind.MIN, 3, VARCHAR),
        AggregateSpec.of(AggregateKind.MAX, 3, VARCHAR), new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1,
            BIGINT));
    HashAggregator aggregator = HashAggregator.overChangelog(INPUT, new int[] {0}, specs);
    aggregator.add(TestRows.dense(INPUT, List.of(row("a", 10L, 1.0, "m", true), row("a", 20L, 1.0, "p", true),
        row("a", 30L, 1.0, "x", true), row("b", 5L, 1.0, "k", true))));
    assertEquals(2, aggregator.groupCount());
    // per MIN/MAX a 64-slot pair table (512 bytes), its key rows with their first room, counts
    // and chains: ~2.5 KiB each (10,788 bytes in all); the lookup arrays of each of the five
    // tables were 32 KiB alone. Plus one vector of the groups of a batch's rows (a long and a
    // null flag for each of 4,096 rows) the four share, which was not counted before
    assertTrue(aggregator.estimatedBytes() < 16 * 1024 + 9 * Batch.DEFAULT_CAPACITY,
        aggregator.estimatedBytes() + " bytes");
  }
}
