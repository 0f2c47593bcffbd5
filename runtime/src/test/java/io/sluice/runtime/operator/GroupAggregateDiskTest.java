package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.DOUBLE;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.RowKind;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.runtime.kernel.AggregateKind;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.TestRows;
import io.sluice.runtime.state.backend.SortedMapBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GROUP BY whose groups live on the disk backend, run alone: its restores read a snapshot a
 * chunk of groups at a time, into the store when the state is larger than the cache's share, and
 * deltas go on from there, the state always the heap backend's byte for byte.
 */
class GroupAggregateDiskTest {
  /** Input (k VARCHAR, v BIGINT, d DOUBLE); SELECT k, COUNT(*), SUM(v), MAX(d), AVG(v) GROUP BY k. */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT, DOUBLE);
  private static final List<AggregateSpec> AGGREGATES = List.of(
      new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT), AggregateSpec.of(AggregateKind.SUM, 1, BIGINT),
      AggregateSpec.of(AggregateKind.MAX, 2, DOUBLE), AggregateSpec.of(AggregateKind.AVG, 1, DOUBLE));

  @TempDir
  Path temp;

  private static Supplier<GroupAggregateOperator> onHeap() {
    return () -> new GroupAggregateOperator("GroupAggregate", INPUT, new int[] {0}, AGGREGATES, OutputMode.UPDATE, 0,
        false, -1);
  }

  private static Supplier<GroupAggregateOperator> onDisk(SortedMapBackend backend) {
    return () -> new GroupAggregateOperator("GroupAggregate", INPUT, new int[] {0}, AGGREGATES, OutputMode.UPDATE, 0,
        false, -1, backend);
  }

  /**
   * Batches of random rows over {@code keys} keys (some NULL), each fed in {@code chunksPerBatch} chunks of
   * 50 rows. A tiny cache written out between the chunks of a batch emits the changes so far, more
   * changes than the heap's one per group and batch; with one chunk per batch the output is the heap's.
   */
  private static List<Consumer<OperatorHarness<GroupAggregateOperator>>> randomBatches(long seed, int batches, int keys,
      int chunksPerBatch) {
    Random random = new Random(seed);
    List<Consumer<OperatorHarness<GroupAggregateOperator>>> script = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<List<List<Object>>> chunks = new ArrayList<>();
      for (int c = 0; c < chunksPerBatch; c++) {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < 50; r++) {
          int key = random.nextInt(keys);
          rows.add(row(key % 41 == 0 ? null : "k" + key, (long) random.nextInt(100), random.nextDouble()));
        }
        chunks.add(rows);
      }
      script.add(h -> chunks.forEach(rows -> h.input(INPUT, rows)));
    }
    return script;
  }

  @Test
  void aRestoreLargerThanTheCacheGoesIntoTheStoreAChunkAtATime() {
    SortedMapBackend backend = new SortedMapBackend(temp, 64 << 10);
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 100_000; i++) {
      rows.add(row("group number " + i, i, i / 2.0));
    }
    try (OperatorHarness<GroupAggregateOperator> heap = OperatorHarness.open(onHeap())) {
      heap.input(INPUT, rows).endBatch();
      byte[] snapshot = heap.snapshot();
      try (OperatorHarness<GroupAggregateOperator> disk = OperatorHarness.restore(onDisk(backend), snapshot, 0, 0)) {
        long held = disk.operator().restorePeakBytes();
        assertTrue(held > 0 && held * 8 < snapshot.length, held + " heap bytes held restoring " + snapshot.length);
        assertEquals(2 * 100_000, backend.entries(), "every group in the store with its id, none on the heap");
        assertEquals(0, disk.operator().diskGroups().cachedGroups());
        assertEquals(100_000, disk.operator().stateRows());
        assertArrayEquals(snapshot, disk.snapshot(), "the store's groups written back in id order");
        List<List<Object>> more = List.of(row("group number 5", 1L, 100.0), row("new", 1L, 1.0));
        heap.input(INPUT, more);
        disk.input(INPUT, more);
        List<String> changes = disk.endBatch();
        assertEquals(heap.endBatch(), changes);
        assertEquals(List.of("+I [new, 1, 1, 1.0, 1.0]", "+U [group number 5, 2, 6, 100.0, 3.0]",
            "-U [group number 5, 1, 5, 2.5, 5.0]"), changes);
        assertArrayEquals(heap.snapshot(), disk.snapshot());
      }
    }
  }

  /**
   * SELECT v, MIN(k), MAX(k), COUNT(*) GROUP BY v: the aggregates' values are byte strings of any
   * length (one a NULL), read back from a heap snapshot a chunk at a time as fixed-width ones are.
   */
  @Test
  void aRestoreOfTextMinAndMaxLargerThanTheCacheGoesIntoTheStoreAChunkAtATime() {
    List<AggregateSpec> text = List.of(AggregateSpec.of(AggregateKind.MIN, 0, VARCHAR),
        AggregateSpec.of(AggregateKind.MAX, 0, VARCHAR), new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1,
            BIGINT));
    java.util.function.Function<SortedMapBackend, Supplier<GroupAggregateOperator>> operator = backend ->
        () -> new GroupAggregateOperator("GroupAggregate", INPUT, new int[] {1}, text, OutputMode.UPDATE, 0, false, -1,
            backend);
    SortedMapBackend backend = new SortedMapBackend(temp, 64 << 10);
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 100_000; i++) {
      rows.add(row(i == 7 ? null : "name " + "x".repeat((int) (i % 5) * 40) + i, i / 2, 0.0));
    }
    try (OperatorHarness<GroupAggregateOperator> heap = OperatorHarness.open(operator.apply(null))) {
      heap.input(INPUT, rows).endBatch();
      byte[] snapshot = heap.snapshot();
      try (OperatorHarness<GroupAggregateOperator> disk =
              OperatorHarness.restore(operator.apply(backend), snapshot, 0, 0)) {
        long held = disk.operator().restorePeakBytes();
        assertTrue(held > 0 && held * 8 < snapshot.length, held + " heap bytes held restoring " + snapshot.length);
        assertEquals(2 * 50_000, backend.entries(), "every group in the store with its id, none on the heap");
        assertEquals(0, disk.operator().diskGroups().cachedGroups());
        assertArrayEquals(snapshot, disk.snapshot(), "the store's groups written back in id order");
        List<List<Object>> more = List.of(row("a", 0L, 0.0), row("zz", 0L, 0.0), row(null, 0L, 0.0),
            row("only", -1L, 0.0));
        heap.input(INPUT, more);
        disk.input(INPUT, more);
        List<String> changes = disk.endBatch();
        assertEquals(heap.endBatch(), changes);
        assertEquals(List.of("+I [-1, only, only, 1]", "+U [0, a, zz, 5]",
            "-U [0, name 0, name " + "x".repeat(40) + "1, 2]"), changes);
        assertArrayEquals(heap.snapshot(), disk.snapshot());
      }
    }
  }

  @Test
  void aRestoreWithinTheCacheFillsTheCacheAsTheHeapDoes() {
    SortedMapBackend backend = new SortedMapBackend(temp, 64 << 20);
    List<Consumer<OperatorHarness<GroupAggregateOperator>>> batches = randomBatches(11, 3, 300, 4);
    try (OperatorHarness<GroupAggregateOperator> heap = OperatorHarness.open(onHeap())) {
      batches.forEach(batch -> {
        batch.accept(heap);
        heap.endBatch();
      });
      byte[] snapshot = heap.snapshot();
      try (OperatorHarness<GroupAggregateOperator> disk = OperatorHarness.restore(onDisk(backend), snapshot, 0, 0)) {
        assertEquals(0, backend.entries(), "nothing written out");
        assertEquals(heap.operator().stateRows(), disk.operator().diskGroups().cachedGroups());
        assertArrayEquals(snapshot, disk.snapshot());
        randomBatches(12, 1, 400, 4).get(0).accept(heap);
        randomBatches(12, 1, 400, 4).get(0).accept(disk);
        assertEquals(heap.endBatch(), disk.endBatch());
        assertArrayEquals(heap.snapshot(), disk.snapshot());
      }
    }
  }

  @Test
  void onDiskDeltasAndRestoresGiveTheSameState() {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    List<Consumer<OperatorHarness<GroupAggregateOperator>>> batches = randomBatches(5, 8, 600, 4);
    assertTrue(OperatorHarness.checkDeltasAfterEveryBatch(onDisk(backend), batches) > 0, "some batches saved as deltas");
    OperatorHarness.checkRestoreAfterEveryBatch(onDisk(backend), batches);
    assertTrue(backend.puts() > 1_000, backend.puts() + " puts into the stores");
  }

  @Test
  void aCheckpointMovesBetweenTheHeapAndTheDiskBackends() {
    OperatorHarness.checkSnapshotsMoveBetween(onHeap(), onDisk(new SortedMapBackend(temp, 1)),
        randomBatches(9, 10, 1_500, 1));
  }

  /** Over a changelog: SELECT k, COUNT(*), SUM(v), SUM(d), AVG(v) GROUP BY k; no MIN or MAX, whose values live apart. */
  private static final List<AggregateSpec> RETRACTING = List.of(
      new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT), AggregateSpec.of(AggregateKind.SUM, 1, BIGINT),
      AggregateSpec.of(AggregateKind.SUM, 2, DOUBLE), AggregateSpec.of(AggregateKind.AVG, 1, DOUBLE));

  private static Supplier<GroupAggregateOperator> overChangelog(SortedMapBackend backend) {
    return () -> new GroupAggregateOperator("GroupAggregate", INPUT, new int[] {0}, RETRACTING, OutputMode.UPDATE, 0,
        true, -1, backend);
  }

  /**
   * Batches of a random changelog over {@code keys} keys (some NULL), each fed in {@code chunksPerBatch}
   * chunks of 40 rows: inserts of new rows, and -D or -U/+U of rows inserted before and still there,
   * so that groups empty out (a key's every row retracted) and fill again.
   */
  private static List<Consumer<OperatorHarness<GroupAggregateOperator>>> randomChangelog(long seed, int batches,
      int keys, int chunksPerBatch) {
    Random random = new Random(seed);
    List<List<Object>> live = new ArrayList<>();
    List<Consumer<OperatorHarness<GroupAggregateOperator>>> script = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<Supplier<Batch>> chunks = new ArrayList<>();
      for (int c = 0; c < chunksPerBatch; c++) {
        List<List<Object>> rows = new ArrayList<>();
        List<Byte> kinds = new ArrayList<>();
        while (rows.size() < 40) {
          int what = random.nextInt(10);
          if (what < 5 || live.isEmpty()) {
            int key = random.nextInt(keys);
            List<Object> row = row(key % 37 == 0 ? null : "k" + key, (long) random.nextInt(100), random.nextInt(8) / 4.0);
            live.add(row);
            rows.add(row);
            kinds.add(RowKind.INSERT);
            continue;
          }
          List<Object> old = live.remove(random.nextInt(live.size()));
          if (what < 8) {
            rows.add(old);
            kinds.add(RowKind.DELETE);
          } else {
            List<Object> updated = row(old.get(0), (long) random.nextInt(100), random.nextInt(8) / 4.0);
            live.add(updated);
            rows.add(old);
            kinds.add(RowKind.UPDATE_BEFORE);
            rows.add(updated);
            kinds.add(RowKind.UPDATE_AFTER);
          }
        }
        byte[] rowKinds = new byte[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
          rowKinds[i] = kinds.get(i);
        }
        chunks.add(() -> {
          Batch batch = TestRows.dense(INPUT, rows);
          batch.kinds = rowKinds.clone();
          return batch;
        });
      }
      script.add(h -> chunks.forEach(batch -> h.input(0, batch.get())));
    }
    return script;
  }

  /**
   * Over a changelog the groups go to disk too, each with its row count: with a 1-byte cache every
   * chunk's groups are written out and read back, and after every batch the state is the heap
   * backend's byte for byte, groups emptied by retractions included; in one chunk per batch the
   * changes are the heap's too.
   */
  @Test
  void overAChangelogTheGroupsAndTheirRowCountsLiveOnDisk() {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    for (int chunks : new int[] {1, 3}) {
      List<Consumer<OperatorHarness<GroupAggregateOperator>>> batches = randomChangelog(21 + chunks, 12, 300, chunks);
      try (OperatorHarness<GroupAggregateOperator> heap = OperatorHarness.open(overChangelog(null));
          OperatorHarness<GroupAggregateOperator> disk = OperatorHarness.open(overChangelog(backend))) {
        assertTrue(disk.operator().onDisk());
        for (int b = 0; b < batches.size(); b++) {
          batches.get(b).accept(heap);
          batches.get(b).accept(disk);
          List<String> expected = heap.endBatch();
          List<String> changes = disk.endBatch();
          if (chunks == 1) {
            assertEquals(expected, changes, "batch " + b);
          }
          assertArrayEquals(heap.snapshot(), disk.snapshot(), chunks + " chunks a batch, state after batch " + b);
          assertEquals(heap.operator().stateRows(), disk.operator().stateRows(), "groups with rows after batch " + b);
        }
        assertTrue(heap.operator().stateRows() < 300, "some groups emptied: " + heap.operator().stateRows());
        assertTrue(disk.operator().diskGroups().describe().contains(" groups read back"), disk.operator().lastChoice());
      }
    }
    assertTrue(backend.puts() > 1_000, backend.puts() + " puts into the stores");
  }

  @Test
  void overAChangelogOnDiskDeltasAndRestoresGiveTheSameState() {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    List<Consumer<OperatorHarness<GroupAggregateOperator>>> batches = randomChangelog(31, 8, 200, 3);
    assertTrue(OperatorHarness.checkDeltasAfterEveryBatch(overChangelog(backend), batches) > 0,
        "some batches saved as deltas");
    OperatorHarness.checkRestoreAfterEveryBatch(overChangelog(backend), batches);
  }

  @Test
  void aCheckpointOverAChangelogMovesBetweenTheHeapAndTheDiskBackends() {
    OperatorHarness.checkSnapshotsMoveBetween(overChangelog(null), overChangelog(new SortedMapBackend(temp, 1)),
        randomChangelog(41, 10, 400, 1));
  }
}
