package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.WindowEmit;
import io.sluice.runtime.kernel.AggregateKind;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.state.backend.DiskStateBackend;
import io.sluice.runtime.state.backend.SortedMapBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Window aggregation on the disk state backend, run alone: with a cache of one byte every chunk of
 * input writes the windows' groups out and reads back the ones it touches, and the output, the
 * snapshots and the deltas must be the heap backend's.
 */
class WindowAggregateDiskTest {
  /** Input (k VARCHAR, window_end BIGINT, v BIGINT); SELECT window_end, k, SUM(v), MAX(v) GROUP BY window_end, k. */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT, BIGINT);

  @TempDir
  Path temp;

  private static Supplier<WindowAggregateOperator> operator(OutputMode mode, DiskStateBackend backend) {
    return operator(mode, backend, new int[] {1, 0}, new long[] {0, -1});
  }

  /** Grouped by {@code keys}, of which those with an offset of 0 are the window's end. */
  private static Supplier<WindowAggregateOperator> operator(OutputMode mode, DiskStateBackend backend, int[] keys,
      long[] offsets) {
    return operator(mode, backend, keys, offsets, WindowEmit.DEFAULT);
  }

  private static Supplier<WindowAggregateOperator> operator(OutputMode mode, DiskStateBackend backend, int[] keys,
      long[] offsets, WindowEmit emit) {
    return () -> new WindowAggregateOperator("WindowAggregate", INPUT, keys, offsets,
        List.of(AggregateSpec.of(AggregateKind.SUM, 2, BIGINT), AggregateSpec.of(AggregateKind.MAX, 2, BIGINT)), 1, 0,
        mode, emit, backend);
  }

  /** Update mode with {@code emit}: grouped by window end and k. */
  private static Supplier<WindowAggregateOperator> emitting(WindowEmit emit, DiskStateBackend backend) {
    return operator(OutputMode.UPDATE, backend, new int[] {1, 0}, new long[] {0, -1}, emit);
  }

  /**
   * Batches of random rows over {@code keys} keys in the windows ending at 10, 20, ... (a few rows
   * late), the watermark moving 10 every other batch and the batch time 1,000 each batch, each batch's
   * rows fed in {@code chunks} chunks.
   */
  private static List<Consumer<OperatorHarness<WindowAggregateOperator>>> randomBatches(long seed, int batches,
      int keys, int chunks) {
    return randomBatches(seed, batches, keys, chunks, 0);
  }

  /** As above, with rows in the windows ending up to {@code closed} before the watermark too (closed ones). */
  private static List<Consumer<OperatorHarness<WindowAggregateOperator>>> randomBatches(long seed, int batches,
      int keys, int chunks, long closed) {
    Random random = new Random(seed);
    List<Consumer<OperatorHarness<WindowAggregateOperator>>> script = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      long watermark = 10L * (b / 2);
      List<List<List<Object>>> input = new ArrayList<>();
      for (int c = 0; c < chunks; c++) {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < 60; r++) {
          long end = watermark - closed + 10L * random.nextInt(4 + (int) (closed / 10));
          rows.add(row("k" + random.nextInt(keys), end, (long) random.nextInt(100)));
        }
        input.add(rows);
      }
      long now = 1_000L * b;
      script.add(h -> {
        h.watermark(watermark).batchTime(now);
        input.forEach(rows -> h.input(INPUT, rows));
      });
    }
    return script;
  }

  @Test
  void onDiskTheWindowsGiveTheHeapOutputAndSnapshotsAfterEveryBatch() {
    for (OutputMode mode : List.of(OutputMode.APPEND, OutputMode.UPDATE)) {
      sameAsTheHeap(mode, new int[] {1, 0}, new long[] {0, -1});
    }
  }

  @Test
  void keysThatAreNotTheFirstInputColumnsAreReadBackAsTheirGroups() {
    // grouped by (window_end, v, k): the window's table is keyed by input columns 2 and 0, in that order
    sameAsTheHeap(OutputMode.APPEND, new int[] {1, 2, 0}, new long[] {0, -1, -1});
  }

  private void sameAsTheHeap(OutputMode mode, int[] keys, long[] offsets) {
    sameAsTheHeap(mode + "", backend -> operator(mode, backend, keys, offsets), randomBatches(3, 14, 300, 1));
  }

  /** Runs {@code batches} on the operator {@code make} gives for the heap (null) and for a disk backend of a 1-byte cache. */
  private void sameAsTheHeap(String mode, Function<DiskStateBackend, Supplier<WindowAggregateOperator>> make,
      List<Consumer<OperatorHarness<WindowAggregateOperator>>> batches) {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    try (OperatorHarness<WindowAggregateOperator> heap = OperatorHarness.open(make.apply(null));
        OperatorHarness<WindowAggregateOperator> disk = OperatorHarness.open(make.apply(backend))) {
      assertTrue(disk.operator().onDisk());
      for (int b = 0; b < batches.size(); b++) {
        batches.get(b).accept(heap);
        batches.get(b).accept(disk);
        assertEquals(heap.endBatch(), disk.endBatch(), mode + ": the output of batch " + b);
        assertEquals(heap.operator().stateRows(), disk.operator().stateRows(), mode + ": groups after batch " + b);
        assertArrayEquals(heap.snapshot(), disk.snapshot(), mode + ": the snapshot after batch " + b);
      }
      String choice = disk.operator().lastChoice();
      assertTrue(choice.contains(" 0 of "), choice);
      assertTrue(backend.puts() > 1_000, mode + ": " + backend.puts() + " puts into the store");
    }
  }

  @Test
  void aClosedWindowLeavesTheStore() {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    try (OperatorHarness<WindowAggregateOperator> disk = OperatorHarness.open(operator(OutputMode.APPEND, backend))) {
      disk.input(INPUT, List.of(row("a", 10L, 1L), row("b", 20L, 2L)));
      assertEquals(List.of(), disk.endBatch());
      assertEquals(4, backend.entries(), "two groups, each with its key record and its id record");
      disk.watermark(10);
      assertEquals(List.of("+I [10, a, 1, 1]"), disk.endBatch());
      assertEquals(2, backend.entries(), "the window ending at 10 is gone from the store");
    }
  }

  @Test
  void onDiskDeltasAndRestoresGiveTheSameState() {
    for (OutputMode mode : List.of(OutputMode.APPEND, OutputMode.UPDATE)) {
      SortedMapBackend backend = new SortedMapBackend(temp, 1);
      List<Consumer<OperatorHarness<WindowAggregateOperator>>> batches = randomBatches(5, 8, 120, 3);
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(operator(mode, backend), batches),
          mode + ": every batch after the first is a delta");
      OperatorHarness.checkRestoreAfterEveryBatch(operator(mode, backend), batches);
      assertTrue(backend.puts() > 1_000, mode + ": " + backend.puts() + " puts into the store");
    }
  }

  @Test
  void aCheckpointMovesBetweenTheHeapAndTheDiskBackends() {
    for (OutputMode mode : List.of(OutputMode.APPEND, OutputMode.UPDATE)) {
      OperatorHarness.checkSnapshotsMoveBetween(operator(mode, null), operator(mode, new SortedMapBackend(temp, 1)),
          randomBatches(9, 12, 200, 1));
    }
  }

  @Test
  void theBudgetCheckSeesTheGrowthOfTheHeapTablesButNotOfTheDiskCaches() {
    try (OperatorHarness<WindowAggregateOperator> heap = OperatorHarness.open(operator(OutputMode.APPEND, null));
        OperatorHarness<WindowAggregateOperator> disk =
            OperatorHarness.open(operator(OutputMode.APPEND, new SortedMapBackend(temp, 1)))) {
      heap.input(INPUT, List.of(row("a", 10L, 1L)));
      disk.input(INPUT, List.of(row("a", 10L, 1L)));
      assertTrue(heap.operator().growthBytes(100_000) > 100_000 * 8L, "a window's table doubling for 100,000 new groups");
      assertEquals(0, disk.operator().growthBytes(100_000));
    }
  }

  @Test
  void aWindowWithAnAllowedLatenessIsOnDiskAndGivesTheHeapOutputSnapshotsDeltasAndRestores() {
    WindowEmit lateness = new WindowEmit(0, 20);
    // rows for windows closed up to 30 before the watermark: those within 20 update the rows emitted, the others are late
    sameAsTheHeap("lateness", backend -> emitting(lateness, backend), randomBatches(4, 14, 300, 1, 30));
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    List<Consumer<OperatorHarness<WindowAggregateOperator>>> batches = randomBatches(6, 6, 120, 2, 30);
    assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(emitting(lateness, backend), batches),
        "every batch after the first is a delta");
    OperatorHarness.checkRestoreAfterEveryBatch(emitting(lateness, backend), batches);
    OperatorHarness.checkSnapshotsMoveBetween(emitting(lateness, null), emitting(lateness, new SortedMapBackend(temp, 1)),
        randomBatches(7, 12, 200, 1, 30));
    assertTrue(backend.puts() > 1_000, backend.puts() + " puts into the store");
  }

  /**
   * Early firing every 2,500 ms of batch time (batches 1,000 apart), with and without an allowed
   * lateness: the changes a write-out holds go to the store with their groups, and come out when due
   * as on the heap; snapshots are the heap's, every checkpoint after the first is a delta, restores
   * and the move between backends keep them.
   */
  @Test
  void earlyFiringHoldsItsChangesOnDiskUntilTheyAreDue() {
    for (WindowEmit emit : List.of(new WindowEmit(2_500, 0), new WindowEmit(2_500, 20))) {
      sameAsTheHeap("early " + emit, backend -> emitting(emit, backend), randomBatches(8, 14, 300, 1, emit
          .allowedLatenessMillis() + 10));
      SortedMapBackend backend = new SortedMapBackend(temp, 1);
      List<Consumer<OperatorHarness<WindowAggregateOperator>>> batches = randomBatches(10, 7, 120, 2, 20);
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(emitting(emit, backend), batches),
          emit + ": every batch after the first is a delta");
      OperatorHarness.checkRestoreAfterEveryBatch(emitting(emit, backend), batches);
      OperatorHarness.checkSnapshotsMoveBetween(emitting(emit, null), emitting(emit, new SortedMapBackend(temp, 1)),
          randomBatches(11, 12, 200, 1, 20));
      assertTrue(backend.puts() > 1_000, emit + ": " + backend.puts() + " puts into the store");
    }
  }

  /**
   * Three open windows of 30,000 groups each restored with a share of 64 KiB: each window's groups go
   * into the store a chunk at a time, and the windows go on as the heap's.
   */
  @Test
  void aRestoreLargerThanTheShareGoesIntoTheStoreAChunkAtATime() {
    for (OutputMode mode : List.of(OutputMode.APPEND, OutputMode.UPDATE)) {
      SortedMapBackend backend = new SortedMapBackend(temp, 64 << 10);
      List<List<Object>> rows = new ArrayList<>();
      for (long i = 0; i < 90_000; i++) {
        rows.add(row("key number " + i / 3, 10 + 10 * (i % 3), i));
      }
      try (OperatorHarness<WindowAggregateOperator> heap = OperatorHarness.open(operator(mode, null))) {
        heap.input(INPUT, rows).endBatch();
        byte[] snapshot = heap.snapshot();
        try (OperatorHarness<WindowAggregateOperator> disk =
                OperatorHarness.restore(operator(mode, backend), snapshot, 0, 0)) {
          long held = disk.operator().restorePeakBytes();
          assertTrue(held > 0 && held * 8 < snapshot.length, mode + ": " + held + " heap bytes held restoring "
              + snapshot.length);
          assertTrue(disk.operator().stateBytes() * 8 < snapshot.length, mode + ": " + disk.operator().stateBytes()
              + " bytes on the heap after the restore");
          assertEquals(90_000, disk.operator().stateRows());
          assertArrayEquals(snapshot, disk.snapshot(), mode + ": the store's groups written back");
          List<List<Object>> more = List.of(row("key number 7", 20L, 1L), row("new", 30L, 2L));
          heap.watermark(20).input(INPUT, more);
          disk.watermark(20).input(INPUT, more);
          assertEquals(heap.endBatch(), disk.endBatch(), mode + ": the batch after the restore");
          assertArrayEquals(heap.snapshot(), disk.snapshot(), mode + ": the snapshot after it");
        }
      }
    }
  }

  /**
   * Early firing: three windows of 30,000 groups each, emitted once, then a third of them changed
   * and held, restored from a heap snapshot with a share of 64 KiB: the groups and their rows emitted
   * go into the store a chunk at a time, every group counts as holding a change (which were held is
   * not saved), and the firing after the restore emits what the heap's does; deltas and snapshots
   * after it too.
   */
  @Test
  void anEarlyFiringRestoreLargerThanTheShareKeepsItsHeldChangesInTheStore() {
    WindowEmit early = new WindowEmit(2_500, 0);
    SortedMapBackend backend = new SortedMapBackend(temp, 64 << 10);
    List<List<Object>> rows = new ArrayList<>();
    List<List<Object>> changed = new ArrayList<>();
    for (long i = 0; i < 90_000; i++) {
      rows.add(row("key number " + i / 3, 10 + 10 * (i % 3), i));
      if (i % 3 == 1) {
        changed.add(row("key number " + i / 3, 10 + 10 * (i % 3), 1L));
      }
    }
    changed.add(row("new", 30L, 5L));
    try (OperatorHarness<WindowAggregateOperator> heap = OperatorHarness.open(emitting(early, null))) {
      heap.watermark(0).batchTime(0).input(INPUT, rows).endBatch(); // the watermark the restore is given
      assertEquals(90_000, heap.batchTime(3_000).endBatch().size(), "the first firing");
      assertEquals(List.of(), heap.batchTime(3_500).input(INPUT, changed).endBatch(), "held");
      byte[] snapshot = heap.snapshot();
      try (OperatorHarness<WindowAggregateOperator> disk =
              OperatorHarness.restore(emitting(early, backend), snapshot, 0, 3_500)) {
        long held = disk.operator().restorePeakBytes();
        assertTrue(held > 0 && held * 8 < snapshot.length, held + " heap bytes held restoring " + snapshot.length);
        assertTrue(disk.operator().stateBytes() * 8 < snapshot.length, disk.operator().stateBytes()
            + " bytes on the heap after the restore");
        assertArrayEquals(snapshot, disk.snapshot(), "the store's groups and rows emitted written back");
        disk.operator().markDeltaBase();
        List<String> fired = heap.batchTime(6_000).endBatch();
        assertEquals(2 * 30_001 - 1, fired.size(), "a -U and a +U for each group changed, a +I for the new one");
        assertEquals(fired, disk.batchTime(6_000).endBatch(), "the firing after the restore");
        assertArrayEquals(heap.snapshot(), disk.snapshot(), "the snapshot after it");
        assertTrue(disk.operator().deltaReady(), "a delta after the firing");
      }
    }
  }

  /**
   * Early firing over one window of 100,000 groups, 10,000 new each batch (fed 2,000 rows at a
   * time) and a firing every third: with a share of 64 KiB the heap holds the cache and a bit per
   * group holding a change, not the groups (the heap backend's state passes 5 MiB), and the output
   * is the heap's.
   */
  @Test
  void earlyFiringBeyondTheShareKeepsTheHeapWithinIt() {
    WindowEmit early = new WindowEmit(2_500, 0);
    try (OperatorHarness<WindowAggregateOperator> heap = OperatorHarness.open(emitting(early, null));
        OperatorHarness<WindowAggregateOperator> disk =
            OperatorHarness.open(emitting(early, new SortedMapBackend(temp, 64 << 10)))) {
      for (int b = 0; b < 10; b++) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
          rows.add(row("key number " + (b * 10_000 + i), 1_000L, (long) i));
        }
        rows.add(row("key number 5", 1_000L, (long) b)); // a group of the first batch, changed every batch
        heap.batchTime(1_000L * b);
        disk.batchTime(1_000L * b);
        for (int from = 0; from < rows.size(); from += 2_000) { // chunks of 2,000 rows, as the engine's of 4,096
          heap.input(INPUT, rows.subList(from, Math.min(rows.size(), from + 2_000)));
          disk.input(INPUT, rows.subList(from, Math.min(rows.size(), from + 2_000)));
        }
        assertEquals(heap.endBatch(), disk.endBatch(), "batch " + b);
        long bytes = disk.operator().stateBytes();
        assertTrue(bytes < 160 << 10, bytes + " bytes on the heap after batch " + b);
      }
      assertEquals(100_000, disk.operator().stateRows());
      assertTrue(heap.operator().stateBytes() > 5 << 20, heap.operator().stateBytes() + " bytes on the heap backend");
      assertArrayEquals(heap.snapshot(), disk.snapshot());
    }
  }
}
