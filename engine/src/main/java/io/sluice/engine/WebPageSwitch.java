package io.sluice.engine;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.IOException;
import java.net.BindException;

/**
 * A session's {@code ui.port} option: starts the database's web page on 127.0.0.1 at the port it
 * is set to, moves it when set to another port, and stops it when set to {@code 'off'}, reset or
 * when the session closes. The page is the session's: two sessions may each serve one.
 */
final class WebPageSwitch implements AutoCloseable {
  /** The only address the page listens on: it shows the database to anyone who can reach it. */
  static final String HOST = "127.0.0.1";

  private final Database database;
  private WebPageService service;
  private WebPageService.Serving serving;

  WebPageSwitch(Database database) {
    this.database = database;
  }

  /**
   * Serves the page at {@code value} (a port checked by {@code Options}, or {@code "off"}) and
   * returns what the option holds afterwards: the port listened on (the free one chosen for
   * {@code 0}), or {@code "off"}. A port that is taken is refused naming it, and the page goes on
   * where it was.
   */
  String switchTo(String value) {
    if (value.equals("off")) {
      close();
      return value;
    }
    int port = Integer.parseInt(value);
    if (serving != null && serving.port() == port) {
      return value;
    }
    WebPageService.Serving started;
    try {
      started = service().serve(HOST, port, database);
    } catch (BindException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Option 'ui.port': port " + port + " on " + HOST
          + " is in use; set another port, or '0' for any free one");
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Option 'ui.port': cannot serve the web page on port " + port
          + " of " + HOST + ": " + e.getMessage());
    }
    close();
    serving = started;
    return String.valueOf(started.port());
  }

  /** The port the page is served on, or -1 when it is off. */
  int port() {
    return serving == null ? -1 : serving.port();
  }

  /** What serves the page; null: the session has none, and {@code ui.port} is refused. */
  void use(WebPageService service) {
    this.service = service;
  }

  private WebPageService service() {
    if (service == null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Option 'ui.port' needs the web page, which is in"
          + " Sluice's server module: connect through the JDBC driver with the sluice jar (or sluice-server) on the"
          + " class path");
    }
    return service;
  }

  @Override
  public void close() {
    if (serving != null) {
      serving.close();
      serving = null;
    }
  }
}
