package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'security.external-access' = 'off' with 'security.allowed-paths', set as connection
 * properties: the known ways out of the allowed folder are refused (SQLSTATE 42501), what is
 * inside works, and SQL cannot undo it. Also Connection.setReadOnly.
 */
class LockedDownTest {
  @TempDir
  Path root;
  Path allowed;
  Path outside;
  String url;

  @BeforeEach
  void folders() throws IOException {
    allowed = Files.createDirectories(root.resolve("allowed"));
    outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(allowed.resolve("in.csv"), "1,inside\n");
    Files.writeString(outside.resolve("secret.csv"), "2,secret\n");
    Files.createSymbolicLink(allowed.resolve("link"), outside);
    url = "jdbc:sluice:mem:locked-" + System.nanoTime();
  }

  private Connection locked() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("security.external-access", "off");
    properties.setProperty("security.allowed-paths", allowed.toString());
    return DriverManager.getConnection(url, properties);
  }

  private static void refused(Statement s, String sql, String... words) {
    SQLException e = assertThrows(SQLException.class, () -> {
      if (s.execute(sql)) {
        s.getResultSet().close();
      }
    }, sql);
    assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
    for (String word : words) {
      assertTrue(e.getMessage().contains(word), sql + ": " + e.getMessage());
    }
    assertFalse(e.getMessage().contains("Internal error"), e.getMessage());
  }

  private static String csvTable(String name, String path) {
    return "CREATE TABLE " + name + " (id INTEGER, v VARCHAR) WITH (connector = 'files', path = '" + path
        + "', format = 'csv')";
  }

  @Test
  void pathsOutsideTheAllowedFoldersAreRefused() throws Exception {
    Path working = Path.of("").toAbsolutePath();
    try (Connection c = locked(); Statement s = c.createStatement()) {
      refused(s, csvTable("t1", outside.resolve("secret.csv").toString()), "outside the folders",
          "security.allowed-paths");
      refused(s, csvTable("t2", allowed + "/../outside/secret.csv"));                 // ..
      refused(s, csvTable("t3", allowed.resolve("link").resolve("secret.csv").toString())); // a link out
      refused(s, csvTable("t4", allowed.resolve("link") + "/../outside/secret.csv")); // .. after a link
      refused(s, csvTable("t5", working.relativize(outside.resolve("secret.csv")).toString())); // relative
      refused(s, csvTable("t6", "/etc/passwd"));
      refused(s, csvTable("t7", "file://" + outside.resolve("secret.csv")));
      refused(s, csvTable("t8", "file:" + allowed + "/../outside/secret.csv"));
      for (String uri : List.of("hdfs://namenode:8020/data.csv", "ftp://host/data.csv", "s3a://bucket/data.csv",
          "file://otherhost" + allowed + "/in.csv")) {
        refused(s, csvTable("t9", uri));
      }
      refused(s, "CREATE SINK out WITH (connector = 'files', path = '" + outside + "', format = 'csv')");
      refused(s, "CREATE SOURCE src (id INTEGER, v VARCHAR) WITH (connector = 'files', path = '" + outside
          + "', format = 'csv')");
      refused(s, "SET 'pipeline.checkpoint' = '" + outside.resolve("ckpt") + "'", "pipeline.checkpoint");
      refused(s, "SET 'pipeline.checkpoint' = 'hdfs://namenode:8020/ckpt/'", "hdfs");
      refused(s, "SET 'pipeline.progress' = '" + allowed.resolve("link/progress.jsonl") + "'", "pipeline.progress");
      refused(s, "SHOW CHECKPOINT '" + outside + "'");
      assertFalse(Files.exists(outside.resolve("ckpt")));
    }
  }

  @Test
  void theAllowedFolderWorks() throws Exception {
    try (Connection c = locked(); Statement s = c.createStatement()) {
      s.execute(csvTable("inside", allowed.resolve("in.csv").toString()));
      try (ResultSet rs = s.executeQuery("SELECT v FROM inside")) {
        assertTrue(rs.next());
        assertEquals("inside", rs.getString(1));
      }
      s.execute(csvTable("copy", allowed.resolve("copy").toString()));
      assertEquals(1, s.executeUpdate("INSERT INTO copy SELECT * FROM inside"));
      s.execute("SET 'pipeline.checkpoint' = '" + allowed.resolve("ckpt") + "'");
      s.execute("SET 'pipeline.progress' = '" + allowed.resolve("progress.jsonl") + "'");
      s.execute("CREATE TABLE mem (x INTEGER)"); // memory and generated data reach nothing outside
      s.execute("CREATE SOURCE gen (x BIGINT) WITH (connector = 'datagen', 'number-of-rows' = '3')");
    }
  }

  @Test
  void sqlCannotUndoIt() throws Exception {
    try (Connection c = locked(); Statement s = c.createStatement()) {
      refused(s, "SET 'security.external-access' = 'on'", "cannot be changed");
      refused(s, "SET 'security.allowed-paths' = '/'", "cannot be changed");
      refused(s, "RESET 'security.external-access'");
      refused(s, "RESET 'security.allowed-paths'");
      s.execute("RESET ALL");
      refused(s, csvTable("t1", outside.resolve("secret.csv").toString()));
      s.execute("SET 'security.external-access' = 'off'"); // saying it again is fine
    }
  }

  @Test
  void tablesOfOtherSessionsOutsideTheFoldersCannotBeRead() throws Exception {
    try (Connection open = DriverManager.getConnection(url); Statement s = open.createStatement()) {
      s.execute(csvTable("secret", outside.resolve("secret.csv").toString()));
      s.execute("CREATE SINK leak WITH (connector = 'files', path = '" + outside.resolve("leak") + "', format = 'csv')");
    }
    try (Connection c = locked(); Statement s = c.createStatement()) {
      refused(s, "SELECT * FROM secret", "table 'secret'");
      refused(s, "SELECT COUNT(*) FROM (SELECT * FROM secret)");
      s.execute("CREATE VIEW peek AS SELECT * FROM secret"); // a view reads nothing until queried
      refused(s, "SELECT * FROM peek");
      refused(s, "INSERT INTO secret VALUES (3, 'x')");
      refused(s, "INSERT INTO leak SELECT 1 AS x");
    }
  }

  /**
   * Planning reads a Parquet table's footers for statistics; a locked-down session must not open
   * another session's files outside its folders even for that. The file is damaged after it is
   * written, so a footer read would end in a read error naming it rather than in the refusal.
   */
  @Test
  void planningReadsNoStatisticsOfTablesOutsideTheFolders() throws Exception {
    Path parquet = outside.resolve("parquet");
    try (Connection open = DriverManager.getConnection(url); Statement s = open.createStatement()) {
      s.execute("CREATE TABLE stats (id INTEGER, v VARCHAR) WITH (connector = 'files', path = '" + parquet
          + "', format = 'parquet')");
      s.executeUpdate("INSERT INTO stats VALUES (1, 'a')");
    }
    try (java.util.stream.Stream<Path> files = Files.list(parquet)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        Files.writeString(file, "not a footer");
      }
    }
    try (Connection c = locked(); Statement s = c.createStatement()) {
      s.execute(csvTable("mine", allowed.resolve("in.csv").toString()));
      refused(s, "SELECT * FROM stats", "table 'stats'");
      refused(s, "SELECT m.v FROM mine m JOIN stats t ON m.id = t.id WHERE t.id > 0", "table 'stats'");
      refused(s, "EXPLAIN SELECT COUNT(*) FROM stats", "table 'stats'");
    }
    try (Connection open = DriverManager.getConnection(url); Statement s = open.createStatement()) {
      // the check above is real: a session that may reach the table does read the footers
      SQLException damaged = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM stats").next());
      assertTrue(damaged.getMessage().contains("Parquet"), damaged.getMessage());
    }
  }

  @Test
  void readOnlyConnectionsRefuseEveryWrite() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x INTEGER)");
      s.executeUpdate("INSERT INTO t VALUES (1)");
      s.execute("CREATE SINK mem WITH (connector = 'memory')");
      s.execute("CREATE SOURCE src (x BIGINT) WITH (connector = 'memory')");
      c.setReadOnly(true);
      assertTrue(c.isReadOnly());
      for (String sql : List.of("INSERT INTO t VALUES (2)", "UPDATE t SET x = 3", "DELETE FROM t",
          "CREATE TABLE u (x INTEGER)", "CREATE VIEW v AS SELECT 1", "DROP TABLE t", "INSERT INTO src VALUES (1)",
          "INSERT INTO mem SELECT x FROM src", "CREATE SINK s2 WITH (connector = 'memory')",
          "CREATE TABLE f (x INTEGER) WITH (connector = 'files', path = '" + root + "', format = 'csv')")) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals("25006", e.getSQLState(), sql + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        rs.next();
        assertEquals(1, rs.getInt(1));
      }
      s.execute("SET 'execution.batch-size' = '100'");
      // a statement prepared before the connection became read-only is refused when it runs
      c.setReadOnly(false);
      try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
        c.setReadOnly(true);
        insert.setInt(1, 5);
        assertEquals("25006", assertThrows(SQLException.class, insert::executeUpdate).getSQLState());
        c.setReadOnly(false);
        assertEquals(1, insert.executeUpdate());
      }
    }
  }
}
