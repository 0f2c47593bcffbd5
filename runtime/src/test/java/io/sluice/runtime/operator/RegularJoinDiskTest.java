package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.RowKind;
import io.sluice.runtime.kernel.JoinKind;
import io.sluice.runtime.kernel.RegularJoiner;
import io.sluice.runtime.kernel.TestRows;
import io.sluice.runtime.state.backend.DiskStateBackend;
import io.sluice.runtime.state.backend.SortedMapBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regular join on the disk state backend, run alone: with a cache of one byte every input
 * batch writes both inputs' rows out and reads back the keys it touches, and the output, the
 * state rows and the snapshots must be the heap backend's, for every join kind, with retractions
 * and NULL keys.
 */
class RegularJoinDiskTest {
  /** Left (k BIGINT, v VARCHAR), right (k BIGINT, w BIGINT), joined on k. */
  private static final List<DataType> LEFT = List.of(BIGINT, VARCHAR);
  private static final List<DataType> RIGHT = List.of(BIGINT, BIGINT);
  private static final List<JoinKind> KINDS =
      List.of(JoinKind.INNER, JoinKind.LEFT, JoinKind.RIGHT, JoinKind.FULL, JoinKind.SEMI, JoinKind.ANTI);

  @TempDir
  Path temp;

  private static Supplier<RegularJoinOperator> join(JoinKind kind, DiskStateBackend backend) {
    return () -> new RegularJoinOperator("Join", new RegularJoiner(kind, LEFT, RIGHT, new int[] {0}, new int[] {0},
        null), 0, backend);
  }

  /**
   * Batches feeding both inputs random rows over {@code keys} keys (some NULL), and retractions of
   * rows added in earlier batches, a few of rows never added.
   */
  private static List<Consumer<OperatorHarness<RegularJoinOperator>>> randomBatches(long seed, int batches, int keys) {
    Random random = new Random(seed);
    List<List<List<Object>>> added = List.of(new ArrayList<>(), new ArrayList<>());
    List<Consumer<OperatorHarness<RegularJoinOperator>>> script = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<Consumer<OperatorHarness<RegularJoinOperator>>> inputs = new ArrayList<>();
      for (int part = 0; part < 3; part++) {
        int port = random.nextInt(2);
        List<List<Object>> rows = new ArrayList<>();
        List<Byte> kinds = new ArrayList<>();
        for (int r = 0; r < 40; r++) {
          List<List<Object>> mine = added.get(port);
          if (!mine.isEmpty() && random.nextInt(4) == 0) {
            rows.add(mine.remove(random.nextInt(mine.size())));
            kinds.add(random.nextBoolean() ? RowKind.DELETE : RowKind.UPDATE_BEFORE);
            continue;
          }
          Long k = random.nextInt(20) == 0 ? null : (long) random.nextInt(keys);
          List<Object> row = port == 0 ? row(k, "v" + random.nextInt(5)) : row(k, (long) random.nextInt(5));
          rows.add(row);
          kinds.add(random.nextInt(30) == 0 ? RowKind.DELETE : RowKind.INSERT); // a retraction of nothing kept
          if (kinds.get(kinds.size() - 1) == RowKind.INSERT) {
            mine.add(row);
          }
        }
        List<DataType> types = port == 0 ? LEFT : RIGHT;
        inputs.add(h -> h.input(port, batch(types, rows, kinds)));
      }
      script.add(h -> inputs.forEach(input -> input.accept(h)));
    }
    return script;
  }

  /** A batch of its own for each harness (an operator may keep what it is given), its rows of kinds {@code kinds}. */
  private static Batch batch(List<DataType> types, List<List<Object>> rows, List<Byte> kinds) {
    Batch batch = TestRows.dense(types, rows);
    batch.kinds = new byte[batch.size];
    for (int i = 0; i < kinds.size(); i++) {
      batch.kinds[i] = kinds.get(i);
    }
    return batch;
  }

  @Test
  void onDiskEveryJoinKindGivesTheHeapOutputStateAndSnapshotsAfterEveryBatch() {
    for (JoinKind kind : KINDS) {
      SortedMapBackend backend = new SortedMapBackend(temp, 1);
      List<Consumer<OperatorHarness<RegularJoinOperator>>> batches = randomBatches(kind.ordinal(), 12, 30);
      try (OperatorHarness<RegularJoinOperator> heap = OperatorHarness.open(join(kind, null));
          OperatorHarness<RegularJoinOperator> disk = OperatorHarness.open(join(kind, backend))) {
        assertTrue(disk.operator().onDisk());
        for (int b = 0; b < batches.size(); b++) {
          batches.get(b).accept(heap);
          batches.get(b).accept(disk);
          assertEquals(heap.endBatch(), disk.endBatch(), kind + ": the output of batch " + b);
          assertEquals(heap.operator().stateRows(), disk.operator().stateRows(), kind + ": rows after batch " + b);
          assertArrayEquals(heap.snapshot(), disk.snapshot(), kind + ": the snapshot after batch " + b);
        }
        String choice = disk.operator().lastChoice();
        assertTrue(choice.contains(" write-outs, "), choice);
        assertTrue(backend.puts() > 1_000, kind + ": " + backend.puts() + " puts into the store");
      }
    }
  }

  @Test
  void onDiskDeltasAndRestoresGiveTheSameState() {
    for (JoinKind kind : List.of(JoinKind.FULL, JoinKind.ANTI)) {
      List<Consumer<OperatorHarness<RegularJoinOperator>>> batches = randomBatches(40 + kind.ordinal(), 8, 12);
      SortedMapBackend backend = new SortedMapBackend(temp, 1);
      // every batch after the first a delta, though the rows are in the store between batches
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(join(kind, backend), batches));
      OperatorHarness.checkRestoreAfterEveryBatch(join(kind, backend), batches);
      assertTrue(backend.puts() > 500, kind + ": " + backend.puts() + " puts into the store");
      // a cache that holds the whole state writes deltas, as the heap does
      SortedMapBackend roomy = new SortedMapBackend(temp, 1L << 30);
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(join(kind, roomy), batches));
      assertEquals(0, roomy.puts());
    }
  }

  @Test
  void aCheckpointMovesBetweenTheHeapAndTheDiskBackends() {
    for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.LEFT, JoinKind.SEMI)) {
      OperatorHarness.checkSnapshotsMoveBetween(join(kind, null), join(kind, new SortedMapBackend(temp, 1)),
          randomBatches(70 + kind.ordinal(), 12, 25));
    }
  }

  @Test
  void aRestoreLargerThanTheCacheGoesIntoTheStoreAChunkAtATime() {
    SortedMapBackend backend = new SortedMapBackend(temp, 64 << 10);
    List<List<Object>> lefts = new ArrayList<>();
    List<List<Object>> rights = new ArrayList<>();
    for (long i = 0; i < 30_000; i++) {
      lefts.add(row(i % 7_000, "left row number " + i));
      rights.add(row(i % 9_000, i));
    }
    try (OperatorHarness<RegularJoinOperator> heap = OperatorHarness.open(join(JoinKind.FULL, null))) {
      heap.input(0, LEFT, lefts).input(1, RIGHT, rights).endBatch();
      byte[] snapshot = heap.snapshot();
      try (OperatorHarness<RegularJoinOperator> disk =
              OperatorHarness.restore(join(JoinKind.FULL, backend), snapshot, 0, 0)) {
        long held = disk.operator().restorePeakBytes();
        assertTrue(held > 0 && held * 8 < snapshot.length, held + " heap bytes held restoring " + snapshot.length);
        assertTrue(held < 4 * (64 << 10), held + " heap bytes held, a cache of 64 KiB");
        assertEquals(2 * 60_000, backend.entries(), "every row in the store with its place, none on the heap");
        assertEquals(heap.operator().stateRows(), disk.operator().stateRows());
        assertArrayEquals(snapshot, disk.snapshot(), "the store's rows written back in arrival order");
        List<List<Object>> more = List.of(row(5L, 1L), row(8_500L, 2L), row(-1L, 3L));
        heap.input(1, RIGHT, more);
        disk.input(1, RIGHT, more);
        assertEquals(heap.endBatch(), disk.endBatch());
        assertArrayEquals(heap.snapshot(), disk.snapshot());
      }
    }
  }

  @Test
  void aDeltaAfterARestoreIntoTheStoreAppliesToTheRowsReadBack() throws IOException {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    List<Consumer<OperatorHarness<RegularJoinOperator>>> batches = randomBatches(99, 6, 20);
    // a heap run saves a snapshot, then deltas; the disk backend restores the snapshot into its store, then applies them
    List<byte[]> deltas = new ArrayList<>();
    try (OperatorHarness<RegularJoinOperator> heap = OperatorHarness.open(join(JoinKind.LEFT, null))) {
      batches.get(0).accept(heap);
      heap.endBatch();
      byte[] snapshot = heap.snapshot();
      heap.operator().markDeltaBase();
      for (int b = 1; b < 4; b++) {
        batches.get(b).accept(heap);
        heap.endBatch();
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        heap.operator().snapshotDelta(new DataOutputStream(delta));
        deltas.add(delta.toByteArray());
        heap.operator().markDeltaBase();
      }
      RegularJoinOperator disk = join(JoinKind.LEFT, backend).get();
      disk.restore(new DataInputStream(new ByteArrayInputStream(snapshot)));
      assertTrue(backend.entries() > 0, "the snapshot went into the store");
      for (byte[] delta : deltas) {
        disk.applyDelta(new DataInputStream(new ByteArrayInputStream(delta)));
      }
      ByteArrayOutputStream state = new ByteArrayOutputStream();
      disk.snapshot(new DataOutputStream(state));
      disk.close();
      try (OperatorHarness<RegularJoinOperator> restored =
              OperatorHarness.restore(join(JoinKind.LEFT, null), state.toByteArray(), 0, 0)) {
        assertArrayEquals(heap.snapshot(), restored.snapshot());
        for (int b = 4; b < batches.size(); b++) {
          batches.get(b).accept(heap);
          batches.get(b).accept(restored);
          assertEquals(heap.endBatch(), restored.endBatch());
        }
      }
    }
  }

  /**
   * The disk backend, its rows in the store between batches, writes a snapshot then only deltas;
   * the heap backend and the disk backend both restore the chain after every batch and go on as
   * the uninterrupted run, and the snapshot of the heap's restore is the heap run's, byte for byte.
   */
  @Test
  void deltasWrittenWithRowsOnDiskRestoreOnBothBackends() throws IOException {
    for (JoinKind kind : List.of(JoinKind.FULL, JoinKind.SEMI)) {
      List<Consumer<OperatorHarness<RegularJoinOperator>>> batches = randomBatches(120 + kind.ordinal(), 10, 15);
      List<byte[]> chain = new ArrayList<>();
      List<byte[]> heapSnapshots = new ArrayList<>();
      List<List<String>> outputs = new ArrayList<>();
      SortedMapBackend backend = new SortedMapBackend(temp, 1);
      try (OperatorHarness<RegularJoinOperator> heap = OperatorHarness.open(join(kind, null));
          OperatorHarness<RegularJoinOperator> disk = OperatorHarness.open(join(kind, backend))) {
        for (int b = 0; b < batches.size(); b++) {
          batches.get(b).accept(heap);
          batches.get(b).accept(disk);
          List<String> out = heap.endBatch();
          assertEquals(out, disk.endBatch(), kind + ": batch " + b);
          outputs.add(out);
          if (b == 0) {
            chain.add(disk.snapshot());
          } else {
            assertTrue(disk.operator().deltaReady(), kind + ": a delta after batch " + b);
            ByteArrayOutputStream delta = new ByteArrayOutputStream();
            disk.operator().snapshotDelta(new DataOutputStream(delta));
            chain.add(delta.toByteArray());
          }
          disk.operator().markDeltaBase();
          heapSnapshots.add(heap.snapshot());
          assertTrue(disk.operator().stateRows() == 0 || backend.entries() > 0, kind + ": rows in the store");
        }
      }
      for (int cut = 0; cut < batches.size() - 1; cut++) {
        for (DiskStateBackend restoreInto : java.util.Arrays.asList(null, new SortedMapBackend(temp, 1))) {
          String what = kind + " restored " + (restoreInto == null ? "on the heap" : "on disk") + " after batch " + cut;
          try (OperatorHarness<RegularJoinOperator> restored =
                  OperatorHarness.restoreChain(join(kind, restoreInto), chain.subList(0, cut + 1), 0, 0)) {
            assertArrayEquals(heapSnapshots.get(cut), restored.snapshot(), what);
            for (int b = cut + 1; b < batches.size(); b++) {
              batches.get(b).accept(restored);
              assertEquals(outputs.get(b), restored.endBatch(), what + ", batch " + b);
            }
          }
        }
      }
    }
  }

  @Test
  void stringKeysWrittenOutMidBatchAreReadBackByTheOtherInput() {
    List<DataType> orders = List.of(VARCHAR, BIGINT);
    List<DataType> customers = List.of(VARCHAR, VARCHAR);
    Supplier<RegularJoinOperator> heapJoin = () -> new RegularJoinOperator("Join", new RegularJoiner(JoinKind.INNER,
        orders, customers, new int[] {0}, new int[] {0}, null), 0, null);
    Supplier<RegularJoinOperator> diskJoin = () -> new RegularJoinOperator("Join", new RegularJoiner(JoinKind.INNER,
        orders, customers, new int[] {0}, new int[] {0}, null), 0, new SortedMapBackend(temp, 64 << 10));
    List<List<Object>> first = new ArrayList<>();
    for (long i = 0; i < 3000; i++) {
      first.add(row("key-" + i, i));
    }
    List<List<Object>> matching = new ArrayList<>();
    for (long i = 0; i < 400; i++) {
      matching.add(row("key-" + i, "c" + i));
    }
    try (OperatorHarness<RegularJoinOperator> heap = OperatorHarness.open(heapJoin);
        OperatorHarness<RegularJoinOperator> disk = OperatorHarness.open(diskJoin)) {
      for (OperatorHarness<RegularJoinOperator> h : List.of(heap, disk)) {
        h.input(0, orders, first).input(0, orders, List.of(row("other", 1L))).input(1, customers, matching);
      }
      List<String> expected = heap.endBatch();
      assertEquals(400, expected.size());
      assertEquals(expected, disk.endBatch());
      assertTrue(disk.operator().lastChoice().contains(" 400 keys read back"), disk.operator().lastChoice());
    }
  }

  @Test
  void aKeyReadBackLeavesTheStoreAndTheBudgetCheckSeesNoGrowth() {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    try (OperatorHarness<RegularJoinOperator> disk = OperatorHarness.open(join(JoinKind.INNER, backend))) {
      disk.input(0, LEFT, List.of(row(1L, "a"), row(2L, "b")));
      assertEquals(List.of(), disk.endBatch());
      assertEquals(4, backend.entries(), "two rows, each with its row entry and its place in the arrival order");
      disk.input(1, RIGHT, List.of(row(1L, 10L)));
      assertEquals(List.of("+I [1, a, 1, 10]"), disk.endBatch());
      assertEquals(6, backend.entries(), "key 1 read back and written out again with its new right row");
      assertEquals(3, disk.operator().stateRows());
      assertEquals(0, disk.operator().growthBytes(100_000));
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
      first.add(row(k, "a" + k));
      fresh.add(row(100 + k, 100 + k));
      old.add(row(k, k));
    }
    try (OperatorHarness<RegularJoinOperator> heap = OperatorHarness.open(join(JoinKind.LEFT, null));
        OperatorHarness<RegularJoinOperator> disk = OperatorHarness.open(join(JoinKind.LEFT, backend))) {
      for (List<List<Object>> batch : List.of(first, fresh)) {
        heap.input(batch == first ? 0 : 1, batch == first ? LEFT : RIGHT, batch);
        disk.input(batch == first ? 0 : 1, batch == first ? LEFT : RIGHT, batch);
        assertEquals(heap.endBatch(), disk.endBatch());
      }
      assertEquals(0, backend.scans(), "keys 100-199 were never written out");
      assertTrue(backend.entries() > 0);
      heap.input(1, RIGHT, old.subList(0, 50));
      disk.input(1, RIGHT, old.subList(0, 50));
      assertEquals(heap.endBatch(), disk.endBatch());
      assertEquals(50, backend.scans(), "keys 0-49 were written out: each read once");
      assertTrue(disk.operator().lastChoice().contains(" 50 keys read back, 100 reads skipped"),
          disk.operator().lastChoice());
      assertArrayEquals(heap.snapshot(), disk.snapshot());
    }
  }

  @Test
  void aJoinWithoutAnEquiConditionOrWithATimeToLiveStaysOnTheHeap() {
    SortedMapBackend backend = new SortedMapBackend(temp, 1);
    RegularJoinOperator cross = new RegularJoinOperator("Join", new RegularJoiner(JoinKind.INNER, LEFT, RIGHT,
        new int[0], new int[0], null), 0, backend);
    assertFalse(cross.onDisk(), "all rows are one key: nothing to read back by key");
    assertFalse(join(JoinKind.INNER, null).get().onDisk());
    RegularJoinOperator expiring = new RegularJoinOperator("Join", new RegularJoiner(JoinKind.INNER, LEFT, RIGHT,
        new int[] {0}, new int[] {0}, null), 1000, backend);
    assertFalse(expiring.onDisk(), "expiry scans every row");
  }
}
