package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which batches a checkpointed query can replay: the checkpoint keeps the records of the last
 * {@code pipeline.checkpoint-retain} batches, and a batch replays from its write-ahead record and
 * the commit of the batch before it. The query reports the first such batch; every batch from it
 * on replays (REPLAY BATCH gives the rows the sink got), the one before it no longer does. A
 * restart with a larger retention keeps what the checkpoint still holds and recovers again.
 */
class ReplayableBatchesTest {
  private static final String QUERY = "INSERT INTO doubled SELECT id, v * 2 AS v2 FROM events";

  @TempDir
  Path temp;

  private String catalog(int retain) {
    return "CREATE SOURCE events (id BIGINT, v BIGINT) WITH (connector = 'files', path = '" + temp.resolve("in")
        + "', format = 'csv', 'max-files-per-trigger' = '1');"
        + " CREATE SINK doubled WITH (connector = 'memory');"
        + " SET 'pipeline.trigger' = 'available-now';"
        + " SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "';"
        + " SET 'pipeline.checkpoint-retain' = '" + retain + "';";
  }

  /** Adds input files {@code from} to {@code to} - 1, one batch each: row i is (i, i). */
  private void files(int from, int to) throws Exception {
    Files.createDirectories(temp.resolve("in"));
    for (int i = from; i < to; i++) {
      Files.writeString(temp.resolve("in").resolve(String.format("%03d.csv", i)), i + "," + i + "\n");
    }
  }

  /** Runs the pipeline on a new database until its input ends; returns what its query reported. */
  private ContinuousQueryProgress run(int retain) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:replayable-" + System.nanoTime());
         Statement s = c.createStatement()) {
      for (String statement : (catalog(retain) + QUERY).split(";")) {
        s.execute(statement);
      }
      SluiceConnection sluice = c.unwrap(SluiceConnection.class);
      sluice.awaitContinuousQueries();
      ContinuousQueryProgress q = sluice.continuousQueryProgress().get(0);
      assertEquals("finished", q.status(), q.error());
      return q;
    }
  }

  /** REPLAY BATCH {@code batch} on a new database over the checkpoint, as `sluice replay` runs it. */
  private List<String> replay(long batch) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:replay-" + System.nanoTime());
         Statement s = c.createStatement()) {
      for (String statement : catalog(3).split(";")) {
        s.execute(statement);
      }
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("REPLAY BATCH " + batch + " " + QUERY)) {
        while (rs.next()) {
          rows.add(rs.getLong(1) + "," + rs.getLong(2));
        }
      }
      return rows;
    }
  }

  @Test
  void everyBatchFromTheFirstReplayableOneReplaysAndTheOneBeforeDoesNot() throws Exception {
    files(0, 8);
    ContinuousQueryProgress q = run(3);
    assertEquals(8, q.batches());
    // after batch 7 the checkpoint keeps batches 5 to 7: batch 5's commit, so batches 6 and 7 replay
    assertEquals(6L, q.firstReplayableBatch());
    for (long b = 0; b < 8; b++) {
      assertEquals(b >= 6, q.replayable(b), "batch " + b);
    }
    for (long b = 6; b < 8; b++) {
      assertEquals(List.of(b + "," + 2 * b), replay(b), "batch " + b + " replays what the sink got");
    }
    SQLException dropped = assertThrows(SQLException.class, () -> replay(4));
    assertTrue(dropped.getMessage().contains("Batch 4 cannot be replayed"), dropped.getMessage());
  }

  @Test
  void aRestartWithALargerRetentionRecoversAgain() throws Exception {
    files(0, 8);
    run(3);
    files(8, 10);
    ContinuousQueryProgress larger = run(20);
    assertEquals(10, larger.batches());
    // batches 0 to 4 are gone whatever the retention says now
    assertEquals(6L, larger.firstReplayableBatch());
    assertEquals(List.of("9,18"), replay(9));
    files(10, 11);
    ContinuousQueryProgress again = run(20);
    assertEquals(11, again.batches(), "the checkpoint recovered and ran batch 10");
    assertFalse(again.replayable(5));
    assertEquals(List.of("6,12"), replay(6));
  }
}
