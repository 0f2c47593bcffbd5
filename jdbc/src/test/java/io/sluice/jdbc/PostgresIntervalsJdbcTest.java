package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.Period;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's interval literals, MAKE_INTERVAL and FORMAT through the driver: the Java types a
 * program reads back, parameters beside them, and the SQLSTATEs of the errors.
 */
class PostgresIntervalsJdbcTest {

  @Test
  void postgresIntervalLiteralsReadBackAsDurationAndPeriod() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT INTERVAL '1 day 2 hours 30 minutes', INTERVAL '1 year 2 months',"
            + " INTERVAL '90 minutes ago', MAKE_INTERVAL(secs => 1.5)")) {
      assertTrue(rs.next());
      assertEquals(Duration.ofDays(1).plusHours(2).plusMinutes(30), rs.getObject(1));
      assertEquals(Duration.class, rs.getObject(1).getClass());
      assertEquals("INTERVAL DAY TO SECOND", rs.getMetaData().getColumnTypeName(1));
      assertEquals("+1 02:30:00", rs.getString(1));
      assertEquals(Period.of(1, 2, 0), rs.getObject(2));
      assertEquals("INTERVAL YEAR TO MONTH", rs.getMetaData().getColumnTypeName(2));
      assertEquals("+1-02", rs.getString(2));
      assertEquals(Duration.ofMinutes(-90), rs.getObject(3));
      assertEquals(Duration.ofMillis(1500), rs.getObject(4));
      assertFalse(rs.next());
    }
  }

  @Test
  void aMixedIntervalAddsToATimestampParameterAsPostgresDoes() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:");
        PreparedStatement p = c.prepareStatement("SELECT CAST(? AS TIMESTAMP) + INTERVAL '1 month 2 days 3 hours',"
            + " CAST(? AS TIMESTAMP) + MAKE_INTERVAL(days => ?)")) {
      p.setTimestamp(1, Timestamp.valueOf(LocalDateTime.of(2024, 1, 31, 10, 0)));
      p.setTimestamp(2, Timestamp.valueOf(LocalDateTime.of(2024, 2, 28, 0, 0)));
      p.setInt(3, 2);
      try (ResultSet rs = p.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(LocalDateTime.of(2024, 3, 2, 13, 0), rs.getObject(1, LocalDateTime.class));
        assertEquals(LocalDateTime.of(2024, 3, 1, 0, 0), rs.getObject(2, LocalDateTime.class));
      }
    }
  }

  @Test
  void formatReadsBackAsText() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:");
        PreparedStatement p = c.prepareStatement("SELECT FORMAT('%s has %L, in %I', ?, ?, ?)")) {
      p.setString(1, "ann");
      p.setString(2, "O'Reilly");
      p.setString(3, "My Table");
      try (ResultSet rs = p.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("ann has 'O''Reilly', in \"My Table\"", rs.getString(1));
        assertEquals(java.sql.Types.VARCHAR, rs.getMetaData().getColumnType(1));
      }
    }
  }

  @Test
  void errorsCarryPostgresSqlStates() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:");
        Statement s = c.createStatement()) {
      SQLException bad = assertThrows(SQLException.class, () -> s.executeQuery("SELECT INTERVAL '2 fortnights'"));
      assertEquals("22007", bad.getSQLState());
      assertTrue(bad.getMessage().contains("'fortnights' is no unit of an interval"), bad.getMessage());
      SQLException mixed = assertThrows(SQLFeatureNotSupportedException.class,
          () -> s.executeQuery("SELECT INTERVAL '1 month 1 day'"));
      assertEquals("0A000", mixed.getSQLState());
      SQLException format = assertThrows(SQLException.class, () -> s.executeQuery("SELECT FORMAT('%s %s', 1)"));
      assertEquals("22023", format.getSQLState());
      assertTrue(format.getMessage().contains("too few arguments for format()"), format.getMessage());
    }
  }
}
