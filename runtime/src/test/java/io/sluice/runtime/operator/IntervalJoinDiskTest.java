package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.stream.IntervalBound;
import io.sluice.runtime.kernel.IntervalJoiner;
import io.sluice.runtime.kernel.JoinKind;
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
 * The interval join and the window join on the disk backend, run alone: with a cache of one byte
 * every input batch and every release writes both inputs' rows out and reads back the keys it
 * touches; the output of every batch (as a set of rows: the order in which a batch's pairs come
 * depends on where their rows were), the state rows and the waiting output must be the heap
 * backend's, for every join kind, with NULL keys, and the state must move between the backends.
 */
class IntervalJoinDiskTest {
  /** Left (k BIGINT, t BIGINT, v VARCHAR), right (k BIGINT, t BIGINT), joined on k within a time bound on t. */
  private static final List<DataType> LEFT = List.of(BIGINT, BIGINT, VARCHAR);
  private static final List<DataType> RIGHT = List.of(BIGINT, BIGINT);
  private static final List<JoinKind> KINDS =
      List.of(JoinKind.INNER, JoinKind.LEFT, JoinKind.RIGHT, JoinKind.FULL, JoinKind.SEMI, JoinKind.ANTI);

  @TempDir
  Path temp;

  /** Rows of both inputs whose times are at most 10 apart ({@code window}: Flink's window join on equal window ends). */
  private static Supplier<IntervalJoinOperator> join(JoinKind kind, boolean window, DiskStateBackend backend) {
    return () -> {
      IntervalBound bound = window ? new IntervalBound(1, 1, 0, 0, 0, 0) : new IntervalBound(1, 1, -10, 10, 0, 0);
      IntervalJoiner joiner = new IntervalJoiner(kind, LEFT, RIGHT, new int[] {0}, new int[] {0}, bound, null);
      if (window) {
        joiner.pairWhenReleased();
      }
      return new IntervalJoinOperator("IntervalJoin", joiner, backend);
    };
  }

  /**
   * Batches feeding both inputs random rows over {@code keys} keys (some NULL) at times from the
   * watermark on (multiples of 10 for a window join: window ends), the watermark moving on.
   */
  private static List<Consumer<OperatorHarness<IntervalJoinOperator>>> randomBatches(long seed, int batches, int keys,
      boolean window) {
    Random random = new Random(seed);
    List<Consumer<OperatorHarness<IntervalJoinOperator>>> script = new ArrayList<>();
    long watermark = 0;
    for (int b = 0; b < batches; b++) {
      long mark = watermark;
      List<List<Object>> lefts = new ArrayList<>();
      List<List<Object>> rights = new ArrayList<>();
      for (int r = 0; r < 60; r++) {
        Long k = random.nextInt(25) == 0 ? null : (long) random.nextInt(keys);
        long t = mark + 1 + random.nextInt(40);
        if (window) {
          t = (t / 10 + 1) * 10;
        }
        if (random.nextBoolean()) {
          lefts.add(row(k, t, "v" + random.nextInt(5)));
        } else {
          rights.add(row(k, t));
        }
      }
      script.add(h -> h.watermark(mark).input(0, LEFT, lefts).input(1, RIGHT, rights));
      watermark += random.nextInt(16);
    }
    return script;
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }

  @Test
  void onDiskEveryJoinKindGivesTheHeapOutputAndStateAfterEveryBatch() {
    for (boolean window : List.of(false, true)) {
      for (JoinKind kind : KINDS) {
        SortedMapBackend backend = new SortedMapBackend(temp, 1);
        String what = (window ? "window join " : "interval join ") + kind;
        List<Consumer<OperatorHarness<IntervalJoinOperator>>> batches = randomBatches(kind.ordinal(), 30, 20, window);
        try (OperatorHarness<IntervalJoinOperator> heap = OperatorHarness.open(join(kind, window, null));
            OperatorHarness<IntervalJoinOperator> disk = OperatorHarness.open(join(kind, window, backend))) {
          assertTrue(disk.operator().onDisk());
          for (int b = 0; b < batches.size(); b++) {
            batches.get(b).accept(heap);
            batches.get(b).accept(disk);
            assertEquals(sorted(heap.endBatch()), sorted(disk.endBatch()), what + ": the output of batch " + b);
            assertEquals(heap.operator().stateRows(), disk.operator().stateRows(), what + ": rows after batch " + b);
            assertEquals(heap.operator().pendingOutput(), disk.operator().pendingOutput(), what + ", batch " + b);
            assertEquals(heap.context().waitsUntil(), disk.context().waitsUntil(), what + ": next release, batch " + b);
          }
          assertTrue(disk.operator().stateRows() > 0, what + ": rows kept at the end");
          assertEquals(sorted(heap.watermark(Long.MAX_VALUE).endBatch()), sorted(disk.watermark(Long.MAX_VALUE).endBatch()), what + ": the end of input");
          assertEquals(0, disk.operator().stateRows(), what);
          String choice = disk.operator().lastChoice();
          assertTrue(choice.contains(" write-outs, "), choice);
          assertTrue(backend.puts() > 1_000, what + ": " + backend.puts() + " puts into the store");
          assertEquals(0, backend.entries(), what + ": rows left in the store at the end");
        }
      }
    }
  }

  /** Batches of 3,000 rows a side, staged 1,024 at a time on disk with the cache written out between. */
  @Test
  void largeBatchesOnDiskGiveTheHeapOutput() {
    for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.LEFT)) {
      SortedMapBackend backend = new SortedMapBackend(temp, 16 << 10);
      Random random = new Random(11);
      try (OperatorHarness<IntervalJoinOperator> heap = OperatorHarness.open(join(kind, false, null));
          OperatorHarness<IntervalJoinOperator> disk = OperatorHarness.open(join(kind, false, backend))) {
        for (int b = 0; b < 4; b++) {
          List<List<Object>> lefts = new ArrayList<>();
          List<List<Object>> rights = new ArrayList<>();
          for (int r = 0; r < 3000; r++) {
            lefts.add(row((long) random.nextInt(2_000), b * 10L + random.nextInt(10), "l" + r));
            rights.add(row((long) random.nextInt(2_000), b * 10L + random.nextInt(10)));
          }
          long watermark = b * 10L - 15;
          for (OperatorHarness<IntervalJoinOperator> h : List.of(heap, disk)) {
            h.watermark(watermark).input(0, LEFT, lefts).input(1, RIGHT, rights);
          }
          List<String> expected = sorted(heap.endBatch());
          assertEquals(expected, sorted(disk.endBatch()), kind + ": batch " + b);
          assertEquals(heap.operator().stateRows(), disk.operator().stateRows(), kind + ": rows after batch " + b);
        }
        assertEquals(sorted(heap.watermark(Long.MAX_VALUE).endBatch()), sorted(disk.watermark(Long.MAX_VALUE).endBatch()));
        assertTrue(backend.puts() > 0, kind + ": nothing written out");
      }
    }
  }

  @Test
  void aCheckpointMovesBetweenTheHeapAndTheDiskBackends() {
    for (boolean window : List.of(false, true)) {
      for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.LEFT, JoinKind.FULL, JoinKind.ANTI)) {
        String what = (window ? "window join " : "interval join ") + kind;
        List<Consumer<OperatorHarness<IntervalJoinOperator>>> batches = randomBatches(70 + kind.ordinal(), 20, 15,
            window);
        Supplier<IntervalJoinOperator> onDisk = join(kind, window, new SortedMapBackend(temp, 1));
        Supplier<IntervalJoinOperator> onHeap = join(kind, window, null);
        try (OperatorHarness<IntervalJoinOperator> heap = OperatorHarness.open(onHeap);
            OperatorHarness<IntervalJoinOperator> disk = OperatorHarness.open(onDisk)) {
          for (int b = 0; b < batches.size() / 2; b++) {
            batches.get(b).accept(heap);
            batches.get(b).accept(disk);
            heap.endBatch();
            disk.endBatch();
          }
          long watermark = heap.context().watermark();
          try (OperatorHarness<IntervalJoinOperator> diskFromHeap =
                  OperatorHarness.restore(onDisk, heap.snapshot(), watermark, 0);
              OperatorHarness<IntervalJoinOperator> heapFromDisk =
                  OperatorHarness.restore(onHeap, disk.snapshot(), watermark, 0)) {
            assertEquals(heap.operator().stateRows(), diskFromHeap.operator().stateRows(), what);
            assertEquals(heap.operator().stateRows(), heapFromDisk.operator().stateRows(), what);
            for (int b = batches.size() / 2; b < batches.size(); b++) {
              batches.get(b).accept(heap);
              batches.get(b).accept(diskFromHeap);
              batches.get(b).accept(heapFromDisk);
              List<String> expected = sorted(heap.endBatch());
              assertEquals(expected, sorted(diskFromHeap.endBatch()), what + ": disk restored from the heap, batch " + b);
              assertEquals(expected, sorted(heapFromDisk.endBatch()), what + ": heap restored from disk, batch " + b);
            }
            List<String> end = sorted(heap.watermark(Long.MAX_VALUE).endBatch());
            assertEquals(end, sorted(diskFromHeap.watermark(Long.MAX_VALUE).endBatch()), what + ": disk restored from the heap, end of input");
            assertEquals(end, sorted(heapFromDisk.watermark(Long.MAX_VALUE).endBatch()), what + ": heap restored from disk, end of input");
          }
        }
      }
    }
  }

  /** Keys new to the cache that were never written out cost no read of the store; keys written out one each. */
  @Test
  void onlyKeysWrittenOutAreLookedForInTheStore() {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    List<List<Object>> first = new ArrayList<>();
    List<List<Object>> fresh = new ArrayList<>();
    List<List<Object>> old = new ArrayList<>();
    for (long k = 0; k < 100; k++) {
      first.add(row(k, 100L, "a" + k));
      fresh.add(row(100 + k, 100L));
      old.add(row(k, 105L));
    }
    try (OperatorHarness<IntervalJoinOperator> heap = OperatorHarness.open(join(JoinKind.LEFT, false, null));
        OperatorHarness<IntervalJoinOperator> disk = OperatorHarness.open(join(JoinKind.LEFT, false, backend))) {
      for (OperatorHarness<IntervalJoinOperator> h : List.of(heap, disk)) {
        h.watermark(0).input(0, LEFT, first);
      }
      assertEquals(sorted(heap.endBatch()), sorted(disk.endBatch()));
      for (OperatorHarness<IntervalJoinOperator> h : List.of(heap, disk)) {
        h.watermark(0).input(1, RIGHT, fresh);
      }
      assertEquals(sorted(heap.endBatch()), sorted(disk.endBatch()));
      assertEquals(0, backend.scans(), "keys 100-199 were never written out");
      assertTrue(backend.entries() > 0);
      for (OperatorHarness<IntervalJoinOperator> h : List.of(heap, disk)) {
        h.watermark(0).input(1, RIGHT, old.subList(0, 50));
      }
      List<String> pairs = sorted(heap.endBatch());
      assertEquals(50, pairs.size());
      assertEquals(pairs, sorted(disk.endBatch()));
      assertEquals(50, backend.scans(), "keys 0-49 were written out: each read once");
      assertTrue(disk.operator().lastChoice().contains(" 50 keys read back, 100 reads skipped"),
          disk.operator().lastChoice());
      assertEquals(sorted(heap.watermark(Long.MAX_VALUE).endBatch()), sorted(disk.watermark(Long.MAX_VALUE).endBatch()));
    }
  }

  @Test
  void aCacheThatHoldsTheWholeStateWritesDeltasAsTheHeapDoes() {
    for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.FULL)) {
      List<Consumer<OperatorHarness<IntervalJoinOperator>>> batches = randomBatches(40 + kind.ordinal(), 8, 12, false);
      SortedMapBackend roomy = new SortedMapBackend(temp, 1L << 30);
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(join(kind, false, roomy), batches));
      assertEquals(0, roomy.puts());
    }
  }

  @Test
  void aHeapSnapshotAndItsDeltasRestoreIntoTheStoreAndGoOnAsTheHeap() {
    for (JoinKind kind : List.of(JoinKind.LEFT, JoinKind.INNER)) {
      List<Consumer<OperatorHarness<IntervalJoinOperator>>> batches = randomBatches(90 + kind.ordinal(), 10, 15, false);
      SortedMapBackend backend = new SortedMapBackend(temp, 1);
      List<byte[]> deltas = new ArrayList<>();
      try (OperatorHarness<IntervalJoinOperator> heap = OperatorHarness.open(join(kind, false, null))) {
        batches.get(0).accept(heap);
        heap.endBatch();
        byte[] snapshot = heap.snapshot();
        heap.operator().markDeltaBase();
        for (int b = 1; b < 5; b++) {
          batches.get(b).accept(heap);
          heap.endBatch();
          java.io.ByteArrayOutputStream delta = new java.io.ByteArrayOutputStream();
          try {
            heap.operator().snapshotDelta(new java.io.DataOutputStream(delta));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          deltas.add(delta.toByteArray());
          heap.operator().markDeltaBase();
        }
        IntervalJoinOperator disk = join(kind, false, backend).get();
        try {
          disk.restore(new java.io.DataInputStream(new java.io.ByteArrayInputStream(snapshot)));
          assertTrue(backend.entries() > 0, "the snapshot went into the store");
          for (byte[] delta : deltas) {
            disk.applyDelta(new java.io.DataInputStream(new java.io.ByteArrayInputStream(delta)));
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        try (OperatorHarness<IntervalJoinOperator> restored = OperatorHarness.restore(join(kind, false, null),
            snapshotOf(disk), heap.context().watermark(), 0)) {
          for (int b = 5; b < batches.size(); b++) {
            batches.get(b).accept(heap);
            batches.get(b).accept(restored);
            assertEquals(sorted(heap.endBatch()), sorted(restored.endBatch()), kind + ", batch " + b);
          }
          assertEquals(sorted(heap.watermark(Long.MAX_VALUE).endBatch()), sorted(restored.watermark(Long.MAX_VALUE).endBatch()), kind + ": the end of input");
        }
      }
    }
  }

  private static byte[] snapshotOf(IntervalJoinOperator operator) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      operator.snapshot(new java.io.DataOutputStream(bytes));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * An interval join whose kept rows take many times the cache's 64 KiB: the heap backend's state
   * grows with them, the disk backend's heap bytes stay within the cache's share after every batch
   * while the store holds the rest, and both emit the same rows.
   */
  @Test
  void rowsBeyondTheBudgetLiveOnDiskWithTheHeapBytesBounded() {
    long cache = 64 << 10;
    for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.LEFT)) {
      SortedMapBackend backend = new SortedMapBackend(temp, cache);
      Random random = new Random(5);
      long heapPeak = 0;
      long diskPeak = 0;
      long rowsPeak = 0;
      long pairs = 0;
      try (OperatorHarness<IntervalJoinOperator> heap = OperatorHarness.open(join(kind, false, null));
          OperatorHarness<IntervalJoinOperator> disk = OperatorHarness.open(join(kind, false, backend))) {
        for (int b = 0; b < 60; b++) {
          long base = b * 20L;
          List<List<Object>> lefts = new ArrayList<>();
          List<List<Object>> rights = new ArrayList<>();
          for (int r = 0; r < 400; r++) {
            lefts.add(row((long) random.nextInt(10_000), base + random.nextInt(20), "left row " + r));
            rights.add(row((long) random.nextInt(10_000), base + random.nextInt(20)));
          }
          long watermark = Math.max(0, base - 600); // about 30 batches of rows kept
          for (OperatorHarness<IntervalJoinOperator> h : List.of(heap, disk)) {
            h.watermark(watermark).input(0, LEFT, lefts).input(1, RIGHT, rights);
          }
          List<String> expected = sorted(heap.endBatch());
          assertEquals(expected, sorted(disk.endBatch()), kind + ": batch " + b);
          pairs += expected.size();
          assertEquals(heap.operator().stateRows(), disk.operator().stateRows());
          heapPeak = Math.max(heapPeak, heap.operator().stateBytes());
          diskPeak = Math.max(diskPeak, disk.operator().stateBytes());
          rowsPeak = Math.max(rowsPeak, disk.operator().stateRows());
          assertTrue(disk.operator().stateBytes() <= cache,
              kind + ": " + disk.operator().stateBytes() + " heap bytes after batch " + b + ", a cache of " + cache);
        }
        assertEquals(sorted(heap.watermark(Long.MAX_VALUE).endBatch()), sorted(disk.watermark(Long.MAX_VALUE).endBatch()), kind + ": the end of input");
      }
      assertTrue(rowsPeak > 20_000, rowsPeak + " rows kept");
      assertTrue(heapPeak > 10 * cache, kind + ": the heap backend held " + heapPeak + " bytes");
      assertTrue(pairs > 1_000, pairs + " rows out");
      assertFalse(diskPeak > cache, kind + ": the disk backend held " + diskPeak + " bytes");
    }
  }
}
