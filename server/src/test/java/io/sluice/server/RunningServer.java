package io.sluice.server;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/** A real server on a free loopback port over a fresh in-memory database, for one test class. */
final class RunningServer implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  final PgServer server;
  final String sluiceUrl;
  /** Keeps the in-memory database alive between client connections. */
  private final Connection anchor;

  private RunningServer(PgServer server, String sluiceUrl, Connection anchor) {
    this.server = server;
    this.sluiceUrl = sluiceUrl;
    this.anchor = anchor;
  }

  static RunningServer start(Path passwordFile, int maxConnections) throws IOException, SQLException {
    String url = "jdbc:sluice:mem:pgwire-test-" + DATABASES.incrementAndGet();
    Connection anchor = DriverManager.getConnection(url);
    ServerConfig config = ServerConfig.local(url).withPort(0).withPasswordFile(passwordFile)
        .withMaxConnections(maxConnections).withLimits(1 << 20, 2_000);
    return new RunningServer(PgServer.start(config), url, anchor);
  }

  static RunningServer start() throws IOException, SQLException {
    return start(null, 16);
  }

  int port() {
    return server.port();
  }

  /** A PostgreSQL JDBC connection to the server. */
  Connection pgjdbc(String user, String password, String extra) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/sluice" + extra, properties);
  }

  Connection pgjdbc() throws SQLException {
    return pgjdbc("ada", null, "");
  }

  @Override
  public void close() throws SQLException {
    server.close();
    anchor.close();
  }
}
