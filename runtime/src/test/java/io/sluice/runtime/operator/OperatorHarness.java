package io.sluice.runtime.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.TestRows;
import io.sluice.runtime.state.StatefulOperator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one operator alone, without planner, code generation or batch loop, the way the loop runs
 * it: rows in on its ports, the watermark and the batch time moved between batches, a batch
 * ended, a snapshot taken and restored into a fresh operator that goes on from there. Each batch's
 * output comes back as sorted changelog lines ({@code "+I [k, 1]"}, {@code "-U [k, 1]"}).
 *
 * <p>{@link #checkRestoreAfterEveryBatch} is the test every stateful operator gets: after each
 * batch of a script, a fresh operator restored from a snapshot must give exactly the output the
 * original gives for every later batch.
 *
 * @param <T> the operator's class, so that a test can read its state and metrics
 */
public final class OperatorHarness<T extends Operator> implements AutoCloseable {
  private final Supplier<T> factory;
  private final ManualBatchContext context;
  private final TestRows.Changes output = new TestRows.Changes();
  private final T operator;
  private boolean inBatch;

  private OperatorHarness(Supplier<T> factory) {
    this.factory = factory;
    this.context = new ManualBatchContext();
    this.operator = factory.get();
  }

  /** A harness around a new operator from {@code factory}, opened. */
  public static <T extends Operator> OperatorHarness<T> open(Supplier<T> factory) {
    OperatorHarness<T> harness = new OperatorHarness<>(factory);
    harness.operator.open(harness.context, harness.output);
    return harness;
  }

  /** Moves the watermark; only between batches, and never back. */
  public OperatorHarness<T> watermark(long watermark) {
    requireBetweenBatches("the watermark");
    context.watermark(watermark);
    return this;
  }

  /** Sets the next batch's processing time; only between batches. */
  public OperatorHarness<T> batchTime(long millis) {
    requireBetweenBatches("the batch time");
    context.batchTime(millis);
    return this;
  }

  /** Whether the operator reads {@code port} in the current batch (started if none is running), as the loop asks. */
  public boolean needsInput(int port) {
    startBatchIfNone();
    return operator.needsInput(port);
  }

  /** Feeds one batch of {@code rows} (columns of {@code types}) to port 0, starting a batch if none is running. */
  public OperatorHarness<T> input(List<DataType> types, List<List<Object>> rows) {
    return input(0, types, rows);
  }

  /** Feeds one batch of {@code rows} (columns of {@code types}) to {@code port}, starting a batch if none is running. */
  public OperatorHarness<T> input(int port, List<DataType> types, List<List<Object>> rows) {
    return input(port, TestRows.dense(types, rows));
  }

  /** Feeds {@code batch} to {@code port}, starting a batch if none is running. */
  public OperatorHarness<T> input(int port, Batch batch) {
    startBatchIfNone();
    operator.input(port, batch);
    return this;
  }

  /** Ends the current batch (one with no input if none was fed) and returns what the operator emitted in it. */
  public List<String> endBatch() {
    startBatchIfNone();
    operator.endBatch();
    inBatch = false;
    return output.take();
  }

  /** Tells the operator its input has ended and returns what it emitted then. */
  public List<String> finish() {
    requireBetweenBatches("the end of input");
    operator.finish();
    return output.take();
  }

  /** The operator's state as a checkpoint saves it. */
  public byte[] snapshot() {
    requireBetweenBatches("a snapshot");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      stateful(operator).snapshot(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A new harness around a fresh operator from the same factory, restored from this one's snapshot
   * and at this one's watermark and batch time, as after a restart from a checkpoint. Fails when
   * the operator does not read every byte of its snapshot.
   */
  public OperatorHarness<T> restoreFresh() {
    return restore(factory, snapshot(), context.watermark(), context.batchTime());
  }

  /**
   * A harness around a new operator from {@code factory}, restored from {@code snapshot} and then
   * opened, in the order a restart from a checkpoint takes.
   */
  public static <T extends Operator> OperatorHarness<T> restore(Supplier<T> factory, byte[] snapshot, long watermark,
      long batchTime) {
    OperatorHarness<T> restored = new OperatorHarness<>(factory);
    restored.context.watermark(watermark);
    restored.context.batchTime(batchTime);
    ByteArrayInputStream in = new ByteArrayInputStream(snapshot);
    try {
      stateful(restored.operator).restore(new DataInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(0, in.available(), "bytes of the snapshot the restored operator did not read");
    restored.operator.open(restored.context, restored.output);
    return restored;
  }

  /**
   * A harness around a new operator from {@code factory}, restored from {@code chain}'s snapshot
   * (its first element) and the deltas after it, then opened: a restart from a changelog checkpoint.
   */
  public static <T extends Operator> OperatorHarness<T> restoreChain(Supplier<T> factory, List<byte[]> chain,
      long watermark, long batchTime) {
    OperatorHarness<T> restored = new OperatorHarness<>(factory);
    restored.context.watermark(watermark);
    restored.context.batchTime(batchTime);
    read(in -> stateful(restored.operator).restore(in), chain.get(0));
    for (byte[] delta : chain.subList(1, chain.size())) {
      read(in -> stateful(restored.operator).applyDelta(in), delta);
    }
    restored.operator.open(restored.context, restored.output);
    return restored;
  }

  /**
   * Checks what a join tells the memory budget before its kept rows grow: once an operator from
   * {@code factory} keeps {@code firstRow} (two BIGINTs, on its first input), its estimate for
   * 100,000 more such rows is more than their 16 bytes each, and more than for 1,000.
   */
  public static <T extends Operator & StatefulOperator> void checkGrowthOfKeptRows(Supplier<T> factory,
      List<Object> firstRow) {
    try (OperatorHarness<T> h = open(factory)) {
      h.input(0, List.of(DataType.of(TypeKind.BIGINT), DataType.of(TypeKind.BIGINT)), List.of(firstRow));
      h.endBatch();
      long growth = h.operator().growthBytes(100_000);
      assertTrue(growth > 100_000 * 16L, growth + " bytes for 100,000 rows of two BIGINTs");
      assertTrue(growth > h.operator().growthBytes(1_000), "more rows, more growth");
    }
  }

  /**
   * Runs {@code batches} (each feeds one batch's input and may first move the watermark or the
   * batch time; the harness ends the batch) on an operator from {@code factory}; then, for every
   * batch, runs the script up to it again, restores a fresh operator from a snapshot there, and
   * checks that for every later batch the restored one gives exactly the original's output and
   * keeps as many state rows. Returns the original's output, batch by batch.
   */
  public static <T extends Operator & StatefulOperator> List<List<String>> checkRestoreAfterEveryBatch(
      Supplier<T> factory, List<Consumer<OperatorHarness<T>>> batches) {
    List<List<String>> expected = new ArrayList<>();
    List<Long> stateRows = new ArrayList<>();
    try (OperatorHarness<T> original = open(factory)) {
      for (Consumer<OperatorHarness<T>> batch : batches) {
        batch.accept(original);
        expected.add(original.endBatch());
        stateRows.add(original.operator.stateRows());
      }
    }
    for (int cut = 0; cut < batches.size(); cut++) {
      try (OperatorHarness<T> before = open(factory)) {
        for (int i = 0; i <= cut; i++) {
          batches.get(i).accept(before);
          before.endBatch();
        }
        try (OperatorHarness<T> restored = before.restoreFresh()) {
          for (int i = cut + 1; i < batches.size(); i++) {
            batches.get(i).accept(restored);
            String where = "batch " + i + " of an operator restored from the snapshot taken after batch " + cut;
            assertEquals(expected.get(i), restored.endBatch(), where);
            assertEquals(stateRows.get(i), restored.operator.stateRows(), "state rows after " + where);
          }
        }
      }
    }
    return expected;
  }

  /**
   * Runs {@code batches} as {@link #checkRestoreAfterEveryBatch} does, saving the state after each
   * batch as a checkpoint with changelog deltas does: a delta when the operator has one ready,
   * else a full snapshot. Then, for every batch, restores a fresh operator from the last snapshot
   * and the deltas after it, and checks that its full snapshot is byte for byte the original's
   * at that batch and that it goes on with exactly the original's output. Returns how many batches
   * were saved as deltas.
   */
  public static <T extends Operator & StatefulOperator> int checkDeltasAfterEveryBatch(Supplier<T> factory,
      List<Consumer<OperatorHarness<T>>> batches) {
    List<List<String>> expected = new ArrayList<>();
    List<byte[]> full = new ArrayList<>();
    /** Per batch: the index of the batch whose snapshot starts its chain, and the deltas saved. */
    List<Integer> chainStart = new ArrayList<>();
    List<byte[]> saved = new ArrayList<>();
    List<long[]> times = new ArrayList<>();
    int deltas = 0;
    try (OperatorHarness<T> original = open(factory)) {
      original.operator.markDeltaBase();
      int start = -1;
      for (Consumer<OperatorHarness<T>> batch : batches) {
        batch.accept(original);
        expected.add(original.endBatch());
        if (start >= 0 && original.operator.deltaReady()) {
          saved.add(write(out -> original.operator.snapshotDelta(out)));
          deltas++;
        } else {
          start = saved.size();
          saved.add(original.snapshot());
        }
        chainStart.add(start);
        times.add(new long[] {original.context.watermark(), original.context.batchTime()});
        original.operator.markDeltaBase();
        full.add(original.snapshot());
      }
    }
    for (int cut = 0; cut < batches.size(); cut++) {
      T fresh = factory.get();
      read(in -> fresh.restore(in), saved.get(chainStart.get(cut)));
      for (int d = chainStart.get(cut) + 1; d <= cut; d++) {
        read(in -> fresh.applyDelta(in), saved.get(d));
      }
      OperatorHarness<T> restored = new OperatorHarness<>(() -> fresh);
      try (restored) {
        restored.context.watermark(times.get(cut)[0]);
        restored.context.batchTime(times.get(cut)[1]);
        restored.operator.open(restored.context, restored.output);
        String where = "the state after batch " + cut + " restored from the snapshot of batch " + chainStart.get(cut)
            + " and the deltas after it";
        assertEquals(java.util.HexFormat.of().formatHex(full.get(cut)),
            java.util.HexFormat.of().formatHex(restored.snapshot()), where);
        for (int i = cut + 1; i < batches.size(); i++) {
          batches.get(i).accept(restored);
          assertEquals(expected.get(i), restored.endBatch(), "batch " + i + " after " + where);
        }
      }
    }
    return deltas;
  }

  /**
   * Runs the first half of {@code batches} on an operator from each factory (the heap backend's and
   * the disk backend's), restores each one's snapshot into an operator from the other factory, and
   * checks that for the rest of the batches both restored operators give exactly the first heap
   * operator's output and end with its snapshot: a checkpoint moves between backends either way.
   */
  public static <T extends Operator & StatefulOperator> void checkSnapshotsMoveBetween(Supplier<T> heapFactory,
      Supplier<T> diskFactory, List<Consumer<OperatorHarness<T>>> batches) {
    try (OperatorHarness<T> heap = open(heapFactory); OperatorHarness<T> disk = open(diskFactory)) {
      for (int b = 0; b < batches.size() / 2; b++) {
        batches.get(b).accept(heap);
        batches.get(b).accept(disk);
        heap.endBatch();
        disk.endBatch();
      }
      long watermark = heap.context.watermark();
      try (OperatorHarness<T> diskFromHeap = restore(diskFactory, heap.snapshot(), watermark, 0);
          OperatorHarness<T> heapFromDisk = restore(heapFactory, disk.snapshot(), watermark, 0)) {
        for (int b = batches.size() / 2; b < batches.size(); b++) {
          batches.get(b).accept(heap);
          batches.get(b).accept(diskFromHeap);
          batches.get(b).accept(heapFromDisk);
          List<String> expected = heap.endBatch();
          assertEquals(expected, diskFromHeap.endBatch(), "disk restored from a heap snapshot, batch " + b);
          assertEquals(expected, heapFromDisk.endBatch(), "heap restored from a disk snapshot, batch " + b);
        }
        assertArrayEquals(heap.snapshot(), diskFromHeap.snapshot());
        assertArrayEquals(heap.snapshot(), heapFromDisk.snapshot());
      }
    }
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader {
    void read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void read(Reader reader, byte[] bytes) {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    try {
      reader.read(new DataInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(0, in.available(), "bytes the operator did not read");
  }

  public T operator() {
    return operator;
  }

  public ManualBatchContext context() {
    return context;
  }

  @Override
  public void close() {
    operator.close();
  }

  private void startBatchIfNone() {
    if (!inBatch) {
      context.startBatch();
      operator.startBatch();
      inBatch = true;
    }
  }

  private void requireBetweenBatches(String what) {
    if (inBatch) {
      throw new IllegalStateException(what + " changes only between batches: end the batch first");
    }
  }

  private static StatefulOperator stateful(Operator operator) {
    if (!(operator instanceof StatefulOperator)) {
      throw new IllegalArgumentException(operator.name() + " keeps no state to snapshot");
    }
    return (StatefulOperator) operator;
  }
}
