package io.sluice.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.jdbc.ContinuousQueryProgress;
import io.sluice.jdbc.WebPageServer;
import io.sluice.server.metrics.QueryMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Sluice's HTTP port: {@code /metrics} in the Prometheus text format (the queries' metrics and the
 * JVM's), and the live web page ({@code server.ui.WebUi}), which adds its own paths with
 * {@link #route}. The JDK's own {@code com.sun.net.httpserver}: a few GET requests a second need no
 * other server, and nothing is added to the jar. Listens on 127.0.0.1 unless told otherwise.
 */
public final class HttpEndpoint implements WebPageServer.Running {
  private final HttpServer server;
  private final ExecutorService executor;

  private HttpEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving {@code /metrics} on host:port (port 0: any free one) for the continuous queries
   * {@code queries} lists at each scrape ({@link io.sluice.jdbc.SluiceConnection#continuousQueryProgress}).
   */
  public static HttpEndpoint start(String host, int port, Supplier<List<ContinuousQueryProgress>> queries)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "sluice-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    registry.register(new QueryMetrics(queries, System::currentTimeMillis));
    HttpEndpoint endpoint = new HttpEndpoint(server, executor);
    endpoint.route("/metrics", exchange -> endpoint.metrics(exchange, registry));
    server.start();
    return endpoint;
  }

  /** Serves {@code path} (and below it) with {@code handler}: where the web page plugs in. */
  public void route(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  @Override
  public int port() {
    return server.getAddress().getPort();
  }

  private void metrics(HttpExchange exchange, PrometheusRegistry registry) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      writer.write(body, registry.scrape());
      exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
      exchange.sendResponseHeaders(200, body.size());
      try (OutputStream out = exchange.getResponseBody()) {
        body.writeTo(out);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown(); // its threads end too: a page switched on and off leaves nothing behind
  }
}
