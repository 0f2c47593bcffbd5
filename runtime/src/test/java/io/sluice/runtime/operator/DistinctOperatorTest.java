package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.runtime.state.backend.SortedMapBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distinct keys of a stream, each emitted at its first arrival, run alone: duplicates, the time-to-live, restore. */
class DistinctOperatorTest {
  /** Input (k VARCHAR, v BIGINT); distinct over k alone, or over (k, v). */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT);

  @TempDir
  Path temp;

  private static Supplier<DistinctOperator> distinct(int[] keys, long ttl) {
    return () -> new DistinctOperator("Distinct (first arrival)", INPUT, keys, ttl);
  }

  /** On the disk backend with a cache of one byte: every batch writes the keys out and looks the next ones up. */
  private static Supplier<DistinctOperator> onDisk(int[] keys, SortedMapBackend backend) {
    return () -> new DistinctOperator("Distinct (first arrival)", INPUT, keys, 0, backend);
  }

  /** Batches of random rows over {@code keys} keys (some NULL), each fed in chunks of 50 rows. */
  private static List<Consumer<OperatorHarness<DistinctOperator>>> randomBatches(long seed, int batches, int keys) {
    Random random = new Random(seed);
    List<Consumer<OperatorHarness<DistinctOperator>>> script = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<List<List<Object>>> chunks = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < 50; r++) {
          int key = random.nextInt(keys);
          rows.add(row(key % 41 == 0 ? null : "k" + key % 30, (long) key / 30));
        }
        chunks.add(rows);
      }
      script.add(h -> chunks.forEach(rows -> h.input(INPUT, rows)));
    }
    return script;
  }

  @Test
  void onDiskTheKeysGiveTheHeapOutputAndSnapshotsAfterEveryBatch() {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    List<Consumer<OperatorHarness<DistinctOperator>>> batches = randomBatches(3, 12, 2_000);
    try (OperatorHarness<DistinctOperator> heap = OperatorHarness.open(distinct(new int[] {0, 1}, 0));
        OperatorHarness<DistinctOperator> disk = OperatorHarness.open(onDisk(new int[] {0, 1}, backend))) {
      assertTrue(disk.operator().onDisk());
      for (int b = 0; b < batches.size(); b++) {
        batches.get(b).accept(heap);
        batches.get(b).accept(disk);
        assertEquals(heap.endBatch(), disk.endBatch(), "the output of batch " + b);
        assertEquals(heap.operator().stateRows(), disk.operator().stateRows(), "keys after batch " + b);
        assertArrayEquals(heap.snapshot(), disk.snapshot(), "the snapshot after batch " + b);
      }
      String choice = disk.operator().lastChoice();
      assertTrue(!choice.contains(" 0 write-outs") && !choice.contains(" 0 keys found on disk"), choice);
      assertTrue(backend.entries() > 1_000, backend.entries() + " entries in the store");
    }
  }

  @Test
  void onDiskDeltasAndRestoresGiveTheSameState() {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    List<Consumer<OperatorHarness<DistinctOperator>>> batches = randomBatches(5, 8, 600);
    assertEquals(batches.size() - 1,
        OperatorHarness.checkDeltasAfterEveryBatch(onDisk(new int[] {0, 1}, backend), batches));
    OperatorHarness.checkRestoreAfterEveryBatch(onDisk(new int[] {0}, backend), batches);
    assertTrue(backend.puts() > 1_000, backend.puts() + " puts into the stores");
  }

  @Test
  void aCheckpointMovesBetweenTheHeapAndTheDiskBackends() {
    OperatorHarness.checkSnapshotsMoveBetween(distinct(new int[] {0, 1}, 0),
        onDisk(new int[] {0, 1}, new SortedMapBackend(temp, 1)), randomBatches(9, 10, 1_500));
  }

  @Test
  void aRestoreLargerThanTheCacheGoesIntoTheStoreAChunkAtATime() {
    SortedMapBackend backend = new SortedMapBackend(temp, 64 << 10);
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 100_000; i++) {
      rows.add(row("key number " + i, i));
    }
    try (OperatorHarness<DistinctOperator> heap = OperatorHarness.open(distinct(new int[] {0, 1}, 0))) {
      heap.input(INPUT, rows).endBatch();
      byte[] snapshot = heap.snapshot();
      try (OperatorHarness<DistinctOperator> disk =
              OperatorHarness.restore(onDisk(new int[] {0, 1}, backend), snapshot, 0, 0)) {
        long held = disk.operator().restorePeakBytes();
        assertTrue(held > 0 && held * 8 < snapshot.length, held + " heap bytes held restoring " + snapshot.length);
        assertEquals(2 * 100_000, backend.entries(), "every key in the store with its id, none on the heap");
        assertEquals(100_000, disk.operator().stateRows());
        assertArrayEquals(snapshot, disk.snapshot(), "the store's keys written back in id order");
        List<List<Object>> more = List.of(row("key number 5", 5L), row("new", 1L));
        heap.input(INPUT, more);
        disk.input(INPUT, more);
        assertEquals(List.of("+I [new, 1]"), disk.endBatch());
        assertEquals(heap.endBatch(), List.of("+I [new, 1]"));
        assertArrayEquals(heap.snapshot(), disk.snapshot());
      }
    }
  }

  @Test
  void theBudgetCheckSeesTheGrowthOfTheHeapTableButNotOfTheDiskCache() {
    try (OperatorHarness<DistinctOperator> heap = OperatorHarness.open(distinct(new int[] {0}, 0));
        OperatorHarness<DistinctOperator> disk = OperatorHarness.open(onDisk(new int[] {0}, new SortedMapBackend(temp, 1)))) {
      assertTrue(heap.operator().growthBytes(100_000) > 100_000 * 8L, "a table doubling for 100,000 new keys");
      assertEquals(0, disk.operator().growthBytes(100_000));
    }
  }

  @Test
  void aKeyIsEmittedOnceAtItsFirstArrivalAndItsLaterRowsAreDropped() {
    try (OperatorHarness<DistinctOperator> h = OperatorHarness.open(distinct(new int[] {0}, 0))) {
      h.input(INPUT, List.of(row("a", 1L), row("a", 2L), row("b", 1L)));
      assertEquals(List.of("+I [a]", "+I [b]"), h.endBatch());
      h.input(INPUT, List.of(row("b", 3L), row(null, 1L), row("c", 1L), row(null, 2L)));
      assertEquals(List.of("+I [c]", "+I [null]"), h.endBatch());
      assertEquals(4, h.operator().stateRows());
    }
  }

  @Test
  void theOutputIsTheKeyColumnsInTheirOrder() {
    try (OperatorHarness<DistinctOperator> h = OperatorHarness.open(distinct(new int[] {1, 0}, 0))) {
      h.input(INPUT, List.of(row("a", 1L), row("a", 1L), row("a", 2L)));
      assertEquals(List.of("+I [1, a]", "+I [2, a]"), h.endBatch());
    }
  }

  @Test
  void aKeyForgottenByTheTimeToLiveIsEmittedAgain() {
    try (OperatorHarness<DistinctOperator> h = OperatorHarness.open(distinct(new int[] {0}, 1000))) {
      h.batchTime(0).input(INPUT, List.of(row("a", 1L), row("b", 1L)));
      assertEquals(List.of("+I [a]", "+I [b]"), h.endBatch());
      h.batchTime(800).input(INPUT, List.of(row("a", 2L)));
      assertEquals(List.of(), h.endBatch());
      h.batchTime(1500);
      assertEquals(List.of(), h.endBatch());
      assertEquals(1, h.operator().stateRows()); // b expired, a was seen again at 800
      h.batchTime(1600).input(INPUT, List.of(row("b", 2L), row("a", 3L)));
      assertEquals(List.of("+I [b]"), h.endBatch());
    }
  }

  @Test
  void aRestoredOperatorContinuesExactly() {
    List<Consumer<OperatorHarness<DistinctOperator>>> batches = List.of(
        h -> h.batchTime(0).input(INPUT, List.of(row("a", 1L), row("b", 1L))),
        h -> h.batchTime(600).input(INPUT, List.of(row("a", 2L), row("c", 1L))),
        h -> h.batchTime(1200).input(INPUT, List.of(row("b", 2L), row("d", 1L))),
        h -> h.batchTime(2500).input(INPUT, List.of(row("a", 3L), row("d", 2L))));
    OperatorHarness.checkRestoreAfterEveryBatch(distinct(new int[] {0}, 0), batches);
    OperatorHarness.checkRestoreAfterEveryBatch(distinct(new int[] {0}, 1000), batches);
  }

  @Test
  void deltasOfNewTouchedAndExpiredKeysRestoreTheSameState() {
    List<Consumer<OperatorHarness<DistinctOperator>>> batches = List.of(
        h -> h.batchTime(0).input(INPUT, List.of(row("a", 1L), row("b", 1L), row(null, 4L))),
        h -> h.batchTime(600).input(INPUT, List.of(row("a", 2L), row("c", 1L))),
        h -> h.batchTime(700),
        h -> h.batchTime(1200).input(INPUT, List.of(row("b", 2L), row("d", 1L))),
        h -> h.batchTime(2500).input(INPUT, List.of(row("a", 3L), row("d", 2L), row("e", 5L))),
        h -> h.batchTime(2600).input(INPUT, List.of(row("e", 3L), row(null, 2L))),
        h -> h.batchTime(5000));
    for (long ttl : new long[] {0, 1000}) {
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(distinct(new int[] {0}, ttl), batches));
      assertEquals(batches.size() - 1,
          OperatorHarness.checkDeltasAfterEveryBatch(distinct(new int[] {1, 0}, ttl), batches));
    }
  }
}
