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
  void finalRowsATimeToLiveAndReleasedKeysStayOnTheHeap() {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    assertFalse(TopN.finalRows(INPUT, new int[] {0}, List.of(SortKey.ascending(2)), 1).keepOnDisk(backend, "x"));
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
}
