package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.stream.StreamTestSession;
import io.sluice.engine.stream.StreamingQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changelog checkpoints on the local disk: between full snapshots a batch writes only what it
 * changed, a restart restores the last snapshot and the deltas after it, a growing state keeps
 * writing deltas until the snapshot interval while deltas that outweigh the state force a
 * snapshot sooner, a damaged delta is refused by name, and the cleaner keeps exactly the files
 * the retained batches need.
 */
class ChangelogCheckpointTest {
  private static final String COUNTS = "INSERT INTO counts SELECT k, COUNT(*) AS n, SUM(v) AS total FROM events"
      + " GROUP BY k";
  private static final String WINDOWS = "INSERT INTO windows SELECT k, SUM(v) AS total, window_start"
      + " FROM TABLE(TUMBLE(TABLE ticks, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end";
  private static final int KEYS = 2000;
  /** Groups with keys of {@link #WIDE} characters: a state whose deltas pass {@link StateChains#DELTA_BYTES_ALWAYS_KEPT}. */
  private static final int WIDE_KEYS = 1000;
  private static final int WIDE = 400;

  @TempDir
  Path temp;
  private StreamTestSession t;
  private Path checkpoint;

  @BeforeEach
  void setUp() {
    t = new StreamTestSession("CREATE SOURCE events (k VARCHAR, v BIGINT) WITH (connector = 'memory');"
        + " CREATE SINK counts WITH (connector = 'memory');"
        + " CREATE SOURCE ticks (k VARCHAR, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)"
        + " WITH (connector = 'memory'); CREATE SINK windows WITH (connector = 'memory');"
        + " SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "';"
        + " SET 'pipeline.checkpoint.snapshot-interval' = '4';"
        // these tests follow when snapshots are due: written in the batch, not in the background
        + " SET 'pipeline.checkpoint.background-snapshots' = 'off';"
        + " SET 'pipeline.checkpoint-retain' = '2';");
    checkpoint = temp.resolve("ckpt").resolve("counts");
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  /** Batch 0 adds {@link #KEYS} keys (a state deltas are small beside); each later batch touches key b and a new one. */
  private void runBatches(StreamingQuery q, int from, int to) {
    for (int b = from; b < to; b++) {
      if (b == 0) {
        StringJoiner values = new StringJoiner(", ");
        for (int k = 0; k < KEYS; k++) {
          values.add("('k" + k + "', 1)");
        }
        t.session.execute("INSERT INTO events VALUES " + values);
      } else {
        t.session.execute("INSERT INTO events VALUES ('k" + b + "', " + (b * 10) + "), ('new" + b + "', " + b + ")");
      }
      assertTrue(q.step(), "batch " + b + " runs");
    }
  }

  private TreeSet<String> stateFiles() throws IOException {
    TreeSet<String> files = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(checkpoint.resolve("state"))) {
      walk.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("chunks"))
          .forEach(p -> files.add(p.getFileName().toString().replaceAll("-[0-9a-f]+(\\.delta)?$", "$1")));
    }
    return files;
  }

  private CommitRecord.StateFile lastState() {
    return lastState(checkpoint);
  }

  private static CommitRecord.StateFile lastState(Path folder) {
    Checkpoint c = Checkpoint.inspect(QueryCheckpoints.fileSystem(folder.toString()));
    return c.readCommit(c.committedBatches().last()).stateFiles().get(0);
  }

  @Test
  void aBatchBetweenSnapshotsWritesOnlyItsChangesAndARestartAppliesThem() throws IOException {
    StreamingQuery q = t.start(COUNTS);
    runBatches(q, 0, 4);
    q.stop();
    CommitRecord.StateFile state = lastState();
    assertEquals(3, state.deltas().size(), "batches 1 to 3 are deltas on the snapshot of batch 0: " + state);
    assertTrue(state.path().matches(".*/0-[0-9a-f]+"), state.path());
    for (String delta : state.deltas()) {
      long size = Files.size(checkpoint.resolve(delta));
      assertTrue(size < state.bytes() / 10, delta + " (" + size + " bytes) is a small part of the snapshot ("
          + state.bytes() + " bytes)");
    }
    StreamingQuery again = t.start(COUNTS);
    assertEquals(4, again.batches(), "goes on after batch 3");
    runBatches(again, 4, 6);
    again.stop();
    assertEquals(List.of("k1 | 2 | 11", "k3 | 2 | 31", "k5 | 2 | 51", "new3 | 1 | 3", "new5 | 1 | 5"),
        t.rows("SELECT * FROM counts WHERE k IN ('k1', 'k3', 'k5', 'new3', 'new5') ORDER BY k"));
    assertEquals(KEYS + 5, t.rows("SELECT * FROM counts").size());
    CommitRecord.StateFile after = lastState();
    assertTrue(after.path().matches(".*/4-[0-9a-f]+"), "batch 4 took the next snapshot: " + after);
    assertEquals(1, after.deltas().size(), after.toString());
  }

  /** Inserts keys {@code wide<from> .. wide<to - 1>}, each {@link #WIDE} characters long, with value {@code v}. */
  private void wideKeys(int from, int to, int v) {
    StringJoiner values = new StringJoiner(", ", "INSERT INTO events VALUES ", "");
    for (int k = from; k < to; k++) {
      values.add("('" + wideKey(k) + "', " + v + ")");
    }
    t.session.execute(values.toString());
  }

  private static String wideKey(int k) {
    String name = "wide" + k;
    return "x".repeat(WIDE - name.length()) + name;
  }

  private static long deltaBytes(Path folder, CommitRecord.StateFile state) throws IOException {
    long bytes = 0;
    for (String delta : state.deltas()) {
      bytes += Files.size(folder.resolve(delta));
    }
    return bytes;
  }

  @Test
  void aGrowingStateWritesDeltasUntilTheSnapshotInterval() throws IOException {
    StreamingQuery q = t.start(COUNTS);
    for (int b = 0; b < 4; b++) { // each batch adds as many groups as the state had after batch 0
      wideKeys(b * WIDE_KEYS, (b + 1) * WIDE_KEYS, b);
      assertTrue(q.step(), "batch " + b + " runs");
    }
    q.stop();
    CommitRecord.StateFile state = lastState();
    assertTrue(state.path().matches(".*/0-[0-9a-f]+"), "no snapshot after batch 0: " + state);
    assertEquals(3, state.deltas().size(), state.toString());
    long deltas = deltaBytes(checkpoint, state);
    // each delta is about the size of the first snapshot: measured against that snapshot rather
    // than the state as it grew, they would have forced a new one at batch 2
    assertTrue(deltas > 2 * state.bytes() && deltas > 3 * StateChains.DELTA_BYTES_ALWAYS_KEPT,
        "deltas of " + deltas + " bytes on a snapshot of " + state.bytes());
    StreamingQuery again = t.start(COUNTS);
    assertEquals(4, again.batches());
    again.stop();
    assertEquals(4 * WIDE_KEYS, t.rows("SELECT * FROM counts").size());
    assertEquals(List.of(wideKey(3 * WIDE_KEYS) + " | 1 | 3"),
        t.rows("SELECT * FROM counts WHERE k = '" + wideKey(3 * WIDE_KEYS) + "'"));
  }

  @Test
  void deltasLargerThanTheStateForceASnapshotBeforeTheInterval() throws IOException {
    // each batch opens a window of wide keys and the watermark closes an older one: the state stays
    // two windows large while every delta adds a window's worth
    StreamingQuery q = t.start(WINDOWS);
    Path folder = temp.resolve("ckpt").resolve("windows");
    List<String> snapshots = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      window(b);
      assertTrue(q.step(), "batch " + b + " runs");
      CommitRecord.StateFile state = lastState(folder);
      snapshots.add(state.path().replaceAll(".*/([0-9]+)-[0-9a-f]+$", "$1"));
    }
    q.stop();
    assertEquals(List.of("0", "0", "0", "3"), snapshots, "batches 1 and 2 are deltas (a window each, the state"
        + " two); with both, the deltas outweigh the state, and batch 3 takes a snapshot before the interval's batch 4");
    StreamingQuery again = t.start(WINDOWS);
    window(4);
    assertTrue(again.step());
    again.stop();
    assertEquals(3 * WIDE_KEYS, t.rows("SELECT * FROM windows").size(), "windows 0 to 2 closed, each once");
  }

  /** Window {@code w}'s rows (w below 10), a minute of event time after window {@code w - 1}'s: one per wide key. */
  private void window(int w) {
    StringJoiner values = new StringJoiner(", ", "INSERT INTO ticks VALUES ", "");
    for (int k = 0; k < WIDE_KEYS; k++) {
      values.add("('" + wideKey(k) + "', " + w + ", TIMESTAMP '2024-01-01 10:0" + w + ":01')");
    }
    t.session.execute(values.toString());
  }

  /**
   * Window {@code w}'s rows, one per wide key, a minute of event time after window {@code w - 1}'s,
   * and a tick 30 s into the minute: the watermark it brings closes window {@code w} in the next
   * batch, so the state holds about one window and each batch's delta about a window too.
   */
  private void turningWindow(int w) {
    StringJoiner values = new StringJoiner(", ", "INSERT INTO ticks VALUES ", "");
    for (int k = 0; k < WIDE_KEYS; k++) {
      values.add("('" + wideKey(k) + "', " + w + ", TIMESTAMP '2024-01-01 10:" + String.format("%02d", w) + ":01')");
    }
    values.add("('tick', 0, TIMESTAMP '2024-01-01 10:" + String.format("%02d", w) + ":30')");
    t.session.execute(values.toString());
  }

  @Test
  void aStateThatTurnsOverWritesWholeSnapshotsInsteadOfDeltasAndMeasuresAgainLater() throws IOException {
    StreamingQuery q = t.start(WINDOWS);
    Path folder = temp.resolve("ckpt").resolve("windows");
    CheckpointFileSystem fs = QueryCheckpoints.fileSystem(folder.toString());
    List<String> written = new ArrayList<>();
    int batches = StateChains.TURNOVER_BATCHES + 3;
    for (int b = 0; b < batches; b++) {
      turningWindow(b);
      assertTrue(q.step(), "batch " + b + " runs");
      CommitRecord.StateFile state = lastState(folder);
      String last = state.deltas().isEmpty() ? state.path() : state.deltas().get(state.deltas().size() - 1);
      written.add(last.replaceAll(".*/([0-9]+)-[0-9a-f]+(\\.delta)?$", "$1$2"));
      if (state.deltas().isEmpty()) {
        assertEquals(StateStore.WHOLE_VERSION, CheckpointFiles.read(fs, state.path(), StateStore.KIND,
            StateStore.VERSION).version(), "batch " + b + "'s snapshot is written whole, not in chunks");
      }
    }
    q.stop();
    List<String> expected = new ArrayList<>(List.of("0", "1.delta"));
    for (int b = 2; b < batches - 1; b++) {
      expected.add(Integer.toString(b));
    }
    expected.add((batches - 1) + ".delta");
    assertEquals(expected, written, "batch 1's delta rewrote about the whole state: the next batches write"
        + " snapshots, until a delta measures again");
    StreamingQuery again = t.start(WINDOWS);
    turningWindow(batches);
    assertTrue(again.step());
    again.stop();
    // windows 0 to batches - 1 closed, each once: the last one from the state restored
    assertEquals(batches, t.rows("SELECT * FROM windows WHERE k = '" + wideKey(7) + "'").size());
  }

  @Test
  void aDamagedDeltaIsRefusedWithItsName() throws IOException {
    StreamingQuery q = t.start(COUNTS);
    runBatches(q, 0, 3);
    q.stop();
    Path delta = checkpoint.resolve(lastState().deltas().get(1));
    byte[] bytes = Files.readAllBytes(delta);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(delta, bytes);
    SluiceException e = assertThrows(SluiceException.class, () -> t.start(COUNTS));
    assertEquals(ErrorCode.CHECKPOINT_ERROR, e.code());
    assertTrue(e.getMessage().contains(delta.toString()) && e.getMessage().contains("checksum"), e.getMessage());
    Files.delete(delta);
    e = assertThrows(SluiceException.class, () -> t.start(COUNTS));
    assertTrue(e.getMessage().contains(delta.toString()) && e.getMessage().contains("is missing"), e.getMessage());
  }

  @Test
  void theCleanerKeepsTheSnapshotAndDeltasOfTheRetainedBatches() throws IOException {
    StreamingQuery q = t.start(COUNTS);
    runBatches(q, 0, 4);
    q.stop(); // waits for the cleaner
    // batches 2 and 3 are retained; their state is the snapshot of batch 0 and the deltas of 1 to 3
    assertEquals(new TreeSet<>(List.of("0", "1.delta", "2.delta", "3.delta")), stateFiles());
    StreamingQuery again = t.start(COUNTS);
    runBatches(again, 4, 7);
    again.stop();
    // batches 5 and 6 are retained: the snapshot of batch 4 and the deltas of 5 and 6; older files go
    assertEquals(new TreeSet<>(List.of("4", "5.delta", "6.delta")), stateFiles());
    StreamingQuery third = t.start(COUNTS);
    assertEquals(7, third.batches());
    assertFalse(third.step(), "nothing new to read");
    third.stop();
    assertEquals(List.of("k6 | 2 | 61"), t.rows("SELECT * FROM counts WHERE k = 'k6'"));
  }
}
