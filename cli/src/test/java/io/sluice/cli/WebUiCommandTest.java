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
import java.util.ArrayList;
import java.util.List;
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
    Path pipeline = pipeline("ticks",
        "CREATE SOURCE ticks (id BIGINT) WITH (connector = 'datagen', 'rows-per-second' = '100',"
            + " 'fields.id.kind' = 'sequence');",
        "CREATE SINK nowhere WITH (connector = 'blackhole');",
        "SET 'pipeline.trigger' = '100 ms';",
        "INSERT INTO nowhere SELECT id FROM ticks;");
    Path log = folder.resolve("run.log");
    Process run = PipelineStopTest.start(log, "run", "--http-port", "0", "--ui", "0", pipeline.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      Matcher page = awaitPage(run, log, deadline);
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
    // one input file per batch; once the test writes no more, no batch runs and the checkpoint stays as it is
    Path in = Files.createDirectories(folder.resolve("in"));
    Path pipeline = pipeline("kept",
        "CREATE SOURCE events (id BIGINT, v BIGINT) WITH (connector = 'files', path = '" + in + "', format = 'csv',"
            + " 'max-files-per-trigger' = '1');",
        "CREATE SINK nowhere WITH (connector = 'blackhole');",
        "SET 'pipeline.trigger' = '100 ms';",
        "SET 'pipeline.checkpoint-retain' = '4';",
        "INSERT INTO nowhere SELECT id, v * 2 AS doubled FROM events WHERE v > 0;");
    for (int i = 0; i < 8; i++) {
      Files.writeString(in.resolve(i + ".csv"), i + "," + i + "\n" + (i + 100) + "," + i + "\n");
    }
    Path log = folder.resolve("kept.log");
    Process run = PipelineStopTest.start(log, "run", "--ui", "0", pipeline.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      String base = "http://127.0.0.1:" + awaitPage(run, log, deadline).group(1);
      while (!get(base + "/api/queries").contains("\"batches\":8,")) {
        assertTrue(System.nanoTime() < deadline, "8 batches did not run in time: " + get(base + "/api/queries"));
        Thread.sleep(50);
      }
      com.fasterxml.jackson.databind.JsonNode q1 = json(get(base + "/api/queries/q1"));
      run.destroy(); // SIGTERM
      assertTrue(run.waitFor(60, TimeUnit.SECONDS), () -> "no exit after SIGTERM: " + PipelineStopTest.read(log));

      // after batch 7 the checkpoint keeps batches 4 to 7: batch 4's commit, so batches 5 to 7 replay
      assertEquals(5, q1.path("firstReplayableBatch").asLong(), q1.toString());
      List<String> commands = new ArrayList<>();
      for (com.fasterxml.jackson.databind.JsonNode batch : q1.path("recentBatches")) {
        long id = batch.path("batchId").asLong();
        assertEquals(id >= 5, batch.has("replay"), "batch " + id + " of " + q1);
        if (batch.has("replay")) {
          commands.add(batch.path("replay").asText());
        }
      }
      assertEquals(3, commands.size(), q1.toString());
      for (int i = 0; i < commands.size(); i++) {
        long batch = 5 + i;
        assertEquals("sluice replay --batch " + batch + " --sink nowhere " + PipelineRun.shellWord(pipeline.toString()),
            commands.get(i));
        // as a user types it (the words hold no spaces here)
        MainTest.Outcome replayed = MainTest.run(commands.get(i).substring("sluice ".length()).split(" "));
        assertEquals(Main.OK, replayed.status(), replayed.err());
        // the batch's two rows (id, v * 2) as the file held them
        for (long id : new long[] {batch, batch + 100}) {
          assertTrue(Pattern.compile("│\\s+" + id + "\\s+│\\s+" + 2 * batch + "\\s+│").matcher(replayed.out()).find(),
              "row " + id + " in " + replayed.out());
        }
        assertTrue(replayed.out().contains("2 rows (batch " + batch + " of the query into nowhere)"), replayed.out());
      }
      // the cleaner deletes what no kept batch needs every 4 batches (batch 4 dropped batch 0's records), so
      // a batch before the first replayable one is refused once the cleaner has been by
      MainTest.Outcome dropped = MainTest.run("replay", "--batch", "1", "--sink", "nowhere", pipeline.toString());
      assertEquals(Main.FAILED, dropped.status(), dropped.out());
      assertTrue(dropped.err().contains("Batch 1 cannot be replayed"), dropped.err());
    } finally {
      run.destroyForcibly();
    }
  }

  /** Writes pipeline {@code name}.sql of {@code statements}, one a line. */
  private Path pipeline(String name, String... statements) throws Exception {
    Path pipeline = folder.resolve(name + ".sql");
    Files.writeString(pipeline, String.join("\n", statements) + "\n");
    return pipeline;
  }

  /** Waits until the run announces its web page; the matcher's group 1 is the port. */
  private static Matcher awaitPage(Process run, Path log, long deadline) throws InterruptedException {
    Matcher page = PAGE.matcher("");
    while (!page.reset(PipelineStopTest.read(log)).find()) {
      assertTrue(run.isAlive(), () -> "the pipeline ended early: " + PipelineStopTest.read(log));
      assertTrue(System.nanoTime() < deadline, () -> "no web page announced: " + PipelineStopTest.read(log));
      Thread.sleep(20);
    }
    return page;
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
