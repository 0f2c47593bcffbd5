package io.sluice.jdbc;

import io.sluice.engine.Database;
import io.sluice.engine.WebPageService;
import java.io.IOException;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * The engine's {@link WebPageService} for a connection's session: the {@link WebPageServer} found
 * on the class path (the server module's), fed with the database's queries as the driver shows
 * them. Looked up when a page is first asked for, so a connection that never sets {@code ui.port}
 * loads nothing of the server.
 */
final class WebPages implements WebPageService {
  static final WebPages INSTANCE = new WebPages();

  private WebPages() {}

  @Override
  public Serving serve(String host, int port, Database database) throws IOException {
    WebPageServer.Running running = server().start(host, port, () -> ContinuousQueryProgress.listOf(database));
    return new Serving() {
      @Override
      public int port() {
        return running.port();
      }

      @Override
      public void close() {
        running.close();
      }
    };
  }

  private static WebPageServer server() {
    Iterator<WebPageServer> found = ServiceLoader.load(WebPageServer.class, WebPages.class.getClassLoader()).iterator();
    if (!found.hasNext()) {
      throw new io.sluice.catalog.SluiceException(io.sluice.catalog.ErrorCode.UNSUPPORTED, "Option 'ui.port' needs"
          + " the web page, which is in Sluice's server module: use the sluice jar, or put sluice-server on the"
          + " class path");
    }
    return found.next();
  }
}
