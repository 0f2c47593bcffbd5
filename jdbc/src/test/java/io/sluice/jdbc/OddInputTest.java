package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Odd input ends in a result or an ordinary error that names the problem, never an internal error. */
class OddInputTest {

  /** Runs the statement; an error must not be internal. Returns the error, or null. */
  private static SQLException outcome(Statement s, String sql) {
    try {
      if (s.execute(sql)) {
        try (ResultSet rs = s.getResultSet()) {
          while (rs.next()) {
            rs.getObject(1);
          }
        }
      }
      return null;
    } catch (SQLException e) {
      assertFalse(e.getMessage().contains("Internal error"), e.getMessage());
      assertFalse("XX000".equals(e.getSQLState()), e.getMessage());
      return e;
    }
  }

  @Test
  void namesLongerThanAQueryCanUseAreRefusedAtCreate() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:"); Statement s = c.createStatement()) {
      String longest = "t".repeat(128);
      s.execute("CREATE TABLE \"" + longest + "\" (v INTEGER)");
      s.executeQuery("SELECT v FROM \"" + longest + "\"").close();
      SQLException table = outcome(s, "CREATE TABLE \"" + "t".repeat(129) + "\" (v INTEGER)");
      assertTrue(table.getMessage().contains("is 129 characters long; a name may have at most 128"), table.getMessage());
      SQLException column = outcome(s, "CREATE TABLE u (\"" + "c".repeat(100_000) + "\" INTEGER)");
      assertTrue(column.getMessage().startsWith("Invalid column name"), column.getMessage());
    }
  }

  @Test
  void nulCharactersAreText() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (s VARCHAR)");
      s.executeUpdate("INSERT INTO t VALUES ('a\u0000b')");
      try (PreparedStatement ps = c.prepareStatement("SELECT CHAR_LENGTH(s), s = ? FROM t")) {
        ps.setString(1, "a\u0000b");
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(3, rs.getInt(1));
          assertTrue(rs.getBoolean(2));
        }
      }
      assertTrue(outcome(s, "CREATE TABLE \"n\u0000\" (v INTEGER)").getMessage().contains("U+0000"));
    }
  }

  @Test
  void deeplyNestedStatementsAreOrdinaryErrors() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (v INTEGER)");
      // parentheses make no level of their own (they parse on a deep stack and answer); a long operator chain is
      // refused with the nesting named
      assertEquals(null, outcome(s, "SELECT " + "(".repeat(20_000) + "1" + ")".repeat(20_000)));
      SQLException chain = outcome(s, "SELECT v" + " + 1".repeat(20_000) + " FROM t");
      assertTrue(chain != null && chain.getMessage().contains("nested"), String.valueOf(chain));
      // deep enough to fail while planning on a default stack, or to run on a large one
      for (int depth : new int[] {300, 1000, 3000}) {
        outcome(s, "SELECT COUNT(*) FROM t WHERE v > 0" + " AND v > 0".repeat(depth));
        outcome(s, "SELECT v" + " + 1".repeat(depth) + " FROM t");
        outcome(s, "SELECT COUNT(*) FROM t WHERE v IN (" + String.join(",", Collections.nCopies(depth * 5, "1")) + ")");
      }
      outcome(s, "SELECT * FROM (".repeat(200) + "SELECT v FROM t" + ") x".repeat(200));
    }
  }
}
