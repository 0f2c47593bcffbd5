package io.sluice.server.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.Database;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SET 'ui.port'} in a JDBC session: the database's web page and its API over real HTTP on
 * 127.0.0.1, then switched off (by 'off', RESET and closing the connection) and the port closed.
 */
class UiPortOptionTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void setServesThePageOfTheDatabaseAndOffClosesThePort() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:ui-port-test");
         Statement s = c.createStatement()) {
      s.execute("CREATE SOURCE clicks (user_id BIGINT) WITH (connector = 'memory')");
      s.execute("CREATE SINK per_user WITH (connector = 'memory')");
      s.execute("INSERT INTO per_user SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id");

      s.execute("SET 'ui.port' = '0'");
      int port = Integer.parseInt(setting(s, "ui.port")); // the free port chosen for 0
      assertNotEquals(0, port);
      HttpResponse<String> page = get(port, "/");
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("<html"), page.body());
      HttpResponse<String> queries = get(port, "/api/queries");
      assertEquals(200, queries.statusCode());
      assertTrue(queries.body().contains("\"q1\"") && queries.body().contains("per_user"), queries.body());

      s.execute("SET 'ui.port' = 'off'");
      assertEquals("off", setting(s, "ui.port"));
      assertThrows(ConnectException.class, () -> get(port, "/"));
    }
  }

  @Test
  void resetAndClosingTheSessionStopThePage() throws Exception {
    int port;
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:ui-port-reset");
         Statement s = c.createStatement()) {
      s.execute("SET 'ui.port' = '0'");
      int first = Integer.parseInt(setting(s, "ui.port"));
      s.execute("RESET 'ui.port'");
      assertThrows(ConnectException.class, () -> get(first, "/api/queries"));
      s.execute("SET 'ui.port' = '0'");
      port = Integer.parseInt(setting(s, "ui.port"));
      assertEquals(200, get(port, "/api/queries").statusCode());
    }
    assertThrows(ConnectException.class, () -> get(port, "/api/queries"));
  }

  @Test
  void aDatabaseFolderDoesNotSaveThePort(@TempDir Path folder) throws Exception {
    String url = "jdbc:sluice:file:" + folder.resolve("db");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("SET 'execution.batch-size' = '512'");
      s.execute("SET 'ui.port' = '0'");
    }
    Database.open(folder.resolve("db")).close(); // the shared instance, as at the end of the process
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertEquals("512", setting(s, "execution.batch-size"));
      assertEquals("off", setting(s, "ui.port"), "the page belonged to the session that set it");
    }
    Database.open(folder.resolve("db")).close();
  }

  @Test
  void aPortInUseIsRefusedNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
         Connection c = DriverManager.getConnection("jdbc:sluice:mem:ui-port-taken");
         Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.execute("SET 'ui.port' = '" + taken.getLocalPort() + "'"));
      assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use"), e.getMessage());
      assertEquals("58030", e.getSQLState());
      assertEquals("off", setting(s, "ui.port"));
      SQLException bad = assertThrows(SQLException.class, () -> s.execute("SET 'ui.port' = '70000'"));
      assertTrue(bad.getMessage().contains("'ui.port' takes a port"), bad.getMessage());
    }
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String setting(Statement s, String option) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW SETTINGS")) {
      while (rs.next()) {
        if (rs.getString("option").equals(option)) {
          return rs.getString("value");
        }
      }
    }
    throw new AssertionError("SHOW SETTINGS has no " + option);
  }
}
