package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/** DECIMAL values of up to 38 digits through the driver: parameters in, exact values and types out. */
class WideDecimalJdbcTest {

  @Test
  void setBigDecimalAndGetBigDecimalKeepEveryDigit() throws SQLException {
    BigDecimal big = new BigDecimal("123456789012345678901234567890123456.78");
    try (Connection c = DriverManager.getConnection("jdbc:sluice:");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE money (id INTEGER, amount DECIMAL(38, 2))");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO money VALUES (?, ?)")) {
        insert.setInt(1, 1);
        insert.setBigDecimal(2, big);
        insert.executeUpdate();
        insert.setInt(1, 2);
        insert.setBigDecimal(2, big.negate());
        insert.executeUpdate();
      }
      try (PreparedStatement query = c.prepareStatement("SELECT id, amount, amount - 0.78 FROM money WHERE amount = ?")) {
        query.setBigDecimal(1, big);
        try (ResultSet rs = query.executeQuery()) {
          assertEquals(Types.DECIMAL, rs.getMetaData().getColumnType(2));
          assertEquals(38, rs.getMetaData().getPrecision(2));
          assertEquals(2, rs.getMetaData().getScale(2));
          assertTrue(rs.next());
          assertEquals(1, rs.getInt(1));
          assertEquals(big, rs.getBigDecimal(2));
          assertEquals("123456789012345678901234567890123456.78", rs.getString(2));
          assertEquals(new BigDecimal("123456789012345678901234567890123456.00"), rs.getBigDecimal(3));
          assertFalse(rs.next());
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT SUM(amount), MIN(amount) FROM money")) {
        assertTrue(rs.next());
        assertEquals(new BigDecimal("0.00"), rs.getBigDecimal(1));
        assertEquals(big.negate(), rs.getBigDecimal(2));
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO money VALUES (3, ?)")) {
        insert.setBigDecimal(1, new BigDecimal("1E37"));
        SQLException e = assertThrows(SQLException.class, insert::executeUpdate);
        assertTrue(e.getSQLState().startsWith("22"), e.getSQLState()); // a data exception
        assertTrue(e.getMessage().contains("DECIMAL(38, 2)"), e.getMessage());
      }
    }
  }
}
