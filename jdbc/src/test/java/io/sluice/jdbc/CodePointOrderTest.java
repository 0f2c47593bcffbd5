package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text orders by code point everywhere: where the planner decides (constant folding, RexSimplify's
 * comparisons and range sets, Parquet statistics that skip row groups) and where generated code
 * runs over rows. Characters U+E000..U+FFFF sort before supplementary ones (U+10000 and up) by code
 * point but after them in Java's UTF-16 order, so each case uses one of each: '～' (U+FF5E), '�'
 * (U+FFFD) and '😀' (U+1F600). Each query's answer with literals (decided while planning) must equal
 * the answer over a table's columns (decided at run time) and the code-point answer.
 */
class CodePointOrderTest {
  private static final String FULLWIDTH = "～";
  private static final String REPLACEMENT = "\uFFFD";
  private static final String EMOJI = "😀";

  @TempDir
  Path folder;
  Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sluice:");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER, a VARCHAR, b VARCHAR)");
      s.executeUpdate("INSERT INTO t VALUES (1, '" + FULLWIDTH + "', '" + EMOJI + "'), (2, '" + REPLACEMENT + "', '"
          + EMOJI + "'), (3, '" + EMOJI + "', '" + FULLWIDTH + "'), (4, 'a', '" + REPLACEMENT + "')");
    }
  }

  private List<String> column(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  @Test
  void comparisonsOfLiteralsAgreeWithComparisonsOfColumns() throws SQLException {
    String[][] pairs = {{FULLWIDTH, EMOJI}, {EMOJI, FULLWIDTH}, {REPLACEMENT, EMOJI}, {"a", REPLACEMENT}};
    for (String[] pair : pairs) {
      boolean less = pair[0].codePoints().toArray()[0] < pair[1].codePoints().toArray()[0];
      String expected = less ? "1" : "0";
      assertEquals(List.of(expected), column("SELECT CASE WHEN '" + pair[0] + "' < '" + pair[1]
          + "' THEN 1 ELSE 0 END"), pair[0] + " < " + pair[1] + " folded");
      assertEquals(List.of(expected), column("SELECT CASE WHEN a < b THEN 1 ELSE 0 END FROM t WHERE a = '" + pair[0]
          + "' AND b = '" + pair[1] + "'"), pair[0] + " < " + pair[1] + " at run time");
      assertEquals(List.of(less ? pair[1] : pair[0]), column("SELECT GREATEST('" + pair[0] + "', '" + pair[1] + "')"));
    }
  }

  @Test
  void rangesTheSimplifierMergesKeepCodePointOrder() throws SQLException {
    // '～' < '�' < '😀' by code point: a range between them is not empty, and the two sides of it
    // do not overlap (in UTF-16 order the first would fold to FALSE, the second to IS NOT NULL)
    assertEquals(List.of("2"), column("SELECT id FROM t WHERE a > '" + FULLWIDTH + "' AND a < '" + EMOJI + "'"));
    assertEquals(List.of("2"), column("SELECT id FROM t WHERE a BETWEEN '" + REPLACEMENT + "' AND '" + EMOJI
        + "' AND a <> '" + EMOJI + "'"));
    assertEquals(List.of("3", "4"), column("SELECT id FROM t WHERE a < '" + FULLWIDTH + "' OR a > '" + REPLACEMENT
        + "' ORDER BY id"));
    assertEquals(List.of("1", "2"), column("SELECT id FROM t WHERE (a >= '" + FULLWIDTH + "' AND a <= '"
        + REPLACEMENT + "') OR a = 'zz' ORDER BY id"));
  }

  @Test
  void orderingAndExtremesOfConstantsFollowCodePoints() throws SQLException {
    String values = "(VALUES ('" + EMOJI + "'), ('" + FULLWIDTH + "'), ('" + REPLACEMENT + "')) AS v(x)";
    assertEquals(List.of(FULLWIDTH, REPLACEMENT, EMOJI), column("SELECT x FROM " + values + " ORDER BY x"));
    assertEquals(List.of(EMOJI), column("SELECT MAX(x) FROM " + values));
    assertEquals(List.of(FULLWIDTH), column("SELECT MIN(x) FROM " + values));
    assertEquals(List.of(EMOJI), column("SELECT MAX(a) FROM t"));
    assertEquals(List.of("a", FULLWIDTH, REPLACEMENT, EMOJI), column("SELECT a FROM t ORDER BY a"));
  }

  @Test
  void parquetStatisticsSkipByCodePointOrder() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE p (id INTEGER, a VARCHAR) WITH (connector = 'files', path = '" + folder.resolve("p")
          + "', format = 'parquet')");
      // one file per INSERT: each file's statistics hold one value
      s.executeUpdate("INSERT INTO p VALUES (1, '" + FULLWIDTH + "')");
      s.executeUpdate("INSERT INTO p VALUES (2, '" + EMOJI + "')");
      s.executeUpdate("INSERT INTO p VALUES (3, '" + REPLACEMENT + "')");
    }
    assertEquals(List.of("1", "3"), column("SELECT id FROM p WHERE a < '" + EMOJI + "' ORDER BY id"));
    assertEquals(List.of("2"), column("SELECT id FROM p WHERE a > '" + REPLACEMENT + "'"));
    assertEquals(List.of(EMOJI), column("SELECT MAX(a) FROM p"));
    assertEquals(List.of("3"), column("SELECT id FROM p WHERE a > '" + FULLWIDTH + "' AND a < '" + EMOJI + "'"));
  }
}
