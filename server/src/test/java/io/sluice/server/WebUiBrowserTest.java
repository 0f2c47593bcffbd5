package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.jdbc.SluiceConnection;
import io.sluice.server.http.HttpEndpoint;
import io.sluice.server.ui.WebUi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live web page in a real headless Chromium, driven over the DevTools protocol, while a
 * checkpointed windowed aggregation over generated rows runs: the page lists the query, draws its
 * eight plots (the batch's five phases and the checkpoint's size and duration among them), shows
 * its plan and batches with their replay commands, and its numbers move as batches commit, with
 * nothing written to the console. The page as it was is kept in {@code target/webui-screenshot.png}.
 */
class WebUiBrowserTest {
  /** The eight plots of the page, by their data-plot name. */
  private static final List<String> PLOTS = List.of("rows", "duration", "lag", "state", "state-rows", "late",
      "checkpoint-size", "checkpoint-time");

  @TempDir
  Path checkpoint;

  /** What the test reads of the page, as one JSON object ({} while the page has not loaded). */
  private static final String READ_PAGE = """
      !document.getElementById('plan') ? '{}' : JSON.stringify({
        query: document.querySelector('#queries tbody tr[data-query]')?.dataset.query || null,
        status: document.getElementById('query-status').textContent,
        rowsIn: document.querySelector('#queries tbody tr[data-query] td:nth-child(7)')?.textContent || null,
        lastBatch: document.querySelector('#batches tbody tr td')?.textContent || null,
        offsets: document.querySelector('#batches tbody tr td:nth-child(11)')?.textContent || null,
        replay: document.querySelector('#batches tbody tr td:nth-child(12)')?.textContent || null,
        plan: document.getElementById('plan').textContent,
        captions: Object.fromEntries([...document.querySelectorAll('figure[data-plot]')].map(f =>
          [f.dataset.plot, f.querySelector('output').textContent])),
        inked: [...document.querySelectorAll('figure[data-plot]')].map(f => {
          const c = f.querySelector('canvas');
          const blank = document.createElement('canvas');
          blank.width = c.width;
          blank.height = c.height;
          return [f.dataset.plot, c.toDataURL() !== blank.toDataURL()];
        })
      })""";

  @Test
  void pageShowsALiveQueryWithPlots() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:webui-browser-test");
         Statement s = c.createStatement()) {
      SluiceConnection sluice = c.unwrap(SluiceConnection.class);
      s.execute("CREATE SOURCE readings (sensor BIGINT, reading DOUBLE, ts TIMESTAMP(3),"
          + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (connector = 'datagen', 'rows-per-second' = '2000',"
          + " 'event-time-per-row' = '10 ms', 'fields.sensor.kind' = 'random', 'fields.sensor.start' = '1',"
          + " 'fields.sensor.end' = '5')");
      s.execute("CREATE SINK nowhere WITH (connector = 'blackhole')");
      s.execute("SET 'pipeline.trigger' = '200 ms'");
      s.execute("SET 'pipeline.checkpoint' = '" + checkpoint + "'");
      s.execute("INSERT INTO nowhere SELECT window_start, sensor, COUNT(*) AS n, AVG(reading) AS average"
          + " FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '1' SECOND))"
          + " GROUP BY window_start, window_end, sensor");
      try (HttpEndpoint http = HttpEndpoint.start("127.0.0.1", 0, sluice::continuousQueryProgress);
           HeadlessChromium browser = HeadlessChromium.start(1400, 1700);
           DevToolsSession page = browser.openPage()) {
        WebUi.serveOn(http, sluice::continuousQueryProgress);
        page.send("Runtime.enable", Map.of());
        page.send("Log.enable", Map.of());
        page.send("Page.enable", Map.of());
        page.send("Page.navigate", Map.of("url", "http://127.0.0.1:" + http.port() + "/"));

        JsonNode first = awaitPage(page, p -> p.path("query").asText().equals("q1") && !p.path("lastBatch").isNull()
            && p.path("plan").asText().length() > 0, "the page to show q1 with its batches and plan");
        assertEquals("running", first.path("status").asText(), first.toString());
        assertTrue(first.path("plan").asText().contains("Tumble(time=ts, size=1000 ms)"), first.path("plan").asText());
        assertTrue(first.path("offsets").asText().startsWith("readings: "), first.toString());
        JsonNode second = awaitPage(page, p -> !p.path("lastBatch").equals(first.path("lastBatch"))
            && !p.path("rowsIn").equals(first.path("rowsIn")), "the page's numbers to change as batches commit");
        assertTrue(Long.parseLong(second.path("lastBatch").asText()) > Long.parseLong(first.path("lastBatch").asText()));
        assertNotEquals(first.path("captions"), second.path("captions"), "the plots' latest values move");
        for (JsonNode read : List.of(first, second)) {
          JsonNode captions = read.path("captions");
          String duration = captions.path("duration").asText();
          for (String phase : List.of("plan", "read", "execute", "sink", "commit")) {
            assertTrue(duration.contains(phase + " "), "phase " + phase + " in " + duration);
          }
          // "written 1.2kB": the last batch's checkpoint files; "checkpoint 3.1 ms"
          assertTrue(captionValue(captions.path("state-rows").asText(), "WindowAggregate (append) ") > 0,
              read.toString());
          assertTrue(captionValue(captions.path("checkpoint-size").asText(), "written ") > 0, read.toString());
          assertTrue(captionValue(captions.path("checkpoint-time").asText(), "checkpoint ") > 0, read.toString());
          assertTrue(read.path("replay").asText().startsWith("sluice replay --batch " + read.path("lastBatch").asText()
              + " --sink nowhere "), read.toString());
        }
        List<String> drawn = new ArrayList<>();
        for (JsonNode plot : second.path("inked")) {
          assertTrue(plot.get(1).asBoolean(), "plot " + plot.get(0).asText() + " drew nothing: " + second);
          drawn.add(plot.get(0).asText());
        }
        assertEquals(PLOTS, drawn, second.toString());

        JsonNode shot = page.send("Page.captureScreenshot", Map.of("format", "png"));
        Path file = Path.of("target", "webui-screenshot.png");
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
        assertTrue(Files.size(file) > 10_000, "screenshot of " + Files.size(file) + " bytes");

        assertEquals(List.of(), problems(page.events()), "the page's console");
      } finally {
        sluice.stopContinuousQueries();
        sluice.awaitContinuousQueries();
      }
    }
  }

  /** The number a plot's caption gives after {@code label}: "written 1.2k B" is 1200. */
  private static double captionValue(String caption, String label) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(label)
        + "([0-9.eE+-]+)([kMG]?)").matcher(caption);
    assertTrue(m.find(), "no '" + label + "' in caption " + caption);
    double scale = switch (m.group(2)) {
      case "k" -> 1e3;
      case "M" -> 1e6;
      case "G" -> 1e9;
      default -> 1;
    };
    return Double.parseDouble(m.group(1)) * scale;
  }

  /** Reads the page every 200 ms until {@code done} holds of it, at most 30 s. */
  private static JsonNode awaitPage(DevToolsSession page, Predicate<JsonNode> done, String what) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode read;
    do {
      read = new com.fasterxml.jackson.databind.ObjectMapper().readTree(page.evaluate(READ_PAGE).asText());
      if (done.test(read)) {
        return read;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("waited 30 s for " + what + "; the page shows " + read
        + "; console: " + problems(page.events()));
  }

  /** Console errors and warnings, uncaught exceptions and browser log errors, as text. */
  private static List<String> problems(List<JsonNode> events) {
    List<String> problems = new ArrayList<>();
    for (JsonNode event : events) {
      JsonNode params = event.path("params");
      switch (event.path("method").asText()) {
        case "Runtime.consoleAPICalled" -> {
          String type = params.path("type").asText();
          if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
            problems.add("console." + type + ": " + params.path("args"));
          }
        }
        case "Runtime.exceptionThrown" -> problems.add("exception: " + params.path("exceptionDetails"));
        case "Log.entryAdded" -> {
          String level = params.path("entry").path("level").asText();
          if (level.equals("error") || level.equals("warning")) {
            problems.add("log " + level + ": " + params.path("entry").path("text").asText() + " "
                + params.path("entry").path("url").asText());
          }
        }
        default -> { }
      }
    }
    return problems;
  }
}
