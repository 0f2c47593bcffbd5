package io.sluice.cli;

import static io.sluice.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.cli.MainTest.Outcome;
import io.sluice.jdbc.SluiceConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status line per query while a pipeline runs on a terminal, and {@code --progress FILE}. */
class StatusLinesTest {
  @TempDir
  Path folder;

  @Test
  void aLineSaysTheBatchTheRateAndTheWatermarkLag() {
    SluiceConnection.ContinuousQuerySummary running = new SluiceConnection.ContinuousQuerySummary("q1", "hot",
        "running", 13, 5000, 400, 3456.4, 1_000_000L);
    assertEquals("q1 -> hot: batch 12, 3,456 rows/s, watermark 2.5 s behind", StatusLines.line(running, 1_002_500));
    SluiceConnection.ContinuousQuerySummary fresh = new SluiceConnection.ContinuousQuerySummary("q2", "out",
        "finished", 0, 0, 0, 0, null);
    assertEquals("q2 -> out: finished, no batch yet, 0 rows/s, no watermark", StatusLines.line(fresh, 0));
    assertEquals("1.5 min", StatusLines.lag(90_000));
    assertEquals("3.0 h", StatusLines.lag(3 * 3_600_000));
    assertEquals("800 days", StatusLines.lag(800L * 86_400_000));
  }

  @Test
  void linesAreRedrawnInPlaceWhileQueriesRun() throws Exception {
    try (Connection connection = DriverManager.getConnection(Main.URL); Statement s = connection.createStatement()) {
      s.execute("CREATE SOURCE ticks (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)"
          + " WITH (connector = 'datagen', 'rows-per-second' = '200', 'fields.id.kind' = 'sequence')");
      s.execute("CREATE SINK nowhere WITH (connector = 'blackhole')");
      s.execute("SET 'pipeline.trigger' = '100 ms'");
      s.execute("INSERT INTO nowhere SELECT id FROM ticks");
      SluiceConnection sluice = connection.unwrap(SluiceConnection.class);
      ByteArrayOutputStream drawn = new ByteArrayOutputStream();
      try (StatusLines lines = StatusLines.start(sluice, new PrintStream(drawn, true, StandardCharsets.UTF_8))) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (drawn.toString(StandardCharsets.UTF_8).split("\033\\[1A").length < 3
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(50);
        }
      } finally {
        sluice.stopContinuousQueries();
        sluice.awaitContinuousQueries();
      }
      String text = drawn.toString(StandardCharsets.UTF_8);
      assertTrue(text.contains("\r\033[2Kq1 -> nowhere: batch "), text);
      assertTrue(text.contains(" rows/s, watermark "), text);
      assertTrue(text.split("\033\\[1A").length >= 3, "redrawn over itself: " + text);
      assertTrue(text.endsWith("\r\033[1A\033[J"), "erased at the end: " + text);
    }
  }

  @Test
  void progressFileGetsOneJsonLinePerBatch() throws Exception {
    Path pipeline = folder.resolve("p.sql");
    Files.writeString(pipeline, "CREATE SOURCE n (id BIGINT) WITH (connector = 'datagen', 'number-of-rows' = '300',"
        + " 'rows-per-second' = 'unlimited', 'max-rows-per-batch' = '100', 'fields.id.kind' = 'sequence');\n"
        + "CREATE SINK nowhere WITH (connector = 'blackhole');\n"
        + "SET 'pipeline.trigger' = 'available-now';\n"
        + "INSERT INTO nowhere SELECT id FROM n;\n");
    Path progress = folder.resolve("progress.jsonl");
    Outcome o = run("run", "--progress", progress.toString(), pipeline.toString());
    assertEquals(0, o.status(), o.err());
    List<String> lines = Files.readAllLines(progress);
    assertTrue(lines.size() >= 3, "one line per batch: " + lines);
    long rows = 0;
    for (String line : lines) {
      assertTrue(line.startsWith("{") && line.contains("\"query\":\"q1\""), line);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"inputRows\":(\\d+)").matcher(line);
      assertTrue(m.find(), line);
      rows += Long.parseLong(m.group(1));
    }
    assertEquals(300, rows, String.join("\n", lines));
  }
}
