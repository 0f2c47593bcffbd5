package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Columns the query leaves unnamed, as PostgreSQL's JDBC driver sees them over {@code sluice
 * serve}: PostgreSQL's names (a function call takes the function's name, a cast the type's, CASE
 * {@code case}, anything else {@code ?column?}), in a simple query and in a prepared statement's
 * description. Sluice's own driver keeps Calcite's {@code EXPR$n}, the name sinks and views use.
 */
class ColumnNamesTest {
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start();
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE named (n BIGINT)");
      s.executeUpdate("INSERT INTO named VALUES (1), (2)");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static List<String> labels(ResultSetMetaData meta) throws SQLException {
    List<String> labels = new ArrayList<>();
    for (int c = 1; c <= meta.getColumnCount(); c++) {
      labels.add(meta.getColumnLabel(c));
    }
    return labels;
  }

  @Test
  void unnamedColumnsAreNamedAsPostgresqlNamesThem() throws SQLException {
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      assertEquals(List.of("?column?"), labels(s.executeQuery("SELECT 1").getMetaData()));
      assertEquals(List.of("count", "int8", "case", "?column?", "upper", "named_one", "n", "max"),
          labels(s.executeQuery("SELECT COUNT(*), CAST(MIN(n) AS BIGINT), CASE WHEN MIN(n) > 1 THEN 1 END,"
              + " MIN(n) + 1, UPPER('a'), 1 AS named_one, MIN(n) AS n, MAX(n) FROM named").getMetaData()));
      // a set operation's columns are named by its first query
      assertEquals(List.of("?column?", "lower"), labels(s.executeQuery("SELECT 1, LOWER('A') UNION ALL SELECT 2, 'b'"
          + " ORDER BY 1").getMetaData()));
      try (java.sql.PreparedStatement p = c.prepareStatement("SELECT COUNT(*), ? + 1 FROM named WHERE n > ?")) {
        assertEquals(List.of("count", "?column?"), labels(p.getMetaData()), "Describe of a prepared statement");
      }
    }
  }

  @Test
  void sluicesOwnDriverKeepsCalcitesNames() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:column-names"); Statement s = c.createStatement()) {
      assertEquals(List.of("EXPR$0", "EXPR$1"), labels(s.executeQuery("SELECT 1, COUNT(*) FROM (VALUES (1)) AS t (x)")
          .getMetaData()));
    }
  }
}
