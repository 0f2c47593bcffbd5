package io.sluice.cli;

import io.sluice.jdbc.ContinuousQueryProgress;
import io.sluice.server.http.HttpEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code --http-port N} of {@code sluice serve} and {@code sluice run}: Prometheus metrics on
 * http://127.0.0.1:N/metrics (the live web page will share the port). Its own class so that the
 * server module loads only when the option is given.
 */
final class HttpPort {
  static final String OPTION = "--http-port";

  private HttpPort() {}

  /** The endpoint on 127.0.0.1, or a no-op when the option was not given. */
  static AutoCloseable start(String port, Supplier<List<ContinuousQueryProgress>> queries, PrintStream err)
      throws IOException {
    if (port == null) {
      return () -> {};
    }
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
      throw new IOException(OPTION + " takes a port number, not '" + port + "'");
    }
    HttpEndpoint endpoint = HttpEndpoint.start("127.0.0.1", Integer.parseInt(port), queries);
    err.println("Metrics on http://127.0.0.1:" + endpoint.port() + "/metrics");
    return endpoint;
  }
}
