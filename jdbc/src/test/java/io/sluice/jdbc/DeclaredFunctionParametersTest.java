package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/**
 * A function Sluice declares itself (functions.json) takes {@code ?} parameters: each gets the
 * type its declaration gives that argument, and a NULL parameter gives NULL.
 */
class DeclaredFunctionParametersTest {
  @Test
  void parametersTakeTheDeclaredTypes() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:");
        PreparedStatement ps = c.prepareStatement("SELECT GCD(?, ?), STARTS_WITH(?, 'ab'), TO_HEX(?)")) {
      ParameterMetaData parameters = ps.getParameterMetaData();
      assertEquals(Types.BIGINT, parameters.getParameterType(1));
      assertEquals(Types.BIGINT, parameters.getParameterType(2));
      assertEquals(Types.VARCHAR, parameters.getParameterType(3));
      assertEquals(Types.BIGINT, parameters.getParameterType(4));
      ps.setLong(1, 84);
      ps.setInt(2, -36);
      ps.setString(3, "abc");
      ps.setLong(4, 255);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(12, rs.getLong(1));
        assertTrue(rs.getBoolean(2));
        assertEquals("ff", rs.getString(3));
        assertFalse(rs.next());
      }
      ps.setNull(1, Types.BIGINT);
      ps.setString(3, "xab");
      ps.setNull(4, Types.BIGINT);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertNull(rs.getObject(1));
        assertFalse(rs.getBoolean(2));
        assertNull(rs.getString(3));
      }
    }
  }
}
