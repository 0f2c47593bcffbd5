package io.sluice.server.ui;

import com.sun.net.httpserver.HttpExchange;
import io.sluice.jdbc.ContinuousQueryProgress;
import io.sluice.server.http.HttpEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The live web page of a running pipeline, on the HTTP port it shares with {@code /metrics}: the
 * page itself at {@code /} (HTML, JavaScript and CSS from the jar; the plots are drawn by the page's
 * own small canvas module, so nothing is fetched from the internet), and its JSON API, which the
 * page polls every second:
 *
 * <ul>
 *   <li>{@code GET /api/queries}: the continuous queries (id, status, sink, trigger, output mode,
 *       last error, totals);
 *   <li>{@code GET /api/queries/ID}: one query with its plan and its recent batches (rows, rows/s,
 *       durations by phase, checkpoint bytes and duration, watermark and its lag, late, malformed
 *       and dead-letter rows, state per operator, offsets per source, and the replay command of
 *       each batch its checkpoint still keeps).
 * </ul>
 *
 * Everything is read from the driver's {@link ContinuousQueryProgress}, never from the engine.
 */
public final class WebUi {
  /** The page's files, by path; everything else under {@code /} is 404. */
  private static final Map<String, String> ASSETS = Map.of(
      "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/plot.js", "plot.js",
      "/style.css", "style.css");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");
  private static final String API = "/api/queries";

  /** What ends a replay command when the pipeline file is not known (the shell, a program). */
  public static final String SOME_PIPELINE = "PIPELINE.sql";

  private final Supplier<List<ContinuousQueryProgress>> queries;
  private final String pipeline;

  private WebUi(Supplier<List<ContinuousQueryProgress>> queries, String pipeline) {
    this.queries = queries;
    this.pipeline = pipeline;
  }

  /** Serves the page and its API on {@code endpoint} for the queries {@code queries} lists at each request. */
  public static void serveOn(HttpEndpoint endpoint, Supplier<List<ContinuousQueryProgress>> queries) {
    serveOn(endpoint, queries, SOME_PIPELINE);
  }

  /**
   * As {@link #serveOn(HttpEndpoint, Supplier)}, for the queries of a pipeline file: replay commands
   * end with {@code pipeline}, the words that name it to {@code sluice replay} ("--checkpoint DIR
   * FILE.sql", "FILE.sql").
   */
  public static void serveOn(HttpEndpoint endpoint, Supplier<List<ContinuousQueryProgress>> queries,
      String pipeline) {
    WebUi ui = new WebUi(queries, pipeline);
    endpoint.route(API, ui::api);
    endpoint.route("/", ui::asset);
  }

  private void api(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!isGet(exchange)) {
        return;
      }
      String path = exchange.getRequestURI().getPath();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if (path.equals(API) || path.equals(API + "/")) {
        QueryJson.writeList(queries.get(), body);
      } else {
        String id = path.substring(API.length() + 1);
        ContinuousQueryProgress query = find(id);
        if (query == null) {
          send(exchange, 404, "application/json", ("{\"error\":\"no query " + id.replaceAll("[^A-Za-z0-9_-]", "?")
              + "\"}").getBytes(StandardCharsets.UTF_8));
          return;
        }
        QueryJson.writeDetail(query, pipeline, body);
      }
      send(exchange, 200, "application/json", body.toByteArray());
    }
  }

  private ContinuousQueryProgress find(String id) {
    for (ContinuousQueryProgress q : queries.get()) {
      if (q.id().equals(id)) {
        return q;
      }
    }
    return null;
  }

  private void asset(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!isGet(exchange)) {
        return;
      }
      String name = ASSETS.get(exchange.getRequestURI().getPath());
      if (name == null) {
        send(exchange, 404, "text/plain; charset=utf-8", "Not found\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] bytes;
      try (InputStream in = WebUi.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("The web page's " + name + " is missing from the jar");
        }
        bytes = in.readAllBytes();
      }
      send(exchange, 200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), bytes);
    }
  }

  /** Whether the request is a GET (or HEAD); else answers 405 and returns false. */
  private static boolean isGet(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD")) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    exchange.sendResponseHeaders(405, -1);
    return false;
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
