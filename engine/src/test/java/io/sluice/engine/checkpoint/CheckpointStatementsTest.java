package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SHOW CHECKPOINT, EXPLAIN CHECKPOINT and REPLAY BATCH over the checkpoint of a pipeline that ran
 * to the end of its input files: a windowed aggregation and a stateless query, each into a files
 * sink, one input file per batch. Every statement runs in a new database, as after a restart.
 */
class CheckpointStatementsTest {
  private static final String TOTALS = "INSERT INTO totals SELECT k, COUNT(*) AS n, SUM(v) AS total, window_start"
      + " FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end";
  private static final String PASSED = "INSERT INTO passed SELECT id, k, v * 2 AS doubled FROM events WHERE v > 15";
  /** One file per batch: rows of id, k, v, ts; some windows close only in later batches. */
  private static final String[] FILES = {
      "1,a,10,2024-01-01 10:00:01\n2,b,20,2024-01-01 10:00:02\n3,a,30,2024-01-01 10:00:12\n",
      "4,a,40,2024-01-01 10:00:13\n5,b,50,2024-01-01 10:00:25\n6,a,60,2024-01-01 10:00:14\n",
      "7,b,70,2024-01-01 10:00:26\n8,a,80,2024-01-01 10:00:41\n",
      "9,b,5,2024-01-01 10:00:55\n"};

  @TempDir
  Path folder;
  private Path checkpoint;

  private String catalog() {
    return "CREATE SOURCE events (id BIGINT, k VARCHAR, v BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (connector = 'files', path = '" + folder.resolve("in")
        + "', format = 'csv', 'max-files-per-trigger' = '1');"
        + " CREATE SINK totals WITH (connector = 'files', path = '" + folder.resolve("totals") + "', format = 'csv');"
        + " CREATE SINK passed WITH (connector = 'files', path = '" + folder.resolve("passed") + "', format = 'csv');"
        + " SET 'pipeline.trigger' = 'available-now'; SET 'pipeline.checkpoint' = '" + checkpoint + "';";
  }

  @BeforeEach
  void runThePipeline() throws Exception {
    checkpoint = folder.resolve("ckpt");
    Files.createDirectories(folder.resolve("in"));
    for (int i = 0; i < FILES.length; i++) {
      Files.writeString(folder.resolve("in").resolve(i + ".csv"), FILES[i]);
    }
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.executeScript(catalog() + TOTALS + ";" + PASSED + ";");
      assertEquals(List.of(), database.queries().awaitAll(), "no query failed");
    }
  }

  /** A session of a new database with the pipeline's catalog and options, its queries not started. */
  private Session restarted() {
    Session session = Database.inMemory().openSession();
    session.executeScript(catalog());
    return session;
  }

  private static List<String> lines(RowCursor rows) {
    List<String> lines = new ArrayList<>();
    try (rows) {
      while (rows.next()) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < rows.schema().size(); c++) {
          sb.append(c == 0 ? "" : ",").append(rows.isNull(c) ? "" : rows.getString(c));
        }
        lines.add(sb.toString());
      }
    }
    return lines;
  }

  /** Per committed batch of a files sink, the lines of the files its manifest entry lists. */
  private static TreeMap<Long, List<String>> sinkBatches(Path sink) throws IOException {
    TreeMap<Long, List<String>> batches = new TreeMap<>();
    try (Stream<Path> entries = Files.list(sink.resolve("_sluice_manifest"))) {
      for (Path entry : entries.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        JsonNode json = new ObjectMapper().readTree(Files.readAllLines(entry).get(0));
        List<String> lines = new ArrayList<>();
        for (JsonNode file : json.get("files")) {
          lines.addAll(Files.readAllLines(sink.resolve(file.asText()), StandardCharsets.UTF_8));
        }
        batches.put(json.get("batch").asLong(), lines);
      }
    }
    return batches;
  }

  /** Every file and folder under {@code root} with its size and modification time. */
  private static TreeMap<String, String> contents(Path root) throws IOException {
    TreeMap<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        files.put(p.toString(), Files.size(p) + " " + Files.getLastModifiedTime(p));
      }
    }
    return files;
  }

  @Test
  void replayedBatchesAreWhatTheSinkReceived() throws IOException {
    TreeMap<String, String> before = contents(folder);
    for (String[] query : new String[][] {{TOTALS, "totals"}, {PASSED, "passed"}}) {
      TreeMap<Long, List<String>> written = sinkBatches(folder.resolve(query[1]));
      // one batch per file, and for the windows one more that only the watermark makes due
      assertEquals(query[1].equals("totals") ? FILES.length + 1 : FILES.length, written.size(), query[1]);
      int nonEmpty = 0;
      try (Session session = restarted()) {
        for (long batch : written.keySet()) {
          List<String> replayed = lines(session.execute("REPLAY BATCH " + batch + " " + query[0]).rows());
          assertEquals(written.get(batch), replayed, query[1] + " batch " + batch);
          nonEmpty += replayed.isEmpty() ? 0 : 1;
        }
      }
      assertTrue(nonEmpty >= 2, query[1] + " has batches with rows to compare");
    }
    // windows close when a later batch's watermark passes them: batch 2 (watermark 10:00:24) emits
    // the window of 10:00:10, batch 4 (no new rows) the one of 10:00:40
    try (Session session = restarted()) {
      assertEquals(List.of("a,3,130,2024-01-01 10:00:10"), lines(session.execute("REPLAY BATCH 2 " + TOTALS).rows()));
      assertEquals(List.of("a,1,80,2024-01-01 10:00:40"), lines(session.execute("REPLAY BATCH 4 " + TOTALS).rows()));
    }
    assertEquals(before, contents(folder), "replay writes nothing, to the checkpoint or the sinks");
  }

  private static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    java.util.Collections.sort(copy);
    return copy;
  }

  @Test
  void replayShowsTheKindOfChangelogRows() throws Exception {
    Path memoryCheckpoint = folder.resolve("ckpt-memory");
    String script = "CREATE SOURCE s (k VARCHAR, v BIGINT) WITH (connector = 'memory');"
        + " CREATE SINK counts WITH (connector = 'memory'); SET 'pipeline.trigger' = 'manual';"
        + " SET 'pipeline.output-mode' = 'update'; SET 'pipeline.checkpoint' = '" + memoryCheckpoint + "';";
    String query = "INSERT INTO counts SELECT k, COUNT(*) AS n FROM s GROUP BY k";
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.executeScript(script + query + ";");
      session.execute("INSERT INTO s VALUES ('a', 1), ('b', 2)");
      database.queries().processAllAvailable();
      session.execute("INSERT INTO s VALUES ('a', 3)");
      database.queries().processAllAvailable();
      // the memory source keeps its rows in this database: the replay reads them back
      assertEquals(List.of("-U,a,1", "+U,a,2"), lines(session.execute("REPLAY BATCH 1 " + query).rows()));
      assertEquals(List.of("+I,a,1", "+I,b,1"), sorted(lines(session.execute("REPLAY BATCH 0 " + query).rows())));
      database.queries().stopAll();
    }
  }

  @Test
  void aBatchNotRetainedIsRefusedWithTheBatchesThereAre() {
    try (Session session = restarted()) {
      SluiceException e = assertThrows(SluiceException.class, () -> session.execute("REPLAY BATCH 7 " + TOTALS));
      assertEquals(ErrorCode.CHECKPOINT_ERROR, e.code());
      assertTrue(e.getMessage().contains("Batch 7 cannot be replayed from checkpoint " + checkpoint.resolve("totals")
          + ": it keeps the records of batches 0-4"), e.getMessage());
    }
  }

  @Test
  void replayNeedsTheCheckpointOption() {
    try (Session session = restarted()) {
      session.execute("RESET 'pipeline.checkpoint'");
      SluiceException e = assertThrows(SluiceException.class, () -> session.execute("REPLAY BATCH 0 " + TOTALS));
      assertTrue(e.getMessage().contains("SET 'pipeline.checkpoint'"), e.getMessage());
      e = assertThrows(SluiceException.class, () -> session.execute("EXPLAIN CHECKPOINT SELECT * FROM events"));
      assertTrue(e.getMessage().contains("EXPLAIN CHECKPOINT takes a continuous query, INSERT INTO a sink"),
          e.getMessage());
    }
  }

  private static List<String> verdict(Session session, String query) {
    List<String> rows = new ArrayList<>();
    try (RowCursor cursor = session.execute("EXPLAIN CHECKPOINT " + query).rows()) {
      while (cursor.next()) {
        rows.add(cursor.getString(0) + " | " + cursor.getString(2) + " | " + cursor.getString(3));
      }
    }
    return rows;
  }

  @Test
  void explainCheckpointSaysWhetherTheQueryGoesOn() {
    try (Session session = restarted()) {
      List<String> same = verdict(session, TOTALS);
      assertEquals(1, same.size(), same.toString());
      assertTrue(same.get(0).startsWith("totals | resumes | goes on after batch 4, committed at "), same.toString());

      // a different projection keeps the state
      List<String> projected = verdict(session, PASSED.replace("v * 2", "v * 3"));
      assertEquals(2, projected.size(), projected.toString());
      assertTrue(projected.get(1).startsWith("passed | resumes | the plan changed (fingerprint"), projected.toString());

      // an aggregation where there was none cannot take the stateless query's checkpoint
      List<String> refused = verdict(session, "INSERT INTO passed SELECT k, COUNT(*) AS n FROM events GROUP BY k");
      assertEquals(2, refused.size(), refused.toString());
      assertEquals("passed | refused | the output mode changed from append to complete (the sink holds the other"
          + " mode's rows)", refused.get(0));
      assertTrue(refused.get(1).startsWith("passed | refused | stateful operator 1, "), refused.toString());
      assertTrue(refused.get(1).endsWith(", is new"), refused.toString());

      session.execute("SET 'pipeline.checkpoint' = '" + folder.resolve("elsewhere") + "'");
      assertEquals(List.of("totals | new | there is no checkpoint at " + folder.resolve("elsewhere").resolve("totals")
          + " yet: the query starts from the beginning of its sources"), verdict(session, TOTALS));
    }
  }

  @Test
  void aBatchThatDidNotCommitRunsAgainFirstAndReplays() throws IOException {
    List<String> written = sinkBatches(folder.resolve("totals")).get(4L);
    Files.delete(checkpoint.resolve("totals").resolve("commits").resolve("4"));
    try (Session session = restarted()) {
      List<String> verdict = verdict(session, TOTALS);
      assertEquals(2, verdict.size(), verdict.toString());
      assertTrue(verdict.get(0).startsWith("totals | resumes | goes on after batch 3, committed at "), verdict.get(0));
      assertEquals("totals | resumes | first runs batch 4 again, which started but did not commit, with its recorded"
          + " offsets, watermark and time", verdict.get(1));
      assertEquals(written, lines(session.execute("REPLAY BATCH 4 " + TOTALS).rows()));
    }
  }

  @Test
  void explainCheckpointRefusesACorruptCheckpoint() throws IOException {
    Path commit = checkpoint.resolve("totals").resolve("commits").resolve("4");
    byte[] bytes = Files.readAllBytes(commit);
    bytes[bytes.length - 3] ^= 1;
    Files.write(commit, bytes);
    try (Session session = restarted()) {
      List<String> refused = verdict(session, TOTALS);
      assertEquals(1, refused.size(), refused.toString());
      assertTrue(refused.get(0).startsWith("totals | refused | Checkpoint file " + commit), refused.toString());
      SluiceException e = assertThrows(SluiceException.class,
          () -> session.execute("SHOW CHECKPOINT '" + checkpoint + "'"));
      assertTrue(e.getMessage().startsWith("Checkpoint file " + commit), e.getMessage());
    }
  }

  private static String show(Session session, String location) {
    StringBuilder sb = new StringBuilder();
    try (RowCursor rows = session.execute("SHOW CHECKPOINT '" + location + "'").rows()) {
      while (rows.next()) {
        sb.append(rows.getString(0)).append('\n');
      }
    }
    return sb.toString();
  }

  @Test
  void showCheckpointDescribesThePlanAndEachBatch() throws IOException {
    try (Session session = restarted()) {
      String one = show(session, checkpoint.resolve("totals").toString());
      assertTrue(one.startsWith("checkpoint " + checkpoint.resolve("totals") + "\nquery id: "), one);
      assertTrue(one.contains("\nplan: plan/0 (fingerprint "), one);
      assertTrue(one.contains("\n  query: SELECT k, COUNT(*) AS n"), one);
      assertTrue(one.contains("\n  output mode: append\n  sources: events\n  state 1: "), one);
      assertTrue(one.contains("\nbatches retained: 0-4 (last committed: 4)\n"), one);
      assertTrue(one.contains("\nbatch 2: committed at "), one);
      assertTrue(one.contains("\n  watermark: 2024-01-01 10:00:24\n"), one);
      assertTrue(one.contains("\n  output rows: 2\n"), one);
      // batch 0's full snapshot and, until the snapshot interval, the deltas after it
      assertTrue(one.matches("(?s).*\n  state [^\n]+: state/1-[a-z-]+/0-[0-9a-f]+ \\(\\d+ bytes\\)"
          + " \\+ 2 deltas up to state/1-[a-z-]+/2-[0-9a-f]+\\.delta\n.*"), one);
      assertTrue(one.contains("\n  offsets events: "), one);

      String both = show(session, checkpoint.toString());
      assertTrue(both.startsWith("checkpoint " + checkpoint.resolve("passed") + "\n"), both);
      assertTrue(both.contains("\ncheckpoint " + checkpoint.resolve("totals") + "\n"), both);
      assertTrue(both.contains("\n  state: none (each batch is processed on its own)\n"), both);

      Files.createDirectories(folder.resolve("empty"));
      SluiceException e = assertThrows(SluiceException.class, () -> show(session, folder.resolve("in").toString()));
      assertEquals("There is no checkpoint at " + folder.resolve("in") + ": the folder has no metadata file, nor a"
          + " sub-folder with one (a pipeline's checkpoint folder holds one checkpoint per sink)", e.getMessage());
      e = assertThrows(SluiceException.class, () -> show(session, folder.resolve("nowhere").toString()));
      assertTrue(e.getMessage().endsWith(": the folder does not exist"), e.getMessage());
    }
    assertFalse(Files.exists(folder.resolve("nowhere")), "show creates nothing");
  }
}
