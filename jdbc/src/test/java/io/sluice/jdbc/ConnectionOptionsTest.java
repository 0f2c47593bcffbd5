package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session options given with the connection: {@code ;key=value} at the end of the URL, and properties. */
class ConnectionOptionsTest {

  /** SHOW SETTINGS as option to "value | origin". */
  private static Map<String, String> settings(Connection c) throws SQLException {
    Map<String, String> settings = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SETTINGS")) {
      while (rs.next()) {
        settings.put(rs.getString("option"), rs.getString("value") + " | " + rs.getString("origin"));
      }
    }
    return settings;
  }

  @Test
  void urlOptionsAreSessionOptionsOfTheNamedDatabase() throws SQLException {
    try (Connection c = DriverManager.getConnection(
        "jdbc:sluice:mem:optionsTest;pipeline.trigger=once; pipeline.checkpoint-retain = 7;")) {
      assertSame(Database.named("optionsTest"), c.unwrap(SluiceConnection.class).database(),
          "the options are not part of the database name");
      Map<String, String> settings = settings(c);
      assertEquals("once | connection", settings.get("pipeline.trigger"));
      assertEquals("7 | connection", settings.get("pipeline.checkpoint-retain"));
      assertEquals("null | default", settings.get("pipeline.output-mode"));
      try (Statement s = c.createStatement()) {
        s.execute("SET 'pipeline.trigger' = 'available-now'");
      }
      assertEquals("available-now | session", settings(c).get("pipeline.trigger"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sluice:;pipeline.output-mode=update")) {
      assertEquals("update | connection", settings(c).get("pipeline.output-mode"));
      assertEquals("", c.unwrap(SluiceConnection.class).database().name(), "a private database");
    }
  }

  @Test
  void propertiesAreSessionOptionsAndWinOverTheUrl() throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", "ada");
    info.setProperty("pipeline.trigger", "1 second");
    try (Connection c = DriverManager.getConnection("jdbc:sluice:;pipeline.trigger=once", info)) {
      assertEquals("1 second | connection", settings(c).get("pipeline.trigger"));
    }
  }

  @Test
  void propertyInfoListsTheOptionsWithTheirValues() throws SQLException {
    Properties info = new Properties();
    info.setProperty("pipeline.output-mode", "update");
    Map<String, String> listed = new LinkedHashMap<>();
    for (java.sql.DriverPropertyInfo p : new SluiceDriver().getPropertyInfo("jdbc:sluice:;pipeline.trigger=once", info)) {
      listed.put(p.name, p.value);
    }
    assertTrue(listed.containsKey("user"));
    assertEquals("once", listed.get("pipeline.trigger"));
    assertEquals("update", listed.get("pipeline.output-mode"));
    assertEquals("20", listed.get("pipeline.checkpoint-retain"));
    assertEquals("on", listed.get("optimizer.batch.predicate-pushdown"));
  }

  @Test
  void unknownKeysAndBadValuesAreRefusedNamingThem() {
    SQLException unknown = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:sluice:mem:x;pipeline.trigger=once;pipeline.trigerr=once"));
    assertEquals("08001", unknown.getSQLState());
    assertTrue(unknown.getMessage().startsWith("Connection option 'pipeline.trigerr' in the URL is refused:"
        + " Unknown option 'pipeline.trigerr'. Did you mean 'pipeline.trigger'?"), unknown.getMessage());

    SQLException bad = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:sluice:;pipeline.checkpoint-retain=many"));
    assertTrue(bad.getMessage().contains("'pipeline.checkpoint-retain'"), bad.getMessage());
    assertTrue(bad.getMessage().contains("not 'many'"), bad.getMessage());

    SQLException noValue = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:sluice:;trigger"));
    assertTrue(noValue.getMessage().contains("option 'trigger' is not of the form key=value"), noValue.getMessage());

    Properties info = new Properties();
    info.setProperty("colour", "blue");
    SQLException property = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:sluice:", info));
    assertTrue(property.getMessage().startsWith("Connection option 'colour' in the connection properties is refused"),
        property.getMessage());
  }

  @Test
  void aFileUrlKeepsTheDatabaseInItsFolder(@TempDir Path dir) throws SQLException {
    String url = "jdbc:sluice:file:" + dir.resolve("db");
    Database database;
    try (Connection c = DriverManager.getConnection(url + ";execution.batch-size=100");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id BIGINT, name VARCHAR)");
      assertEquals(2, s.executeUpdate("INSERT INTO t VALUES (1, 'a'), (2, 'b')"));
      database = c.unwrap(SluiceConnection.class).database();
      assertEquals(dir.resolve("db").toAbsolutePath(), database.folder());
    }
    database.close(); // as at the end of the process: the next open reads the folder
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM t ORDER BY id")) {
      assertTrue(rs.next());
      assertEquals("a", rs.getString(1));
      assertTrue(rs.next());
      assertEquals("b", rs.getString(1));
      c.unwrap(SluiceConnection.class).database().close();
    }
    SQLException blank = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:sluice:file:"));
    assertTrue(blank.getMessage().contains("a folder must follow 'file:'"), blank.getMessage());
  }
}
