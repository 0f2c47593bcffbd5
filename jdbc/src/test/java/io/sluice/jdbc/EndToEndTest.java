package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Queries through the driver against the real engine. */
class EndToEndTest {

  @Test
  void createInsertAndQuery() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:");
        Statement s = c.createStatement()) {
      assertFalse(s.execute("CREATE TABLE t (id BIGINT, name VARCHAR, price DECIMAL(8, 2), day DATE)"));
      assertEquals(0, s.getUpdateCount());
      assertEquals(2, s.executeUpdate("INSERT INTO t VALUES (1, 'a', 1.50, DATE '2024-01-02'),"
          + " (2, NULL, 20.00, DATE '2024-01-03')"));
      try (ResultSet rs = s.executeQuery("SELECT id, name, price, day FROM t ORDER BY id")) {
        assertEquals(Types.BIGINT, rs.getMetaData().getColumnType(1));
        assertEquals("ID", rs.getMetaData().getColumnLabel(1).toUpperCase(java.util.Locale.ROOT));
        assertTrue(rs.next());
        assertEquals(1, rs.getInt("id"));
        assertEquals("a", rs.getString("NAME"));
        assertEquals(new BigDecimal("1.50"), rs.getBigDecimal(3));
        assertEquals(LocalDate.of(2024, 1, 2), rs.getObject(4, LocalDate.class));
        assertTrue(rs.next());
        assertNull(rs.getString(2));
        assertTrue(rs.wasNull());
        assertFalse(rs.next());
      }
    }
  }

  @Test
  void executeReportsRowsOrCounts() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:");
        Statement s = c.createStatement()) {
      assertTrue(s.execute("SELECT 1 AS n"));
      ResultSet rs = s.getResultSet();
      assertEquals(-1, s.getUpdateCount());
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1));
      assertFalse(s.getMoreResults());
      assertTrue(rs.isClosed());
      assertEquals(-1, s.getUpdateCount());
      assertThrows(SQLException.class, () -> s.executeUpdate("SELECT 1"));
    }
  }

  @Test
  void maxRowsLimitsResults() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE n (x INTEGER)");
      s.executeUpdate("INSERT INTO n VALUES (1), (2), (3)");
      s.setMaxRows(2);
      int count = 0;
      try (ResultSet rs = s.executeQuery("SELECT x FROM n")) {
        while (rs.next()) {
          count++;
        }
      }
      assertEquals(2, count);
    }
  }

  @Test
  void preparedStatementsBindParameters() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:")) {
      c.createStatement().execute("CREATE TABLE p (id BIGINT, name VARCHAR)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO p VALUES (?, ?)")) {
        assertEquals(2, insert.getParameterMetaData().getParameterCount());
        insert.setLong(1, 1);
        insert.setString(2, "one");
        assertEquals(1, insert.executeUpdate());
        // values stay set across executions (JDBC); clearing them makes the missing one an error
        insert.clearParameters();
        insert.setInt(1, 2);
        SQLException missing = assertThrows(SQLException.class, insert::executeUpdate);
        assertTrue(missing.getMessage().contains("parameter 2"), missing.getMessage());
        insert.setNull(2, Types.VARCHAR);
        assertEquals(1, insert.executeUpdate());
      }
      try (PreparedStatement query = c.prepareStatement("SELECT name FROM p WHERE id = ?")) {
        query.setObject(1, 1);
        try (ResultSet rs = query.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("one", rs.getString(1));
        }
      }
    }
  }

  @Test
  void namedDatabasesShareTables() throws SQLException {
    try (Connection a = DriverManager.getConnection("jdbc:sluice:mem:e2eShared");
        Connection b = DriverManager.getConnection("jdbc:sluice:mem:e2eShared")) {
      a.createStatement().execute("CREATE TABLE IF NOT EXISTS shared_t (x INTEGER)");
      try (ResultSet rs = b.getMetaData().getTables(null, null, "shared_t", null)) {
        assertTrue(rs.next());
      }
      b.createStatement().executeQuery("SELECT * FROM shared_t").close();
    }
  }

  @Test
  void errorsBecomeTypedSqlExceptions() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:");
        Statement s = c.createStatement()) {
      SQLSyntaxErrorException e = assertThrows(SQLSyntaxErrorException.class,
          () -> s.executeQuery("SELECT * FROM no_such_table"));
      assertEquals("42S02", e.getSQLState());
      assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
      assertEquals(io.sluice.catalog.ErrorCode.UNKNOWN_TABLE.ordinal(), e.getErrorCode());
      assertThrows(SQLSyntaxErrorException.class, () -> s.execute("SELEC 1"));
    }
  }

  @Test
  void connectionPropertiesBecomeSessionOptions() throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", "u");
    info.setProperty("pipeline.trigger", "once");
    try (Connection c = DriverManager.getConnection("jdbc:sluice:", info)) {
      assertEquals("once", c.unwrap(SluiceConnection.class).session().options().get("pipeline.trigger"));
      assertFalse(c.unwrap(SluiceConnection.class).session().options().containsKey("user"));
    }
  }
}
