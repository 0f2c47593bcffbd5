package io.sluice.jdbc;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Serves the live web page of a database's continuous queries: what {@code SET 'ui.port'} starts.
 * The server module implements it and offers it through {@link java.util.ServiceLoader}; the driver
 * hands it to each session, so neither the driver nor the engine depends on the HTTP server.
 */
public interface WebPageServer {
  /**
   * Starts serving the page on {@code host}:{@code port} (0: any free port) for the queries
   * {@code queries} lists at each request.
   *
   * @throws java.net.BindException when the port is taken
   */
  Running start(String host, int port, Supplier<List<ContinuousQueryProgress>> queries) throws IOException;

  /** A page being served. */
  interface Running extends AutoCloseable {
    /** The port it listens on (the one given, or the one chosen for port 0). */
    int port();

    /** Stops serving; the port is free again. */
    @Override
    void close();
  }
}
