package io.sluice.server.ui;

import io.sluice.engine.Database;
import io.sluice.engine.WebPageService;
import io.sluice.jdbc.ContinuousQueryProgress;
import io.sluice.server.http.HttpEndpoint;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The web page for {@code SET 'ui.port'}: the engine finds this class with
 * {@link java.util.ServiceLoader} and asks it to serve a database's page. The same page and
 * {@code /metrics} that {@code --ui} serves, on an endpoint of its own.
 */
public final class WebPageProvider implements WebPageService {
  @Override
  public Serving serve(String host, int port, Database database) throws IOException {
    Supplier<List<ContinuousQueryProgress>> queries = () -> ContinuousQueryProgress.listOf(database);
    HttpEndpoint endpoint = HttpEndpoint.start(host, port, queries);
    WebUi.serveOn(endpoint, queries);
    return new Serving() {
      @Override
      public int port() {
        return endpoint.port();
      }

      @Override
      public void close() {
        endpoint.close();
      }
    };
  }
}
