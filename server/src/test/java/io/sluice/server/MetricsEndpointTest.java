package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.jdbc.SluiceConnection;
import io.sluice.server.http.HttpEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} over real HTTP while a continuous query runs, parsed as the Prometheus text format. */
class MetricsEndpointTest {
  /** A sample line of the text format: name, optional {labels}, value. */
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir
  Path checkpoint;

  @Test
  void queriesAndJvmAreScrapedInTheTextFormat() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:metrics-test");
         Statement s = c.createStatement();
         HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0,
             c.unwrap(SluiceConnection.class)::continuousQueryProgress)) {
      s.execute("CREATE SOURCE clicks (user_id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)"
          + " WITH (connector = 'memory')");
      s.execute("CREATE SINK per_user WITH (connector = 'memory')");
      s.execute("SET 'pipeline.checkpoint' = '" + checkpoint + "'");
      s.execute("INSERT INTO per_user SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id");
      s.execute("INSERT INTO clicks VALUES (1, TIMESTAMP '2024-01-01 00:00:00'), (2, TIMESTAMP '2024-01-01 00:00:01'),"
          + " (1, TIMESTAMP '2024-01-01 00:00:02')");
      SluiceConnection sluice = c.unwrap(SluiceConnection.class);
      awaitInputRows(sluice, 3);
      // a batch runs with the watermark of the batches before it: the second one has one
      s.execute("INSERT INTO clicks VALUES (3, TIMESTAMP '2024-01-01 00:00:03')");
      awaitInputRows(sluice, 4);
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      Map<String, Double> samples = parse(response.body());
      String query = "{query=\"q1\",sink=\"per_user\"}";
      assertEquals(4.0, samples.get("sluice_query_input_rows_total" + query), response.body());
      assertTrue(samples.get("sluice_query_batches_total" + query) >= 2);
      assertEquals(0.0, samples.get("sluice_query_failures_total" + query));
      assertEquals(0.0, samples.get("sluice_query_dead_letter_rows_total" + query), response.body());
      assertEquals(1.0, samples.get("sluice_query_running" + query));
      assertTrue(samples.get("sluice_query_output_rows_total" + query) >= 2);
      double phases = 0;
      for (String phase : new String[] {"plan", "read", "execute", "sink", "commit"}) {
        Double seconds = samples.get("sluice_query_batch_duration_seconds{phase=\"" + phase
            + "\",query=\"q1\",sink=\"per_user\"}");
        assertTrue(seconds != null && seconds >= 0, phase + ": " + response.body());
        phases += seconds;
      }
      assertTrue(phases > 0, response.body());
      // the last batch's checkpoint: its write-ahead record, the aggregation's state and the commit record
      double lastBytes = samples.get("sluice_query_last_checkpoint_bytes" + query);
      assertTrue(lastBytes > 100, response.body());
      double checkpointSeconds = samples.get("sluice_query_last_checkpoint_duration_seconds" + query);
      assertTrue(checkpointSeconds > 0 && checkpointSeconds < phases, response.body());
      assertTrue(response.body().contains("# TYPE sluice_query_last_checkpoint_bytes gauge"), response.body());
      // the counters add up every batch's checkpoint: here two batches at least, the last among them
      assertTrue(samples.get("sluice_query_checkpoints_total" + query) >= 2, response.body());
      assertTrue(samples.get("sluice_query_checkpoint_bytes_total" + query) > lastBytes, response.body());
      assertTrue(samples.get("sluice_query_checkpoint_duration_seconds_total" + query) > checkpointSeconds,
          response.body());
      assertTrue(response.body().matches("(?s).*# TYPE sluice_query_checkpoint_bytes(_total)? counter.*"),
          response.body());
      assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("sluice_query_state_rows{")), response.body());
      assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("sluice_query_watermark_lag_seconds{")),
          response.body());
      assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")));
      assertTrue(response.body().contains("# TYPE sluice_query_input_rows_total counter")
          || response.body().contains("# TYPE sluice_query_input_rows counter"), response.body());
      assertTrue(samples.entrySet().stream().anyMatch(e -> e.getKey().startsWith("sluice_query_state_bytes{")
          && e.getValue() > 0), response.body());
      followsPrometheusNaming(response.body());
    }
  }

  /**
   * Rows later than the watermark, which a window that has closed can no longer take, are dropped
   * and counted in {@code sluice_query_late_rows_total}.
   */
  @Test
  void lateRowsAreCounted() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:metrics-late-test");
         Statement s = c.createStatement();
         HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0,
             c.unwrap(SluiceConnection.class)::continuousQueryProgress)) {
      s.execute("CREATE SOURCE clicks (user_id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)"
          + " WITH (connector = 'memory')");
      s.execute("CREATE SINK per_second WITH (connector = 'memory')");
      s.execute("INSERT INTO per_second SELECT window_start, COUNT(*) AS n"
          + " FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' SECOND)) GROUP BY window_start, window_end");
      SluiceConnection sluice = c.unwrap(SluiceConnection.class);
      s.execute("INSERT INTO clicks VALUES (1, TIMESTAMP '2024-01-01 00:00:00'), (2, TIMESTAMP '2024-01-01 00:00:05')");
      awaitInputRows(sluice, 2);
      // the watermark is now 00:00:04: the window of 00:00:01 has closed
      s.execute("INSERT INTO clicks VALUES (3, TIMESTAMP '2024-01-01 00:00:01.500')");
      String late = "sluice_query_late_rows_total{query=\"q1\",sink=\"per_second\"}";
      String body = scrape(http.port());
      for (int i = 0; i < 3000 && parse(body).getOrDefault(late, 0.0) == 0; i++) {
        Thread.sleep(10);
        body = scrape(http.port());
      }
      assertEquals(1.0, parse(body).get(late), body);
    }
  }

  /**
   * Prometheus's naming rules for Sluice's own metrics: the {@code sluice_} prefix, counters ending
   * in {@code _total}, times in seconds and sizes in bytes named so, each with its help text.
   */
  private static void followsPrometheusNaming(String body) {
    Matcher type = Pattern.compile("(?m)^# TYPE (sluice_\\w+) (\\w+)$").matcher(body);
    int metrics = 0;
    while (type.find()) {
      String name = type.group(1);
      metrics++;
      assertTrue(body.contains("# HELP " + name + " "), "no help for " + name);
      if (type.group(2).equals("counter")) {
        assertTrue(Pattern.compile("(?m)^" + name + "_total[{ ]").matcher(body).find() || name.endsWith("_total"),
            "counter " + name + " has no _total samples");
      }
      if (name.contains("duration") || name.contains("lag")) {
        assertTrue(name.matches(".*_seconds(_total)?"), name + " is a time: its unit is seconds");
      }
      if (name.contains("bytes")) {
        assertTrue(name.matches(".*_bytes(_total)?"), name + " is a size: its unit is bytes");
      }
    }
    assertTrue(metrics >= 12, "only " + metrics + " sluice_ metrics: " + body);
  }

  /** The query runs on its own thread: waits until its batches have read {@code rows} rows. */
  private static void awaitInputRows(SluiceConnection sluice, long rows) throws InterruptedException {
    for (int i = 0; i < 3000 && sluice.continuousQueryProgress().get(0).inputRows() < rows; i++) {
      Thread.sleep(10);
    }
    assertEquals(rows, sluice.continuousQueryProgress().get(0).inputRows(), "rows read in 30 s");
  }

  private static String scrape(int port) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Every line is a comment or a sample; the samples by name and labels. */
  private static Map<String, Double> parse(String body) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : body.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertTrue(m.matches(), "not a sample line of the text format: " + line);
      samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(
          m.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
    }
    return samples;
  }
}
