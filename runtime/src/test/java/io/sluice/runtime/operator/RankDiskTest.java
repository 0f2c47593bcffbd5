package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.kernel.TopN;
import io.sluice.runtime.state.backend.DiskStateBackend;
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
 * Top-N and deduplication on the disk state backend, run alone: with a cache of one byte every
 * batch writes the partitions out and the next reads back those it touches, and the output, the
 * state rows and the snapshots must be the heap backend's.
 */
class RankDiskTest {
  /** Input (k VARCHAR, v BIGINT, t BIGINT). */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT, BIGINT);

  @TempDir
  Path temp;

  /** The {@code n} largest v per k as a changelog, ranks shown or not. */
  private static Supplier<RankOperator> topN(int n, boolean rankShifts, DiskStateBackend backend) {
    return () -> {
      TopN topN = TopN.changelog(INPUT, new int[] {0}, List.of(SortKey.descending(1)), n, rankShifts);
      if (backend != null) {
        assertTrue(topN.keepOnDisk(backend, "TopN"));
      }
      return new RankOperator("TopN", topN, batch -> batch, false);
    };
  }

  /** Deduplication keeping the first row per k (no order: arrival decides). */
  private static Supplier<RankOperator> firstPerKey(DiskStateBackend backend) {
    return () -> {
      TopN topN = TopN.changelog(INPUT, new int[] {0}, List.of(), 1, false);
      if (backend != null) {
        assertTrue(topN.keepOnDisk(backend, "Deduplicate"));
      }
      return new RankOperator("Deduplicate", topN, batch -> batch, false);
    };
  }

  /**
   * The first {@code n} rows per k by event time t, each emitted once the watermark passes it: with
   * {@code n = 1} the deduplication {@code ROW_NUMBER() OVER (PARTITION BY k ORDER BY t) = 1}.
   */
  private static Supplier<RankOperator> finalRows(int n, DiskStateBackend backend) {
    return () -> {
      TopN topN = TopN.finalRows(INPUT, new int[] {0}, List.of(SortKey.ascending(2), SortKey.descending(1)), n);
      if (backend != null) {
        assertTrue(topN.keepOnDisk(backend, "Deduplicate"));
      }
      return new RankOperator("Deduplicate", topN, batch -> batch, true);
    };
  }

  private static List<Supplier<RankOperator>> finalShapes(DiskStateBackend backend) {
    return List.of(finalRows(1, backend), finalRows(2, backend));
  }

  /**
   * Batches of random rows over {@code keys} keys (a few NULL), two chunks each, event times around
   * the watermark, which batch b moves to {@code 10 b - 5}: some rows wait, some are late.
   */
  private static List<Consumer<OperatorHarness<RankOperator>>> timedBatches(long seed, int batches, int keys) {
    Random random = new Random(seed);
    List<Consumer<OperatorHarness<RankOperator>>> script = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<List<List<Object>>> chunks = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < 50; r++) {
          String k = random.nextInt(25) == 0 ? null : "k" + random.nextInt(keys);
          rows.add(row(k, (long) random.nextInt(100), random.nextInt(40) == 0 ? null : 10L * b + random.nextInt(25) - 10));
        }
        chunks.add(rows);
      }
      long watermark = 10L * b - 5;
      script.add(h -> {
        h.watermark(Math.max(watermark, h.context().watermark()));
        chunks.forEach(rows -> h.input(INPUT, rows));
      });
    }
    return script;
  }

  /** Batches of random rows over {@code keys} keys (a few NULL), two chunks each. */
  private static List<Consumer<OperatorHarness<RankOperator>>> randomBatches(long seed, int batches, int keys) {
    Random random = new Random(seed);
    List<Consumer<OperatorHarness<RankOperator>>> script = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<List<List<Object>>> chunks = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < 50; r++) {
          String k = random.nextInt(25) == 0 ? null : "k" + random.nextInt(keys);
          rows.add(row(k, (long) random.nextInt(100), (long) b));
        }
        chunks.add(rows);
      }
      script.add(h -> chunks.forEach(rows -> h.input(INPUT, rows)));
    }
    return script;
  }

  private static List<Supplier<RankOperator>> shapes(DiskStateBackend backend) {
    return List.of(topN(3, true, backend), topN(2, false, backend), firstPerKey(backend));
  }

  @Test
  void onDiskTopNAndDeduplicationGiveTheHeapOutputStateAndSnapshotsAfterEveryBatch() {
    for (int shape = 0; shape < 3; shape++) {
      SortedMapBackend backend = new SortedMapBackend(temp, 1);
      List<Consumer<OperatorHarness<RankOperator>>> batches = randomBatches(shape, 12, 60);
      try (OperatorHarness<RankOperator> heap = OperatorHarness.open(shapes(null).get(shape));
          OperatorHarness<RankOperator> disk = OperatorHarness.open(shapes(backend).get(shape))) {
        for (int b = 0; b < batches.size(); b++) {
          batches.get(b).accept(heap);
          batches.get(b).accept(disk);
          assertEquals(heap.endBatch(), disk.endBatch(), "shape " + shape + ": the output of batch " + b);
          assertEquals(heap.operator().stateRows(), disk.operator().stateRows(), "shape " + shape + ": batch " + b);
          assertArrayEquals(heap.snapshot(), disk.snapshot(), "shape " + shape + ": the snapshot after batch " + b);
        }
        String choice = disk.operator().lastChoice();
        assertTrue(choice.contains(" keys found on disk"), choice);
        assertTrue(backend.puts() > 500, "shape " + shape + ": " + backend.puts() + " puts into the store");
      }
    }
  }

  @Test
  void onDiskDeltasAndRestoresGiveTheSameState() {
    for (int shape = 0; shape < 3; shape++) {
      List<Consumer<OperatorHarness<RankOperator>>> batches = randomBatches(20 + shape, 7, 30);
      SortedMapBackend backend = new SortedMapBackend(temp, 1);
      OperatorHarness.checkDeltasAfterEveryBatch(shapes(backend).get(shape), batches);
      OperatorHarness.checkRestoreAfterEveryBatch(shapes(backend).get(shape), batches);
      assertTrue(backend.puts() > 200, "shape " + shape + ": " + backend.puts() + " puts into the store");
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(shapes(new SortedMapBackend(temp, 1))
          .get(shape), batches), "shape " + shape + ": every batch after the first is a delta, from the store");
      SortedMapBackend roomy = new SortedMapBackend(temp, 1L << 30);
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(shapes(roomy).get(shape), batches),
          "a cache that holds the whole state writes deltas, as the heap does");
      assertEquals(0, roomy.puts());
    }
  }

  @Test
  void aCheckpointMovesBetweenTheHeapAndTheDiskBackends() {
    for (int shape = 0; shape < 3; shape++) {
      OperatorHarness.checkSnapshotsMoveBetween(shapes(null).get(shape),
          shapes(new SortedMapBackend(temp, 1)).get(shape), randomBatches(50 + shape, 10, 40));
    }
  }

  @Test
  void aTimeToLiveAndReleasedKeysStayOnTheHeap() {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    TopN expiringFinal = TopN.finalRows(INPUT, new int[] {0}, List.of(SortKey.ascending(2)), 1);
    expiringFinal.expireAfter(1000);
    assertFalse(expiringFinal.keepOnDisk(backend, "x"));
    TopN expiring = TopN.changelog(INPUT, new int[] {0}, List.of(SortKey.descending(1)), 2, true);
    expiring.expireAfter(1000);
    assertFalse(expiring.keepOnDisk(backend, "x"));
    TopN released = TopN.changelog(INPUT, new int[] {0, 2}, List.of(), 1, false);
    released.releaseKeysAtWatermark(1);
    assertFalse(released.keepOnDisk(backend, "x"));
    assertFalse(TopN.changelog(INPUT, new int[0], List.of(SortKey.ascending(1)), 3, true).keepOnDisk(backend, "x"));
  }
  @Test
  void aRestoreLargerThanTheCacheGoesIntoTheStoreAChunkAtATime() {
    SortedMapBackend backend = new SortedMapBackend(temp, 64 << 10);
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 150_000; i++) {
      rows.add(row("key number " + i / 3, i, i % 7));
    }
    try (OperatorHarness<RankOperator> heap = OperatorHarness.open(topN(2, true, null))) {
      heap.input(INPUT, rows).endBatch();
      byte[] snapshot = heap.snapshot();
      try (OperatorHarness<RankOperator> disk = OperatorHarness.restore(topN(2, true, backend), snapshot, 0, 0)) {
        long held = disk.operator().restorePeakBytes();
        assertTrue(held > 0 && held * 8 < snapshot.length, held + " heap bytes held restoring " + snapshot.length);
        assertEquals(2 * 50_000, backend.entries(), "every partition in the store with its id, none on the heap");
        assertEquals(heap.operator().stateRows(), disk.operator().stateRows());
        assertArrayEquals(snapshot, disk.snapshot(), "the store's partitions written back in id order");
        List<List<Object>> more = List.of(row("key number 5", 1_000_000L, 0L), row("new", 1L, 0L));
        heap.input(INPUT, more);
        disk.input(INPUT, more);
        assertEquals(heap.endBatch(), disk.endBatch());
        assertArrayEquals(heap.snapshot(), disk.snapshot());
      }
    }
  }

  /**
   * The heap backend writes deltas after a snapshot; restored into the store (a cache of one byte),
   * the snapshot's partitions come back to the heap for the delta to apply to, and the state is
   * the heap's.
   */
  @Test
  void aHeapDeltaAppliesAfterARestoreIntoTheStore() throws java.io.IOException {
    List<Consumer<OperatorHarness<RankOperator>>> batches = randomBatches(77, 3, 40);
    try (OperatorHarness<RankOperator> heap = OperatorHarness.open(topN(3, true, null))) {
      batches.get(0).accept(heap);
      heap.endBatch();
      byte[] snapshot = heap.snapshot();
      heap.operator().markDeltaBase();
      batches.get(1).accept(heap);
      heap.endBatch();
      assertTrue(heap.operator().deltaReady());
      java.io.ByteArrayOutputStream delta = new java.io.ByteArrayOutputStream();
      heap.operator().snapshotDelta(new java.io.DataOutputStream(delta));
      SortedMapBackend backend = new SortedMapBackend(temp, 1);
      try (OperatorHarness<RankOperator> disk = OperatorHarness.restore(topN(3, true, backend), snapshot, 0, 0)) {
        assertTrue(backend.entries() > 0, "restored into the store");
        disk.operator().applyDelta(new java.io.DataInputStream(new java.io.ByteArrayInputStream(delta.toByteArray())));
        assertArrayEquals(heap.snapshot(), disk.snapshot(), "the snapshot and the delta applied");
        batches.get(2).accept(heap);
        batches.get(2).accept(disk);
        assertEquals(heap.endBatch(), disk.endBatch());
        assertArrayEquals(heap.snapshot(), disk.snapshot());
      }
    }
  }

  @Test
  void onDiskFinalRowsGiveTheHeapOutputStateAndSnapshotsAfterEveryBatch() {
    for (int shape = 0; shape < 2; shape++) {
      SortedMapBackend backend = new SortedMapBackend(temp, 1);
      List<Consumer<OperatorHarness<RankOperator>>> batches = timedBatches(shape, 14, 150);
      try (OperatorHarness<RankOperator> heap = OperatorHarness.open(finalShapes(null).get(shape));
          OperatorHarness<RankOperator> disk = OperatorHarness.open(finalShapes(backend).get(shape))) {
        for (int b = 0; b < batches.size(); b++) {
          batches.get(b).accept(heap);
          batches.get(b).accept(disk);
          List<String> emitted = heap.endBatch();
          assertEquals(emitted, disk.endBatch(), "shape " + shape + ": the output of batch " + b);
          assertEquals(heap.operator().stateRows(), disk.operator().stateRows(), "shape " + shape + ": batch " + b);
          assertEquals(heap.operator().pendingOutput(), disk.operator().pendingOutput(), "batch " + b);
          assertEquals(java.util.HexFormat.of().formatHex(heap.snapshot()), java.util.HexFormat.of().formatHex(disk.snapshot()), "shape " + shape + ": the snapshot after batch " + b);
        }
        assertEquals(heap.finish(), disk.finish(), "shape " + shape + ": the end of input");
        String choice = disk.operator().lastChoice();
        assertTrue(choice.contains(" keys found on disk") && !choice.contains(" 0 keys found"), choice);
        assertTrue(backend.puts() > 1_000, "shape " + shape + ": " + backend.puts() + " puts into the store");
      }
    }
  }

  @Test
  void onDiskFinalRowsDeltasAndRestoresGiveTheSameState() {
    for (int shape = 0; shape < 2; shape++) {
      List<Consumer<OperatorHarness<RankOperator>>> batches = timedBatches(30 + shape, 9, 60);
      SortedMapBackend backend = new SortedMapBackend(temp, 1);
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(finalShapes(backend).get(shape),
          batches), "shape " + shape + ": every batch after the first is a delta");
      OperatorHarness.checkRestoreAfterEveryBatch(finalShapes(backend).get(shape), batches);
      assertTrue(backend.puts() > 500, "shape " + shape + ": " + backend.puts() + " puts into the store");
      OperatorHarness.checkSnapshotsMoveBetween(finalShapes(null).get(shape),
          finalShapes(new SortedMapBackend(temp, 1)).get(shape), timedBatches(60 + shape, 12, 80));
    }
  }

  /**
   * A deduplication of 150,000 keys, one in 30 of them waiting for the watermark, restored from a
   * heap snapshot with a share of 64 KiB: the keys go into the store a chunk at a time and those
   * waiting come back to the cache; the batch after is the heap's, and so is its delta.
   */
  @Test
  void aFinalRowsRestoreLargerThanTheCacheGoesIntoTheStoreAChunkAtATime() throws java.io.IOException {
    SortedMapBackend backend = new SortedMapBackend(temp, 64 << 10);
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 150_000; i++) {
      rows.add(row("key number " + i, i, i % 30 == 0 ? 100L : 10L));
    }
    try (OperatorHarness<RankOperator> heap = OperatorHarness.open(finalRows(1, null))) {
      assertEquals(145_000, heap.watermark(50).input(INPUT, rows).endBatch().size());
      byte[] snapshot = heap.snapshot();
      try (OperatorHarness<RankOperator> disk = OperatorHarness.restore(finalRows(1, backend), snapshot, 50, 0)) {
        long held = disk.operator().restorePeakBytes(); // a chunk, and the 5,000 keys waiting back in the cache
        assertTrue(held > 0 && held * 4 < snapshot.length, held + " heap bytes held restoring " + snapshot.length);
        assertEquals(heap.operator().stateRows(), disk.operator().stateRows());
        assertTrue(disk.operator().pendingOutput());
        assertArrayEquals(snapshot, disk.snapshot(), "the store's partitions written back in id order");
        heap.operator().markDeltaBase();
        disk.operator().markDeltaBase();
        List<List<Object>> more = List.of(row("key number 5", 1L, 0L), row("key number 30", 1L, 20L),
            row("new", 1L, 20L), row("key number 60", 1L, 90L));
        heap.watermark(200).input(INPUT, more);
        disk.watermark(200).input(INPUT, more);
        List<String> emitted = heap.endBatch();
        assertEquals(5_001, emitted.size(), "the keys waiting, one of them overtaken, and one new");
        assertEquals(emitted, disk.endBatch());
        assertTrue(disk.operator().deltaReady());
        assertEquals(java.util.HexFormat.of().formatHex(delta(heap.operator())),
            java.util.HexFormat.of().formatHex(delta(disk.operator())), "the delta, from the store");
        assertArrayEquals(heap.snapshot(), disk.snapshot());
      }
    }
  }

  /**
   * A deduplication over 10,000 new keys a batch, fed 2,000 rows at a time, a tenth of them waiting
   * for the next batch: with a share of 64 KiB the heap holds the cache and the keys that wait, not the keys
   * seen (the heap backend's state passes 5 MiB), and the output and snapshot are the heap's.
   */
  @Test
  void aDeduplicationBeyondTheShareKeepsTheHeapWithinIt() {
    try (OperatorHarness<RankOperator> heap = OperatorHarness.open(finalRows(1, null));
        OperatorHarness<RankOperator> disk = OperatorHarness.open(finalRows(1, new SortedMapBackend(temp, 64 << 10)))) {
      for (int b = 0; b < 10; b++) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
          rows.add(row("key number " + (b * 10_000 + i), (long) i, 100L * b + i % 100));
        }
        rows.add(row("key number 5", 0L, 100L * b)); // a key of the first batch, again every batch
        heap.watermark(100L * b + 89); // a tenth of the batch's keys wait for the next
        disk.watermark(100L * b + 89);
        for (int from = 0; from < rows.size(); from += 2_000) {
          heap.input(INPUT, rows.subList(from, Math.min(rows.size(), from + 2_000)));
          disk.input(INPUT, rows.subList(from, Math.min(rows.size(), from + 2_000)));
        }
        assertEquals(heap.endBatch(), disk.endBatch(), "batch " + b);
        long bytes = disk.operator().stateBytes();
        assertTrue(bytes < 1_500 << 10, bytes + " bytes on the heap after batch " + b);
      }
      assertEquals(100_000, disk.operator().stateRows());
      assertTrue(heap.operator().stateBytes() > 5 << 20, heap.operator().stateBytes() + " bytes on the heap backend");
      assertArrayEquals(heap.snapshot(), disk.snapshot());
    }
  }

  private static byte[] delta(RankOperator operator) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    operator.snapshotDelta(new java.io.DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  /**
   * On disk a changelog Top-N's cache is written out once a batch took it past its share, so the
   * budget check sees no growth; rows that wait for the watermark stay in the cache, and it does.
   */
  @Test
  void theBudgetCheckSeesTheGrowthOfRowsThatWaitForTheWatermark() {
    try (OperatorHarness<RankOperator> changelog = OperatorHarness.open(topN(2, true, new SortedMapBackend(temp, 1)));
        OperatorHarness<RankOperator> waiting = OperatorHarness.open(finalRows(1, new SortedMapBackend(temp, 1)))) {
      changelog.input(INPUT, List.of(row("a", 1L, 1L)));
      waiting.input(INPUT, List.of(row("a", 1L, 1L)));
      assertEquals(0, changelog.operator().growthBytes(100_000));
      assertTrue(waiting.operator().growthBytes(100_000) > 100_000 * 16L, "a table doubling for 100,000 new keys");
    }
  }
}
