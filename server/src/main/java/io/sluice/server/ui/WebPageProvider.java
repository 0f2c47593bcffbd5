package io.sluice.server.ui;

import io.sluice.jdbc.ContinuousQueryProgress;
import io.sluice.jdbc.WebPageServer;
import io.sluice.server.http.HttpEndpoint;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The web page for {@code SET 'ui.port'}: the JDBC driver finds this class with
 * {@link java.util.ServiceLoader} and asks it to serve a database's page. The same page and
 * {@code /metrics} that {@code --ui} serves, on an endpoint of its own (which stops when closed).
 */
public final class WebPageProvider implements WebPageServer {
  @Override
  public Running start(String host, int port, Supplier<List<ContinuousQueryProgress>> queries) throws IOException {
    HttpEndpoint endpoint = HttpEndpoint.start(host, port, queries);
    WebUi.serveOn(endpoint, queries);
    return endpoint;
  }
}
