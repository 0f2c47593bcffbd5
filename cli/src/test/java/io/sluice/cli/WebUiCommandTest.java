package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run --http-port 0 --ui 0 FILE.sql} in a JVM of its own: the web page, its JSON API
 * and the metrics answer on the one port it prints while the pipeline runs. (The page in a browser
 * is WebUiBrowserTest's, in the server module.)
 */
class WebUiCommandTest {
  private static final Pattern PAGE = Pattern.compile("Web page on http://127\\.0\\.0\\.1:(\\d+)/");

  @TempDir
  Path folder;

  @Test
  void runServesThePageItsApiAndMetricsOnOnePort() throws Exception {
    Path pipeline = folder.resolve("ticks.sql");
    Files.writeString(pipeline, String.join("\n",
        "CREATE SOURCE ticks (id BIGINT) WITH (connector = 'datagen', 'rows-per-second' = '100',"
            + " 'fields.id.kind' = 'sequence');",
        "CREATE SINK nowhere WITH (connector = 'blackhole');",
        "SET 'pipeline.trigger' = '100 ms';",
        "INSERT INTO nowhere SELECT id FROM ticks;",
        ""));
    Path log = folder.resolve("run.log");
    Process run = PipelineStopTest.start(log, "run", "--http-port", "0", "--ui", "0", pipeline.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      Matcher page = PAGE.matcher("");
      while (!page.reset(PipelineStopTest.read(log)).find()) {
        assertTrue(run.isAlive(), () -> "the pipeline ended early: " + PipelineStopTest.read(log));
        assertTrue(System.nanoTime() < deadline, () -> "no web page announced: " + PipelineStopTest.read(log));
        Thread.sleep(20);
      }
      String said = PipelineStopTest.read(log);
      assertTrue(said.contains("Metrics on http://127.0.0.1:" + page.group(1) + "/metrics"), said);
      String base = "http://127.0.0.1:" + page.group(1);
      assertTrue(get(base + "/").contains("<title>Sluice</title>"));
      assertTrue(get(base + "/plot.js").contains("const Plot"));
      String queries = get(base + "/api/queries");
      while (!queries.contains("\"batches\":") || queries.contains("\"batches\":0")) {
        assertTrue(System.nanoTime() < deadline, "no batch in time: " + queries);
        Thread.sleep(50);
        queries = get(base + "/api/queries");
      }
      assertTrue(queries.startsWith("{\"queries\":[{\"id\":\"q1\",\"status\":\"running\",\"sink\":\"nowhere\","
          + "\"trigger\":\"100 ms\",\"outputMode\":\"append\",\"error\":null,\"checkpointed\":true,"), queries);
      String q1 = get(base + "/api/queries/q1");
      assertTrue(q1.contains("\"plan\":\"Scan(table=ticks") && q1.contains("\"endOffsets\":{\"ticks\":")
          && q1.contains("\"replay\":\"sluice replay --batch 0 --sink nowhere "
          + PipelineRun.shellWord(pipeline.toString()) + "\""), q1);
      assertTrue(get(base + "/metrics").contains("sluice_query_input_rows_total{query=\"q1\",sink=\"nowhere\"}"));
      run.destroy(); // SIGTERM
      assertTrue(run.waitFor(60, TimeUnit.SECONDS), () -> "no exit after SIGTERM: " + PipelineStopTest.read(log));
      assertEquals(0, run.exitValue(), PipelineStopTest.read(log));
    } finally {
      run.destroyForcibly();
    }
  }

  @Test
  void thePageShowsReplayCommandsForTheRetainedBatchesOnlyAndTheyReplay() throws Exception {
    Path pipeline = folder.resolve("kept.sql");
    Files.writeString(pipeline, String.join("\n",
        "CREATE SOURCE ticks (id BIGINT) WITH (connector = 'datagen', 'rows-per-second' = '200',"
            + " 'fields.id.kind' = 'sequence');",
        "CREATE SINK nowhere WITH (connector = 'blackhole');",
        "SET 'pipeline.trigger' = '200 ms';",
        "SET 'pipeline.checkpoint-retain' = '4';",
        "INSERT INTO nowhere SELECT id FROM ticks WHERE id % 2 = 0;",
        ""));
    Path log = folder.resolve("kept.log");
    Process run = PipelineStopTest.start(log, "run", "--ui", "0", pipeline.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      Matcher page = PAGE.matcher("");
      while (!page.reset(PipelineStopTest.read(log)).find()) {
        assertTrue(run.isAlive() && System.nanoTime() < deadline, () -> "no web page: " + PipelineStopTest.read(log));
        Thread.sleep(20);
      }
      String base = "http://127.0.0.1:" + page.group(1);
      while (!get(base + "/api/queries").contains("\"id\":\"q1\"")) {
        assertTrue(System.nanoTime() < deadline, "the query did not start in time");
        Thread.sleep(50);
      }
      com.fasterxml.jackson.databind.JsonNode q1 = json(get(base + "/api/queries/q1"));
      // the checkpoint keeps 4 batches: once it has dropped some, the first batches have no command
      while (q1.path("firstReplayableBatch").asLong(0) < 2) {
        assertTrue(System.nanoTime() < deadline, "the checkpoint dropped no batch in time: " + q1);
        Thread.sleep(100);
        q1 = json(get(base + "/api/queries/q1"));
      }
      long first = q1.path("firstReplayableBatch").asLong();
      com.fasterxml.jackson.databind.JsonNode newest = null;
      for (com.fasterxml.jackson.databind.JsonNode batch : q1.path("recentBatches")) {
        long id = batch.path("batchId").asLong();
        assertEquals(id >= first, batch.has("replay"), "batch " + id + " of " + q1);
        newest = batch;
      }
      run.destroy(); // SIGTERM: at most the running batch commits after this
      assertTrue(run.waitFor(60, TimeUnit.SECONDS), () -> "no exit after SIGTERM: " + PipelineStopTest.read(log));

      String command = newest.path("replay").asText();
      String expected = "sluice replay --batch " + newest.path("batchId").asLong() + " --sink nowhere "
          + PipelineRun.shellWord(pipeline.toString());
      assertEquals(expected, command);
      MainTest.Outcome replayed = MainTest.run(command.substring("sluice ".length()).split(" "));
      assertEquals(Main.OK, replayed.status(), replayed.err());
      long rows = newest.path("outputRows").asLong();
      assertTrue(replayed.out().contains(ScriptRunner.plural(rows, "row") + " (batch " + newest.path("batchId").asLong()
          + " of the query into nowhere)"), "the replay gives the batch's " + rows + " rows: " + replayed.out());

      MainTest.Outcome dropped = MainTest.run("replay", "--batch", "0", "--sink", "nowhere", pipeline.toString());
      assertEquals(Main.FAILED, dropped.status(), dropped.out());
      assertTrue(dropped.err().contains("Batch 0 cannot be replayed"), dropped.err());
    } finally {
      run.destroyForcibly();
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
  }

  @Test
  void uiGoesWithStatementsAndIsRefusedWithCommandsThatRunNothing() throws Exception {
    MainTest.Outcome statements = MainTest.run("--ui", "0", "-c", "SELECT 41 + 1 AS answer");
    assertEquals(0, statements.status(), statements.err());
    assertTrue(PAGE.matcher(statements.err()).find(), statements.err());
    assertTrue(statements.out().contains("42"), statements.out());

    Path pipeline = folder.resolve("empty.sql");
    Files.writeString(pipeline, "SELECT 1;\n");
    MainTest.Outcome validate = MainTest.run("--ui", "validate", pipeline.toString());
    assertEquals(Main.USAGE, validate.status(), validate.err());
    assertTrue(validate.err().contains("--ui goes with run, -f, -c and the shell, not with 'validate'"),
        validate.err());

    MainTest.Outcome badPort = MainTest.run("--ui", "70000", "-c", "SELECT 1");
    assertEquals(Main.FAILED, badPort.status(), badPort.err());
    assertTrue(badPort.err().contains("--ui takes a port number, not '70000'"), badPort.err());
  }

  @Test
  void setUiPortInTheShellServesThePageUntilTheSessionEnds() throws Exception {
    // the SET reports the port it took; the page is fetched over HTTP in the server module's
    // UiPortOptionTest, here the shell's session ends with -c and takes its page with it
    MainTest.Outcome o = MainTest.run("-c", "SET 'ui.port' = '0'; SHOW SETTINGS");
    assertEquals(0, o.status(), o.err());
    Matcher page = Pattern.compile("web page on http://127\\.0\\.0\\.1:(\\d+)/").matcher(o.out() + o.err());
    assertTrue(page.find(), o.out() + o.err());
    assertTrue(o.out().contains("ui.port"), o.out());
    int port = Integer.parseInt(page.group(1));
    org.junit.jupiter.api.Assertions.assertThrows(java.net.ConnectException.class,
        () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .build(), HttpResponse.BodyHandlers.ofString()), "the shell's session closed, and its page with it");
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url + ": " + response.body());
    return response.body();
  }
}
