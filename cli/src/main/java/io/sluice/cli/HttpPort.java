package io.sluice.cli;

import io.sluice.jdbc.ContinuousQueryProgress;
import io.sluice.server.http.HttpEndpoint;
import io.sluice.server.ui.WebUi;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code --http-port N} of {@code sluice serve} and {@code sluice run}: Prometheus metrics on
 * http://127.0.0.1:N/metrics; and {@code --ui [PORT]} of {@code sluice run} and the shell: the live
 * web page on http://127.0.0.1:PORT/, on the same server as the metrics when {@code --http-port}
 * is given too. Its own class so that the server module loads only when an option is given.
 */
final class HttpPort {
  static final String OPTION = "--http-port";
  static final String UI_OPTION = "--ui";
  /** The web page's port when {@code --ui} names none (Spark's UI port, which people know to look at). */
  static final String DEFAULT_UI_PORT = "4040";

  private HttpPort() {}

  /** The endpoint on 127.0.0.1, or a no-op when the option was not given. */
  static AutoCloseable start(String port, Supplier<List<ContinuousQueryProgress>> queries, PrintStream err)
      throws IOException {
    return start(port, null, null, queries, err);
  }

  /**
   * Metrics on {@code port} and the web page on {@code uiPort} (either null when not asked for):
   * one server when only one is given or both name the same port, else two. {@code pipeline} is
   * what names the pipeline to {@code sluice replay} ("FILE.sql", "--checkpoint DIR FILE.sql"), or
   * null where there is no file.
   */
  static AutoCloseable start(String port, String uiPort, String pipeline,
      Supplier<List<ContinuousQueryProgress>> queries, PrintStream err) throws IOException {
    if (port == null && uiPort == null) {
      return () -> {};
    }
    HttpEndpoint metrics = port == null ? null : endpoint(OPTION, port, queries);
    if (metrics != null) {
      err.println("Metrics on http://127.0.0.1:" + metrics.port() + "/metrics");
    }
    if (uiPort == null) {
      return metrics;
    }
    HttpEndpoint page = metrics != null && (uiPort.equals(port) || uiPort.equals(String.valueOf(metrics.port())))
        ? metrics : endpoint(UI_OPTION, uiPort, queries);
    WebUi.serveOn(page, queries, pipeline == null ? WebUi.SOME_PIPELINE : pipeline);
    err.println("Web page on http://127.0.0.1:" + page.port() + "/");
    return metrics == null || page == metrics ? page : () -> {
      try (metrics; page) {
        // both closed
      }
    };
  }

  private static HttpEndpoint endpoint(String option, String port, Supplier<List<ContinuousQueryProgress>> queries)
      throws IOException {
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
      throw new IOException(option + " takes a port number, not '" + port + "'");
    }
    try {
      return HttpEndpoint.start("127.0.0.1", Integer.parseInt(port), queries);
    } catch (java.net.BindException e) {
      throw new IOException(option + ": port " + port + " on 127.0.0.1 is in use (" + e.getMessage()
          + "); give another with " + option + " PORT", e);
    }
  }
}
