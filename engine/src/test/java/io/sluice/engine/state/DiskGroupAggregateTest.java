package io.sluice.engine.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.RowKind;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.runtime.kernel.AggregateKind;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.DiskGroups;
import io.sluice.runtime.operator.GroupAggregateOperator;
import io.sluice.runtime.state.backend.DiskStateBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GROUP BY in update mode on the disk state backend (RocksDB) with a cache so small that every
 * batch writes its groups out and reads them back, run alone beside the same operator on the heap:
 * the same result after every batch, the same snapshot bytes, and a state that moves between the
 * backends through a snapshot.
 */
class DiskGroupAggregateTest {
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  private static final DataType VARCHAR = DataType.of(TypeKind.VARCHAR);
  /** Input (k VARCHAR, g BIGINT, v BIGINT, s VARCHAR); SELECT k, g, COUNT(*), SUM(v), MIN(v), MAX(s) GROUP BY k, g. */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT, BIGINT, VARCHAR);
  private static final List<AggregateSpec> AGGREGATES = List.of(
      new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT), AggregateSpec.of(AggregateKind.SUM, 2, BIGINT),
      AggregateSpec.of(AggregateKind.MIN, 2, BIGINT), AggregateSpec.of(AggregateKind.MAX, 3, VARCHAR));
  private static final int BATCHES = 12;

  @TempDir
  Path temp;

  @Test
  void aTinyCacheGivesTheHeapResultsAfterEveryBatchAndTheSameSnapshots() throws IOException {
    try (RocksDbStateBackend backend = new RocksDbStateBackend(temp, 4)) {
      Run heap = new Run(null);
      Run disk = new Run(backend);
      assertTrue(disk.operator.onDisk());
      assertFalse(heap.operator.onDisk());
      Random random = new Random(7);
      for (int b = 0; b < BATCHES; b++) {
        List<Batch> chunks = batch(random, 300);
        heap.run(chunks);
        disk.run(chunks);
        assertEquals(heap.result, disk.result, "the result after batch " + b);
        assertEquals(heap.operator.stateRows(), disk.operator.stateRows(), "groups after batch " + b);
        if (b % 4 == 3) {
          assertArrayEquals(heap.snapshot(), disk.snapshot(), "the snapshot after batch " + b);
        }
      }
      String choice = disk.operator.lastChoice();
      assertTrue(choice.contains("write-outs") && !choice.contains(" 0 write-outs")
          && !choice.contains(" 0 groups read back"), choice);
      assertTrue(Files.list(backend.folder()).findAny().isPresent(), "a store under the state folder");
      Path folder = backend.folder();
      backend.close();
      assertFalse(Files.exists(folder), "the state folder is deleted when the query ends");
    }
  }

  @Test
  void aFullSnapshotIsStreamedFromTheStoreAChunkAtATime() throws IOException {
    try (RocksDbStateBackend backend = new RocksDbStateBackend(temp, 4)) {
      Run heap = new Run(null);
      Run disk = new Run(backend);
      Random random = new Random(13);
      for (int b = 0; b < 4; b++) {
        List<Batch> chunks = batch(random, 8_000, 30_000);
        heap.run(chunks);
        disk.run(chunks);
        byte[] expected = heap.snapshot();
        assertArrayEquals(expected, disk.snapshot(), "the snapshot after batch " + b);
        DiskGroups groups = disk.operator.diskGroups();
        assertTrue(groups.groupCount() > DiskGroups.SNAPSHOT_CHUNK, groups.groupCount() + " groups: more than one chunk");
        assertTrue(groups.snapshotPeakGroups() <= DiskGroups.SNAPSHOT_CHUNK,
            "at most one chunk of groups on the heap while the snapshot is written: " + groups.snapshotPeakGroups());
        assertEquals(0, groups.cachedGroups(), "the snapshot leaves the groups on disk");
      }
      assertTrue(disk.operator.lastChoice().contains("4 snapshots streamed from disk"), disk.operator.lastChoice());
      // the state goes on from the snapshot's point as the heap's does
      List<Batch> chunks = batch(random, 8_000, 30_000);
      heap.run(chunks);
      disk.run(chunks);
      assertEquals(heap.result, disk.result);
      assertArrayEquals(heap.snapshot(), disk.snapshot());
      try (java.util.stream.Stream<Path> files = Files.walk(backend.folder())) {
        assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "spooled parts are deleted");
      }
    }
  }

  @Test
  void aStateMovesBetweenTheBackendsThroughASnapshot() throws IOException {
    try (RocksDbStateBackend backend = new RocksDbStateBackend(temp, 4)) {
      Random random = new Random(11);
      List<List<Batch>> input = new ArrayList<>();
      for (int b = 0; b < BATCHES; b++) {
        input.add(batch(random, 200));
      }
      Run heap = new Run(null);
      Run disk = new Run(backend);
      for (int b = 0; b < BATCHES / 2; b++) {
        heap.run(input.get(b));
        disk.run(input.get(b));
      }
      // heap -> disk and disk -> heap, then both go on as the heap run does
      Run diskFromHeap = new Run(backend).restore(heap.snapshot(), heap.result);
      Run heapFromDisk = new Run(null).restore(disk.snapshot(), disk.result);
      for (int b = BATCHES / 2; b < BATCHES; b++) {
        heap.run(input.get(b));
        diskFromHeap.run(input.get(b));
        heapFromDisk.run(input.get(b));
        assertEquals(heap.result, diskFromHeap.result, "disk restored from a heap snapshot, batch " + b);
        assertEquals(heap.result, heapFromDisk.result, "heap restored from a disk snapshot, batch " + b);
      }
      assertArrayEquals(heap.snapshot(), diskFromHeap.snapshot());
    }
  }

  @Test
  void deltasOnDiskAreTheHeapDeltas() throws IOException {
    // without MAX(VARCHAR), whose values are not in per-group slots: the heap writes deltas of this one
    List<AggregateSpec> slotsOnly = AGGREGATES.subList(0, 3);
    try (RocksDbStateBackend backend = new RocksDbStateBackend(temp, 4)) {
      Run heap = new Run(null, slotsOnly);
      Run disk = new Run(backend, slotsOnly);
      heap.operator.markDeltaBase();
      disk.operator.markDeltaBase();
      Random random = new Random(5);
      int deltas = 0;
      for (int b = 0; b < BATCHES; b++) {
        List<Batch> chunks = batch(random, 300);
        heap.run(chunks);
        disk.run(chunks);
        assertEquals(heap.result, disk.result, "the result after batch " + b);
        assertTrue(heap.operator.deltaReady() && disk.operator.deltaReady(), "a delta after batch " + b);
        assertArrayEquals(heap.delta(), disk.delta(), "the delta of batch " + b);
        deltas++;
        heap.operator.markDeltaBase();
        disk.operator.markDeltaBase();
        if (b == BATCHES / 2) {
          assertArrayEquals(heap.snapshot(), disk.snapshot(), "the snapshot after batch " + b);
        }
      }
      assertEquals(BATCHES, deltas);
      assertTrue(!disk.operator.lastChoice().contains(" 0 write-outs"), disk.operator.lastChoice());
    }
  }

  @Test
  void keysAboveEveryKeyWrittenAreNotLookedUpAndKeysWithinAreReadBack() throws IOException {
    try (RocksDbStateBackend backend = new RocksDbStateBackend(temp, 4)) {
      Run heap = new Run(null);
      Run disk = new Run(backend);
      Random random = new Random(3);
      for (int b = 0; b < BATCHES; b++) {
        List<Batch> chunks = risingKeys(random, b);
        heap.run(chunks);
        disk.run(chunks);
        assertEquals(heap.result, disk.result, "the result after batch " + b);
      }
      String choice = disk.operator.lastChoice();
      java.util.regex.Matcher read = java.util.regex.Pattern.compile("(\\d+) groups read back, (\\d+) reads skipped")
          .matcher(choice);
      assertTrue(read.find(), choice);
      assertTrue(Long.parseLong(read.group(1)) > 0, "keys seen before are read back: " + choice);
      // each chunk's new keys lie above every key written by the chunks before it (the cache holds one chunk)
      assertTrue(Long.parseLong(read.group(2)) >= (BATCHES - 1) * 100L, "new keys are not looked up: " + choice);
    }
  }

  /**
   * Batch {@code b}: keys ("a", 100 b + i) for i below 100, each new and above every key before it,
   * then 30 rows of keys seen in earlier batches, in chunks of up to 64 rows.
   */
  private static List<Batch> risingKeys(Random random, int b) {
    List<Batch> chunks = new ArrayList<>();
    int rows = b == 0 ? 100 : 130;
    for (int from = 0; from < rows; from += 64) {
      int n = Math.min(64, rows - from);
      Batch chunk = Batch.allocate(INPUT, n);
      for (int i = 0; i < n; i++) {
        int row = from + i;
        ((BytesVector) chunk.columns[0]).setString(i, "a");
        ((LongVector) chunk.columns[1]).values[i] = row < 100 ? 100L * b + row : random.nextInt(100 * b);
        ((LongVector) chunk.columns[2]).values[i] = random.nextInt(10_000) - 5_000;
        ((BytesVector) chunk.columns[3]).setString(i, "s" + random.nextInt(500));
      }
      chunk.size = n;
      chunks.add(chunk);
    }
    return chunks;
  }

  /** One batch of {@code rows} rows over about a thousand keys (some NULL), in chunks of up to 64 rows. */
  private static List<Batch> batch(Random random, int rows) {
    return batch(random, rows, 1000);
  }

  /** One batch of {@code rows} rows over about {@code keys} keys (some NULL), in chunks of up to 64 rows. */
  private static List<Batch> batch(Random random, int rows, int keys) {
    List<Batch> chunks = new ArrayList<>();
    for (int from = 0; from < rows; from += 64) {
      int n = Math.min(64, rows - from);
      Batch chunk = Batch.allocate(INPUT, n);
      for (int i = 0; i < n; i++) {
        int key = random.nextInt(keys);
        if (key % 97 == 0) {
          chunk.columns[0].setNull(i);
        } else {
          ((BytesVector) chunk.columns[0]).setString(i, "k" + key % 50);
        }
        ((LongVector) chunk.columns[1]).values[i] = key / 50;
        ((LongVector) chunk.columns[2]).values[i] = random.nextInt(10_000) - 5_000;
        ((BytesVector) chunk.columns[3]).setString(i, "s" + random.nextInt(500));
      }
      chunk.size = n;
      chunks.add(chunk);
    }
    return chunks;
  }

  /** One operator, fed batch by batch, with its changelog applied to a table of the rows it holds. */
  private static final class Run {
    final GroupAggregateOperator operator;
    final BatchRanges context = new BatchRanges();
    Map<String, String> result = new TreeMap<>();

    Run(DiskStateBackend backend) {
      this(backend, AGGREGATES);
    }

    Run(DiskStateBackend backend, List<AggregateSpec> aggregates) {
      operator = new GroupAggregateOperator("GroupAggregate", INPUT, new int[] {0, 1}, aggregates, OutputMode.UPDATE,
          0, false, -1, backend);
      operator.open(context, this::apply);
    }

    void run(List<Batch> chunks) {
      for (Batch chunk : chunks) {
        operator.input(0, chunk);
      }
      operator.endBatch();
    }

    private void apply(Batch out) {
      for (int k = 0; k < out.rowCount(); k++) {
        int r = out.row(k);
        String key = text(out, 0, r) + "|" + text(out, 1, r);
        StringBuilder row = new StringBuilder();
        for (int c = 2; c < out.columns.length; c++) {
          row.append(text(out, c, r)).append(' ');
        }
        byte kind = out.kinds == null ? RowKind.INSERT : out.kinds[r];
        if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
          result.put(key, row.toString());
        } else {
          assertEquals(row.toString(), result.remove(key), "a retraction of the row last emitted for " + key);
        }
      }
    }

    private static String text(Batch batch, int column, int row) {
      Object value = batch.columns[column].isNull(row) ? null : batch.columns[column].getBoxed(row);
      return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
          : String.valueOf(value);
    }

    byte[] delta() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        operator.snapshotDelta(out);
      }
      return bytes.toByteArray();
    }

    byte[] snapshot() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        operator.snapshot(out);
      }
      return bytes.toByteArray();
    }

    Run restore(byte[] snapshot, Map<String, String> sinkRows) throws IOException {
      operator.restore(new DataInputStream(new ByteArrayInputStream(snapshot)));
      result = new TreeMap<>(sinkRows);
      return this;
    }
  }
}
