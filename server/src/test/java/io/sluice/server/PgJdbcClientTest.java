package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/** PostgreSQL's own JDBC driver (org.postgresql, a real client) against {@code sluice serve}. */
class PgJdbcClientTest {
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void ddlDmlAndQueries() throws SQLException {
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE people (id BIGINT, name VARCHAR, score DOUBLE, born DATE, seen TIMESTAMP,"
          + " paid DECIMAL(10,2), active BOOLEAN)");
      assertEquals(2, s.executeUpdate("INSERT INTO people VALUES"
          + " (1, 'Ada', 1.5, DATE '1815-12-10', TIMESTAMP '2024-01-02 03:04:05.123', 12.50, TRUE),"
          + " (2, 'Grace', NULL, DATE '1906-12-09', TIMESTAMP '2024-05-06 07:08:09', -3.25, FALSE)"));
      try (ResultSet r = s.executeQuery("SELECT * FROM people ORDER BY id")) {
        assertTrue(r.next());
        assertEquals(1L, r.getLong("id"));
        assertEquals("Ada", r.getString("name"));
        assertEquals(1.5, r.getDouble("score"));
        assertEquals(LocalDate.of(1815, 12, 10), r.getObject("born", LocalDate.class));
        assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_000_000), r.getObject("seen", LocalDateTime.class));
        assertEquals(new BigDecimal("12.50"), r.getBigDecimal("paid"));
        assertTrue(r.getBoolean("active"));
        assertTrue(r.next());
        r.getDouble("score");
        assertTrue(r.wasNull());
        assertEquals(new BigDecimal("-3.25"), r.getBigDecimal("paid"));
        assertFalse(r.next());
        assertEquals("int8", r.getMetaData().getColumnTypeName(1));
        assertEquals("numeric", r.getMetaData().getColumnTypeName(6));
      }
      assertEquals(1, s.executeUpdate("UPDATE people SET score = 2.0 WHERE id = 2"));
      assertEquals(1, s.executeUpdate("DELETE FROM people WHERE id = 1"));
      try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM people")) {
        assertTrue(r.next());
        assertEquals(1, r.getInt(1));
      }
    }
  }

  /**
   * Each connection has a session of its own over the one database: its Sluice options and its
   * PostgreSQL settings stay its own, while a table one makes is the other's to read.
   */
  @Test
  void eachConnectionHasItsOwnSession() throws SQLException {
    try (Connection first = server.pgjdbc(); Connection second = server.pgjdbc();
         Statement one = first.createStatement(); Statement two = second.createStatement()) {
      one.execute("SET 'pipeline.trigger' = '5 seconds'");
      one.execute("SET application_name TO 'first'");
      one.execute("CREATE TABLE shared_by_both (n BIGINT)");
      one.execute("INSERT INTO shared_by_both VALUES (7)");
      assertEquals("5 seconds", option(one, "pipeline.trigger"));
      assertFalse("5 seconds".equals(option(two, "pipeline.trigger")));
      try (ResultSet r = two.executeQuery("SHOW application_name")) {
        assertTrue(r.next());
        assertFalse("first".equals(r.getString(1)));
      }
      try (ResultSet r = two.executeQuery("SELECT n FROM shared_by_both")) {
        assertTrue(r.next());
        assertEquals(7L, r.getLong(1));
      }
    }
  }

  private static String option(Statement s, String name) throws SQLException {
    try (ResultSet r = s.executeQuery("SHOW SETTINGS")) {
      while (r.next()) {
        if (r.getString("option").equals(name)) {
          return r.getString("value");
        }
      }
    }
    throw new AssertionError("SHOW SETTINGS has no " + name);
  }

  /** prepareThreshold=1 makes the driver use named server-side statements and binary values at once. */
  @Test
  void parametersInTextAndBinary() throws SQLException {
    for (String mode : new String[] {"?prepareThreshold=0", "?prepareThreshold=-1", "?prepareThreshold=1"}) {
      try (Connection c = server.pgjdbc("ada", null, mode); Statement s = c.createStatement()) {
        String table = "params_" + Math.abs(mode.hashCode());
        s.execute("CREATE TABLE " + table + " (id INT, name VARCHAR, amount DECIMAL(12,3), seen_at TIMESTAMP, d DATE,"
            + " x DOUBLE, flag BOOLEAN)");
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          for (int i = 0; i < 4; i++) {
            insert.setInt(1, i);
            insert.setString(2, "name '" + i);
            insert.setBigDecimal(3, new BigDecimal("1234.5").add(BigDecimal.valueOf(i)).negate());
            insert.setObject(4, LocalDateTime.of(2024, 3, 1, 12, 0, i));
            insert.setObject(5, LocalDate.of(2000 + i, 1, 31));
            insert.setDouble(6, i / 4.0);
            insert.setBoolean(7, i % 2 == 0);
            assertEquals(1, insert.executeUpdate());
          }
        }
        try (PreparedStatement query = c.prepareStatement("SELECT id, name, amount, seen_at, d, x, flag FROM " + table
            + " WHERE id >= ? AND name <> ? ORDER BY id")) {
          for (int round = 0; round < 3; round++) {
            query.setInt(1, 2);
            query.setString(2, "nobody");
            List<String> rows = new ArrayList<>();
            try (ResultSet r = query.executeQuery()) {
              while (r.next()) {
                rows.add(r.getInt(1) + "|" + r.getString(2) + "|" + r.getBigDecimal(3) + "|"
                    + r.getObject(4, LocalDateTime.class) + "|" + r.getObject(5, LocalDate.class) + "|"
                    + r.getDouble(6) + "|" + r.getBoolean(7));
              }
            }
            assertEquals(List.of("2|name '2|-1236.500|2024-03-01T12:00:02|2002-01-31|0.5|true",
                "3|name '3|-1237.500|2024-03-01T12:00:03|2003-01-31|0.75|false"), rows, mode);
          }
        }
      }
    }
  }

  /** DECIMAL(38, s) values travel as numeric in text and in binary, every digit kept. */
  @Test
  void wideDecimalsAreNumericWithEveryDigit() throws SQLException {
    BigDecimal big = new BigDecimal("-123456789012345678901234567890123456.78");
    for (String mode : new String[] {"?prepareThreshold=0", "?prepareThreshold=-1"}) {
      try (Connection c = server.pgjdbc("ada", null, mode); Statement s = c.createStatement()) {
        String table = "wide_" + Math.abs(mode.hashCode());
        s.execute("CREATE TABLE " + table + " (id INT, amount DECIMAL(38, 2))");
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
          insert.setInt(1, 1);
          insert.setBigDecimal(2, big);
          assertEquals(1, insert.executeUpdate());
        }
        try (PreparedStatement query = c.prepareStatement("SELECT amount, amount + 0.01, SUM(amount) FROM " + table
            + " WHERE amount < ? GROUP BY amount")) {
          query.setBigDecimal(1, BigDecimal.ZERO);
          try (ResultSet r = query.executeQuery()) {
            assertTrue(r.next());
            assertEquals("numeric", r.getMetaData().getColumnTypeName(1));
            assertEquals(big, r.getBigDecimal(1));
            assertEquals(new BigDecimal("-123456789012345678901234567890123456.77"), r.getBigDecimal(2));
            assertEquals(big, r.getBigDecimal(3));
            assertFalse(r.next());
          }
        }
      }
    }
  }

  @Test
  void errorsCarrySqlStateAndPosition() throws SQLException {
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      PSQLException e = assertThrows(PSQLException.class, () -> s.executeQuery("SELECT nme FROM (VALUES (1)) AS t(name)"));
      assertEquals("42703", e.getSQLState());
      assertNotNull(e.getServerErrorMessage());
      assertEquals(8, e.getServerErrorMessage().getPosition());
      PSQLException zero = assertThrows(PSQLException.class, () -> s.executeQuery("SELECT 1 / 0"));
      assertEquals("22012", zero.getSQLState());
      // the session goes on after errors
      try (ResultSet r = s.executeQuery("SELECT 41 + 1")) {
        assertTrue(r.next());
        assertEquals(42, r.getInt(1));
      }
    }
  }

  @Test
  void metadataListsTablesAndColumns() throws SQLException {
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE listed (k BIGINT, label VARCHAR)");
      List<String> tables = new ArrayList<>();
      try (ResultSet r = c.getMetaData().getTables(null, null, "listed", new String[] {"TABLE"})) {
        while (r.next()) {
          tables.add(r.getString("TABLE_NAME"));
        }
      }
      assertEquals(List.of("listed"), tables);
      List<String> columns = new ArrayList<>();
      try (ResultSet r = c.getMetaData().getColumns(null, null, "listed", null)) {
        while (r.next()) {
          columns.add(r.getString("COLUMN_NAME") + " " + r.getString("TYPE_NAME") + " " + r.getInt("DATA_TYPE") + " "
              + r.getInt("ORDINAL_POSITION"));
        }
      }
      assertEquals(List.of("k int8 " + java.sql.Types.BIGINT + " 1", "label varchar " + java.sql.Types.VARCHAR + " 2"),
          columns);
    }
  }

  /**
   * A SELECT over a stream sends each batch's rows as it commits, read here with a fetch size (a
   * portal read a row at a time) while another connection inserts into the source; a cancel
   * request (sent by the driver on a new connection) stops it and the session goes on.
   */
  @Test
  void streamingSelectReadsBatchesUntilCancelled() throws Exception {
    try (Connection writer = server.pgjdbc(); Connection reader = server.pgjdbc();
         Statement w = writer.createStatement()) {
      w.execute("CREATE SOURCE ticks (id BIGINT) WITH (connector = 'memory')");
      reader.setAutoCommit(false); // the driver reads through a portal with a fetch size only in a transaction
      Statement query = reader.createStatement();
      query.setFetchSize(1);
      // the protocol answers a query once its first rows are there: the first batch is in the source before
      w.executeUpdate("INSERT INTO ticks VALUES (0), (1)");
      ResultSet rows = query.executeQuery("SELECT id * 10 AS ten FROM ticks");
      for (int batch = 0; batch < 3; batch++) {
        if (batch > 0) {
          w.executeUpdate("INSERT INTO ticks VALUES (" + (2 * batch) + "), (" + (2 * batch + 1) + ")");
        }
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          assertTrue(rows.next());
          got.add(rows.getLong(1));
        }
        got.sort(null);
        assertEquals(List.of(20L * batch, 20L * batch + 10), got);
      }
      CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
        try {
          return rows.next();
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      });
      // the read waits for a batch that does not come; a cancel that comes before the server waits finds
      // nothing running (as in PostgreSQL), so it is sent again until the read ends
      for (int attempt = 0; attempt < 60 && !blocked.isDone(); attempt++) {
        // the connection's cancel: Statement.cancel sends nothing once executeQuery has returned
        reader.unwrap(org.postgresql.PGConnection.class).cancelQuery();
        try {
          blocked.get(500, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | ExecutionException e) {
          // still waiting, or ended: checked below
        }
      }
      ExecutionException failed = assertThrows(ExecutionException.class, () -> blocked.get(1, TimeUnit.SECONDS));
      assertEquals("57014", ((SQLException) failed.getCause().getCause()).getSQLState());
      reader.rollback();
      try (Statement again = reader.createStatement(); ResultSet r = again.executeQuery("SELECT 7")) {
        assertTrue(r.next());
        assertEquals(7, r.getInt(1));
      }
    }
  }
  /**
   * The bare {@code Statement.cancel()} of PgJDBC: with no fetch size the driver reads every row
   * inside {@code executeQuery}, which over a stream never ends; a cancel from another thread (the
   * driver sends a CancelRequest on a new connection while the statement is in its query) ends it
   * with 57014 and the same connection runs the next query. PgJDBC's {@code Statement.cancel()}
   * sends nothing once {@code executeQuery} has returned (a fetch-size read in {@code rs.next()}):
   * there {@code PGConnection.cancelQuery()} is the way, as the test above shows.
   */
  @Test
  void bareStatementCancelEndsAStreamingSelect() throws Exception {
    try (Connection writer = server.pgjdbc(); Connection reader = server.pgjdbc();
         Statement w = writer.createStatement(); Statement query = reader.createStatement()) {
      w.execute("CREATE SOURCE beats (id BIGINT) WITH (connector = 'memory')");
      w.executeUpdate("INSERT INTO beats VALUES (1), (2)");
      CompletableFuture<ResultSet> blocked = CompletableFuture.supplyAsync(() -> {
        try {
          return query.executeQuery("SELECT id FROM beats");
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      });
      // a cancel that comes before the server runs the statement finds nothing to cancel (as in
      // PostgreSQL), so it is sent again until the query ends, within a bound
      for (int attempt = 0; attempt < 60 && !blocked.isDone(); attempt++) {
        query.cancel();
        try {
          blocked.get(500, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | ExecutionException e) {
          // still waiting, or ended: checked below
        }
      }
      ExecutionException failed = assertThrows(ExecutionException.class, () -> blocked.get(1, TimeUnit.SECONDS));
      assertEquals("57014", ((SQLException) failed.getCause().getCause()).getSQLState());
      try (ResultSet r = query.executeQuery("SELECT 8")) {
        assertTrue(r.next());
        assertEquals(8, r.getInt(1));
      }
    }
  }
}
