package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdbc:sluice:check:}: DDL and SET build the database's own catalog, queries and INSERTs
 * are planned and say what they would do, and nothing is read or written.
 */
class CheckOnlyConnectionTest {
  @TempDir
  Path folder;

  private static String message(Statement s, String sql) throws SQLException {
    assertFalse(s.execute(sql), "no rows from a check: " + sql);
    return s.unwrap(SluiceStatement.class).resultMessage();
  }

  @Test
  void statementsAreCheckedAgainstWhatEarlierOnesBuiltAndNothingRuns() throws SQLException {
    Path table = folder.resolve("t");
    try (Connection c = DriverManager.getConnection("jdbc:sluice:check:"); Statement s = c.createStatement()) {
      assertTrue(c.unwrap(SluiceConnection.class).database().isCheckOnly());
      assertEquals("Table t created", message(s, "CREATE TABLE t (id BIGINT, name VARCHAR) WITH (connector = 'files',"
          + " path = '" + table + "', format = 'csv')"));
      assertEquals("Insert into t checked: nothing written", message(s, "INSERT INTO t VALUES (1, 'a')"));
      assertFalse(Files.exists(table), "the insert wrote its table");
      assertEquals("Query checked: not run", message(s, "SELECT COUNT(*) FROM t WHERE name LIKE 'a%'"));
      s.execute("CREATE SOURCE events (id BIGINT) WITH (connector = 'memory')");
      s.execute("CREATE SINK doubled WITH (connector = 'memory')");
      assertEquals("Continuous query into doubled checked: append mode, trigger continuous; not started",
          message(s, "INSERT INTO doubled SELECT id * 2 AS twice FROM events"));
      assertEquals(0, c.unwrap(SluiceConnection.class).continuousQuerySummaries().size(), "a query started");
      // the memory sink took the query's columns, as when it starts: later statements see them
      assertEquals("Query checked: not run", message(s, "SELECT twice FROM doubled"));
      SQLException unknown = assertThrows(SQLException.class, () -> s.execute("SELECT nope FROM t"));
      assertTrue(unknown.getMessage().startsWith("At line 1, column 8: Column 'nope' not found"),
          unknown.getMessage());
    }
  }

  @Test
  void explainStillExplains() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:check:"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN ANALYZE SELECT 1 + 1")) {
      StringBuilder plan = new StringBuilder();
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
      assertTrue(plan.toString().contains("== Physical plan =="), plan.toString());
      assertFalse(plan.toString().contains("== Execution =="), "EXPLAIN ANALYZE ran its query: " + plan);
    }
  }
}
