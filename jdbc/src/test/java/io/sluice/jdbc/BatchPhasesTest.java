package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each batch's time split into plan, read, execute, sink and commit, and what its checkpoint
 * wrote: a checkpointed aggregation over a CSV file source is stepped batch by batch, and the
 * bytes each batch reports are compared with the files that appeared in the checkpoint folder
 * during that step.
 */
class BatchPhasesTest {
  @TempDir
  Path temp;

  @Test
  void phasesAddUpAndCheckpointBytesAreTheFilesTheBatchWrote() throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    Path checkpoint = temp.resolve("ckpt");
    Path progressFile = temp.resolve("progress.jsonl");
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:phases-" + System.nanoTime());
         Statement s = c.createStatement()) {
      s.execute("CREATE SOURCE readings (sensor BIGINT, reading DOUBLE) WITH (connector = 'files', path = '" + in
          + "', format = 'csv', 'max-files-per-trigger' = '1')");
      s.execute("CREATE SINK per_sensor WITH (connector = 'memory')");
      s.execute("SET 'pipeline.trigger' = 'manual'");
      s.execute("SET 'pipeline.checkpoint' = '" + checkpoint + "'");
      s.execute("SET 'pipeline.progress' = '" + progressFile + "'");
      s.execute("INSERT INTO per_sensor SELECT sensor, COUNT(*) AS n, SUM(reading) AS total FROM readings"
          + " GROUP BY sensor");
      SluiceConnection sluice = c.unwrap(SluiceConnection.class);
      List<Long> written = new ArrayList<>();
      for (int batch = 0; batch < 3; batch++) {
        StringBuilder csv = new StringBuilder();
        for (int row = 0; row < 20_000; row++) {
          csv.append((row * 7 + batch) % 500).append(',').append(row % 97).append(".5\n");
        }
        Files.writeString(in.resolve(batch + ".csv"), csv);
        Map<String, Long> before = sizes(checkpoint);
        try (ResultSet rs = s.executeQuery("STEP QUERY q1")) {
          assertTrue(rs.next());
          assertEquals(batch, rs.getLong("batch"));
        }
        long appeared = 0;
        for (Map.Entry<String, Long> file : sizes(checkpoint).entrySet()) {
          assertTrue(!before.containsKey(file.getKey()) || before.get(file.getKey()).equals(file.getValue()),
              "a batch adds files and changes none: " + file.getKey());
          appeared += before.containsKey(file.getKey()) ? 0 : file.getValue();
        }
        written.add(appeared);
      }

      List<ContinuousQueryProgress.Batch> batches = sluice.continuousQueryProgress().get(0).recentBatches();
      assertEquals(3, batches.size());
      for (int i = 0; i < batches.size(); i++) {
        ContinuousQueryProgress.Batch b = batches.get(i);
        ContinuousQueryProgress.Phases p = b.phases();
        for (double phase : new double[] {p.planSeconds(), p.readSeconds(), p.executeSeconds(), p.sinkSeconds(),
            p.commitSeconds()}) {
          assertTrue(phase > 0, "every phase takes some time: " + p);
        }
        assertNotNull(b.checkpoint(), "a checkpointed batch reports its checkpoint");
        assertTrue(written.get(i) > 0, "batch " + i + " wrote checkpoint files");
        assertEquals(written.get(i), b.checkpoint().bytes(), "batch " + i + ": the sizes of the files it wrote");
        assertTrue(b.checkpoint().seconds() > 0 && b.checkpoint().seconds() <= p.planSeconds() + p.commitSeconds(),
            "the checkpoint is written in the plan and commit phases: " + b.checkpoint() + " " + p);
        assertEquals(20_000, b.inputRows());
        assertEquals(20_000 / p.totalSeconds(), b.processedRowsPerSecond(), 1e-6);
      }

      try (ResultSet rs = s.executeQuery("SHOW PROGRESS")) {
        for (int i = 0; i < 3; i++) {
          assertTrue(rs.next());
          assertEquals(written.get(i), rs.getLong("checkpoint_bytes"));
          assertTrue(Double.parseDouble(rs.getString("checkpoint_ms")) >= 0);
          double phases = 0;
          for (String phase : List.of("plan_ms", "read_ms", "execute_ms", "sink_ms", "commit_ms")) {
            phases += Double.parseDouble(rs.getString(phase));
          }
          // each is rounded to hundredths of a millisecond
          assertEquals(Double.parseDouble(rs.getString("duration_ms")), phases, 0.03);
        }
      }
      List<String> lines = Files.readAllLines(progressFile);
      assertEquals(3, lines.size());
      assertTrue(lines.get(2).contains("\"durationMs\":{\"plan\":") && lines.get(2).contains(",\"read\":")
          && lines.get(2).contains(",\"sink\":")
          && lines.get(2).contains("\"checkpoint\":{\"bytes\":" + written.get(2) + ",\"durationMs\":"), lines.get(2));
    }
  }

  @Test
  void aQueryWithoutACheckpointReportsNone() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:phases-" + System.nanoTime());
         Statement s = c.createStatement()) {
      s.execute("CREATE SOURCE clicks (user_id BIGINT) WITH (connector = 'memory')");
      s.execute("CREATE SINK seen WITH (connector = 'memory')");
      s.execute("SET 'pipeline.trigger' = 'manual'");
      s.execute("INSERT INTO seen SELECT user_id FROM clicks");
      s.execute("INSERT INTO clicks VALUES (1), (2)");
      s.executeQuery("STEP QUERY q1").close();
      ContinuousQueryProgress q = c.unwrap(SluiceConnection.class).continuousQueryProgress().get(0);
      assertNull(q.recentBatches().get(0).checkpoint());
      assertNull(q.firstReplayableBatch());
      try (ResultSet rs = s.executeQuery("SHOW PROGRESS")) {
        assertTrue(rs.next());
        assertNull(rs.getObject("checkpoint_bytes"));
      }
    }
  }

  /** Every file under {@code root} by path, with its size. */
  private static Map<String, Long> sizes(Path root) throws IOException {
    Map<String, Long> sizes = new HashMap<>();
    if (!Files.exists(root)) {
      return sizes;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        sizes.put(root.relativize(p).toString(), Files.size(p));
      }
    }
    return sizes;
  }
}
