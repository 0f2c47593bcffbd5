package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.stream.StreamingQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full snapshots written in the background: the batch whose snapshot is due commits a delta on
 * the chain it has, the snapshot is written by the checkpoint's writer thread, and only a commit
 * after it is durable stands on it. A snapshot that fails half written leaves the last commit
 * whole: a restart goes on from the older snapshot and its deltas.
 */
class BackgroundSnapshotTest {
  private static final String QUERY = "INSERT INTO counts SELECT k, COUNT(*) AS n, SUM(v) AS total FROM events"
      + " GROUP BY k";
  private static final int KEYS = 2000;
  private static final int INTERVAL = 4;

  @TempDir
  Path temp;
  private final Database database = Database.inMemory();
  private final Session session = database.openSession();

  BackgroundSnapshotTest() {
    session.executeScript("CREATE SOURCE events (k VARCHAR, v BIGINT) WITH (connector = 'memory');"
        + " CREATE SINK counts WITH (connector = 'memory'); SET 'pipeline.trigger' = 'manual';");
  }

  @AfterEach
  void tearDown() {
    database.queries().stopAll();
    session.close();
  }

  private record Started(StreamingQuery query, Checkpoint checkpoint) {}

  private Started start(CheckpointFileSystem fs) {
    session.execute(QUERY);
    List<StreamingQuery> queries = database.queries().list();
    StreamingQuery query = queries.get(queries.size() - 1);
    Checkpoint checkpoint = QueryCheckpoints.attach(query, fs,
        QueryCheckpoints.planRecord(query, "plan", List.of("events")), 3, INTERVAL);
    return new Started(query, checkpoint);
  }

  /** Batch 0 adds {@link #KEYS} keys; batch b after it touches key b and adds a new one. */
  private void batch(StreamingQuery query, int b) {
    if (b == 0) {
      StringJoiner values = new StringJoiner(", ");
      for (int k = 0; k < KEYS; k++) {
        values.add("('k" + k + "', 1)");
      }
      session.execute("INSERT INTO events VALUES " + values);
    } else {
      session.execute("INSERT INTO events VALUES ('k" + b + "', " + (b * 10) + "), ('new" + b + "', " + b + ")");
    }
    assertTrue(query.step(), "batch " + b + " runs");
  }

  private List<String> counts(String... keys) {
    List<String> lines = new ArrayList<>();
    try (RowCursor rows = session.execute("SELECT k, n, total FROM counts WHERE k IN ('" + String.join("', '", keys)
        + "') ORDER BY k").rows()) {
      while (rows.next()) {
        lines.add(rows.getString(0) + " " + rows.getString(1) + " " + rows.getString(2));
      }
    }
    return lines;
  }

  private static String batchOf(String path) {
    return path.replaceAll(".*/([0-9]+)-[0-9a-f]+(\\.delta)?$", "$1$2");
  }

  private static List<String> batchesOf(List<String> paths) {
    List<String> batches = new ArrayList<>();
    for (String p : paths) {
      batches.add(batchOf(p));
    }
    return batches;
  }

  @Test
  void aDueSnapshotIsWrittenInTheBackgroundAndTheNextCommitStandsOnIt() throws Exception {
    Path folder = temp.resolve("ckpt");
    Started s = start(new LocalCheckpointFileSystem(folder));
    for (int b = 0; b <= INTERVAL; b++) {
      batch(s.query(), b);
    }
    CommitRecord.StateFile due = s.checkpoint().readCommit(INTERVAL).stateFiles().get(0);
    assertEquals("0", batchOf(due.path()), "batch 4, whose snapshot is due, commits a delta on batch 0's: " + due);
    assertEquals(List.of("1.delta", "2.delta", "3.delta", "4.delta"), batchesOf(due.deltas()));
    s.checkpoint().awaitWrites();
    batch(s.query(), INTERVAL + 1);
    CommitRecord.StateFile next = s.checkpoint().readCommit(INTERVAL + 1).stateFiles().get(0);
    assertEquals("4", batchOf(next.path()), "batch 5 stands on batch 4's snapshot: " + next);
    assertEquals(List.of("5.delta"), batchesOf(next.deltas()));
    s.query().stop();

    Started again = start(new LocalCheckpointFileSystem(folder));
    assertEquals(INTERVAL + 2, again.query().batches(), "goes on after batch 5");
    batch(again.query(), INTERVAL + 2);
    again.query().stop();
    assertEquals(List.of("k1 2 11", "k4 2 41", "k5 2 51", "k6 2 61", "new4 1 4", "new6 1 6"),
        counts("k1", "k4", "k5", "k6", "new4", "new6"));
  }

  /**
   * Fails the writer thread's state files: a background snapshot (written whole, not in chunks)
   * stops unwritten.
   */
  private static final class FailingSnapshots extends ForwardingFileSystem {
    final AtomicInteger stateFilesRefused = new AtomicInteger();

    FailingSnapshots(CheckpointFileSystem files) {
      super(files);
    }

    @Override
    public OutputStream create(String path) throws IOException {
      if (Thread.currentThread().getName().equals("sluice-checkpoint-writer") && path.startsWith(Checkpoint.STATE + "/")) {
        stateFilesRefused.incrementAndGet();
        throw new IOException("the disk is full (a test)");
      }
      return super.create(path);
    }
  }

  @Test
  void aSnapshotThatFailsHalfWrittenLeavesTheLastCommitWhole() throws Exception {
    Path folder = temp.resolve("ckpt");
    FailingSnapshots failing = new FailingSnapshots(new LocalCheckpointFileSystem(folder));
    Started s = start(failing);
    for (int b = 0; b <= INTERVAL; b++) {
      batch(s.query(), b);
    }
    s.checkpoint().awaitWrites();
    assertTrue(failing.stateFilesRefused.get() > 0, "batch 4's snapshot was written in the background");
    session.execute("INSERT INTO events VALUES ('k5', 50), ('new5', 5)");
    SluiceException e = assertThrows(SluiceException.class, () -> {
      while (s.query().step()) {
        // the commit of batch 5 finds the snapshot failed
      }
    });
    assertTrue(e.getMessage().contains("written in the background failed") && e.getMessage().contains("disk is full"),
        e.getMessage());
    s.query().stop();

    Started again = start(new LocalCheckpointFileSystem(folder));
    CommitRecord.StateFile last = again.checkpoint().readCommit(again.checkpoint().lastCommitted()).stateFiles()
        .get(0);
    assertEquals(INTERVAL, again.checkpoint().lastCommitted(), "batch 5 did not commit");
    assertEquals("0", batchOf(last.path()), "the state stands on batch 0's snapshot and its deltas: " + last);
    while (again.query().step()) {
      // batch 5 again, with its recorded boundaries
    }
    batch(again.query(), INTERVAL + 2);
    again.query().stop();
    assertEquals(List.of("k1 2 11", "k4 2 41", "k5 2 51", "k6 2 61", "new5 1 5", "new6 1 6"),
        counts("k1", "k4", "k5", "k6", "new5", "new6"));
  }
}
