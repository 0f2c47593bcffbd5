package io.sluice.engine;

import java.io.IOException;

/**
 * Serves the live web page of a database's continuous queries (the one {@code sluice run --ui}
 * shows): what {@code SET 'ui.port' = 'N'} starts. The page and its HTTP server live in the server
 * module, above the engine; the face that opens the session (the JDBC driver) gives it one with
 * {@link Session#useWebPages}, so the engine starts the page without depending on the module that
 * draws it. A session without one refuses {@code ui.port} with a clear error.
 */
public interface WebPageService {
  /**
   * Starts serving the page for {@code database}'s continuous queries on {@code host}:{@code port}
   * (0: any free port).
   *
   * @throws java.net.BindException when the port is taken
   */
  Serving serve(String host, int port, Database database) throws IOException;

  /** A page being served: its port, and {@link #close} to stop it. */
  interface Serving extends AutoCloseable {
    /** The port it listens on (the one given, or the one chosen for port 0). */
    int port();

    /** Stops serving; the port is free again. */
    @Override
    void close();
  }
}
