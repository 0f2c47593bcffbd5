package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Extreme but legal statements either work or stop with an error of SQLSTATE class 54 ("program
 * limit exceeded", as PostgreSQL reports them) that names the limit: never a StackOverflowError,
 * an OutOfMemoryError, an internal error or a planner that does not come back.
 */
class ProgramLimitsTest {
  private Connection connection;
  private Statement statement;

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sluice:");
    statement = connection.createStatement();
    statement.execute("CREATE TABLE t (v INTEGER, w VARCHAR)");
    statement.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (100001, 'c'), (NULL, 'd')");
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  private long count(String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private SQLException refused(String sql, String sqlState, String limitText) {
    SQLException e = assertThrows(SQLException.class, () -> count(sql));
    assertEquals(sqlState, e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains(limitText), e.getMessage());
    return e;
  }

  @Test
  void longAndOrChainsAreBalancedNotNestedThousandsDeep() throws SQLException {
    assertEquals(3, count("SELECT COUNT(*) FROM t WHERE v > 0" + " AND v > 0".repeat(1_000)));
    assertEquals(2, count("SELECT COUNT(*) FROM t WHERE v = 1" + " OR v = 2".repeat(1_000)));
  }

  /**
   * ORs of equalities of one expression with literals written by hand, of 5,000 and 20,000 terms
   * (literal on either side), are one set as an IN list is: the text parses on a deep stack (the
   * 5,000-term OR was refused as nested too deeply) and the OR never reaches the converter, whose
   * simplification of it costs the cube of its length (1,000 terms took seconds).
   */
  @Test
  @Timeout(300)
  void longOrsOfEqualitiesAreOneSet() throws SQLException {
    for (int n : new int[] {5_000, 20_000}) {
      StringBuilder where = new StringBuilder("v = 0");
      for (int i = 1; i < n; i++) {
        where.append(i % 2 == 0 ? " OR v = " + 2 * i : " OR " + 2 * i + " = v");
      }
      assertEquals(1, count("SELECT COUNT(*) FROM t WHERE " + where)); // 2
      assertEquals(1, count("SELECT COUNT(*) FROM t WHERE w = 'b' AND (" + where + ")"));
      assertEquals(2, count("SELECT COUNT(*) FROM t WHERE NOT (" + where + ")")); // 1, 100001; NULL is unknown
    }
  }

  /**
   * ORs of ANDs of equalities with literals ({@code (a = 1 AND b = 'x') OR ...}, 1,000 terms, columns
   * in any order, literals on either side) are one tuple set: Calcite's simplification of the OR
   * took about 30 s. Each row's answer, NULLs included, in WHERE, under NOT and in a SELECT list, is
   * checked against the OR evaluated here in three-valued logic.
   */
  @Test
  @Timeout(300)
  void longOrsOfTuplesAreOneSet() throws SQLException {
    statement.execute("CREATE TABLE pairs (id INTEGER, a INTEGER, b VARCHAR, c DECIMAL(10, 2))");
    java.util.Random random = new java.util.Random(19);
    Object[][] rows = new Object[60][];
    StringBuilder insert = new StringBuilder("INSERT INTO pairs VALUES ");
    for (int r = 0; r < rows.length; r++) {
      Integer a = random.nextInt(6) == 0 ? null : random.nextInt(40);
      String b = random.nextInt(6) == 0 ? null : "s" + random.nextInt(30);
      java.math.BigDecimal c = random.nextInt(6) == 0 ? null : java.math.BigDecimal.valueOf(random.nextInt(8), 1);
      rows[r] = new Object[] {a, b, c};
      insert.append(r == 0 ? "" : ", ").append("(").append(r).append(", ").append(a).append(", ")
          .append(b == null ? "NULL" : "'" + b + "'").append(", ").append(c).append(")");
    }
    statement.execute(insert.toString());
    Object[][] tuples = new Object[1_000][];
    StringBuilder or = new StringBuilder();
    for (int t = 0; t < tuples.length; t++) {
      int a = random.nextInt(40);
      String b = "s" + random.nextInt(30);
      java.math.BigDecimal c = java.math.BigDecimal.valueOf(random.nextInt(8), 1);
      tuples[t] = new Object[] {a, b, c};
      or.append(t == 0 ? "" : " OR ").append(switch (t % 3) {
        case 0 -> "(a = " + a + " AND b = '" + b + "' AND c = " + c + ")";
        case 1 -> "(c = " + c + " AND '" + b + "' = b AND " + a + " = a)";
        default -> "(b = '" + b + "' AND (a = " + a + " AND c = " + c + "))";
      });
    }
    long start = System.nanoTime();
    try (ResultSet rs = statement.executeQuery("SELECT id, " + or + " FROM pairs ORDER BY id")) {
      for (int r = 0; r < rows.length; r++) {
        assertTrue(rs.next());
        Boolean expected = orOfAnds(tuples, rows[r]);
        boolean got = rs.getBoolean(2);
        assertEquals(expected, rs.wasNull() ? null : got, "row " + r + " " + java.util.Arrays.toString(rows[r]));
      }
      assertFalse(rs.next());
    }
    long whereTrue = 0;
    long whereNotTrue = 0;
    for (Object[] row : rows) {
      Boolean expected = orOfAnds(tuples, row);
      whereTrue += Boolean.TRUE.equals(expected) ? 1 : 0;
      whereNotTrue += Boolean.FALSE.equals(expected) ? 1 : 0;
    }
    assertEquals(whereTrue, count("SELECT COUNT(*) FROM pairs WHERE " + or));
    assertEquals(whereNotTrue, count("SELECT COUNT(*) FROM pairs WHERE NOT (" + or + ")"));
    assertTrue(System.nanoTime() - start < 120_000_000_000L, "three 1,000-term ORs of ANDs took over 2 minutes");
  }

  /** The OR over tuples of the AND over columns of {@code row[c] = tuple[c]}, in three-valued logic. */
  private static Boolean orOfAnds(Object[][] tuples, Object[] row) {
    Boolean any = Boolean.FALSE;
    for (Object[] tuple : tuples) {
      Boolean all = Boolean.TRUE;
      for (int c = 0; c < row.length; c++) {
        Boolean equal = row[c] == null ? null : row[c].equals(tuple[c]);
        all = Boolean.FALSE.equals(all) || Boolean.FALSE.equals(equal) ? Boolean.FALSE
            : all == null || equal == null ? null : Boolean.TRUE;
      }
      any = Boolean.TRUE.equals(any) || Boolean.TRUE.equals(all) ? Boolean.TRUE
          : any == null || all == null ? null : Boolean.FALSE;
    }
    return any;
  }

  /**
   * An IN list in a SELECT list, over an expression rather than a column: Calcite's converter
   * simplified the OR of its equalities at a cost cubic in its length (6,000 values ran for more than
   * twenty minutes; found by StatementFuzzTest), and then its comparisons passed the JVM's limits of
   * one class. A list of literals is now one SEARCH from its conversion, tested with one lookup.
   */
  @Test
  @Timeout(120)
  void longInListsInASelectListRun() throws SQLException {
    String values = java.util.stream.IntStream.range(0, 6_000).mapToObj(Integer::toString)
        .collect(java.util.stream.Collectors.joining(", "));
    try (ResultSet rs = statement.executeQuery(
        "SELECT ROUND(CAST('12.55' AS DECIMAL(30, 2)), 0) IN (" + values + "), v + 0 IN (" + values + ")"
            + " FROM t WHERE v = 100001")) {
      assertTrue(rs.next());
      assertTrue(rs.getBoolean(1));
      assertEquals(false, rs.getBoolean(2));
      assertFalse(rs.next());
    }
    assertEquals(2, count("SELECT COUNT(*) FROM t WHERE v + 0 IN (" + values + ")"));
  }

  /**
   * 100,000 values as a hash set, in WHERE and in a SELECT list, IN and NOT IN, with SQL's NULL
   * rules: the bound is the test's timeout (planning once cost the cube of the list).
   */
  @Test
  @Timeout(300) // about 25 s at a load of 30 on 2 cores; a cubic plan would take hours
  void hundredThousandValueListsAreOneSet() throws SQLException {
    String values = java.util.stream.IntStream.range(0, 100_000).map(i -> i * 2)
        .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(", "));
    assertEquals(1, count("SELECT COUNT(*) FROM t WHERE v IN (" + values + ")")); // 2
    assertEquals(2, count("SELECT COUNT(*) FROM t WHERE v NOT IN (" + values + ")")); // 1, 100001
    assertEquals(0, count("SELECT COUNT(*) FROM t WHERE v NOT IN (" + values + ", NULL)"));
    try (ResultSet rs = statement.executeQuery("SELECT w, v IN (" + values + "), v + 1 NOT IN (" + values
        + ", NULL) FROM t ORDER BY w")) {
      String[][] expected = {{"a", "false", "false"}, {"b", "true", null}, {"c", "false", "false"},
          {"d", null, null}};
      for (String[] row : expected) {
        assertTrue(rs.next());
        assertEquals(row[0], rs.getString(1));
        assertEquals(row[1], rs.getString(2), row[0]);
        assertEquals(row[2], rs.getString(3), row[0]);
      }
      assertFalse(rs.next());
    }
  }

  @Test
  void expressionsNestedTooDeeplyNameTheLimit() {
    refused("SELECT v" + " + 1".repeat(450) + " FROM t", "54001", "nested more than 400 levels deep");
    // Calcite's parser recurses on long operator chains: a long text parses on a deep stack, and the
    // depth is then refused with the limit named (past even that stack: 54001 'nested too deeply')
    refused("SELECT v" + " + 1".repeat(20_000) + " FROM t", "54001", "nested");
    refused("SELECT " + "abs(".repeat(450) + "v" + ")".repeat(450) + " FROM t", "54001", "nested");
  }

  /** Parentheses make no level of their own: 50,000 of them parse on the deep stack and answer. */
  @Test
  void fiftyThousandParenthesesAnswer() throws SQLException {
    assertEquals(1, count("SELECT " + "(".repeat(50_000) + "1" + ")".repeat(50_000)));
  }

  @Test
  void expressionsNestedWithinTheLimitWork() throws SQLException {
    assertEquals(3, count("SELECT COUNT(*) FROM (SELECT v" + " + 1".repeat(390) + " AS x FROM t) WHERE x > 0"));
  }

  @Test
  void selectListsLongerThanTheLimitNameIt() {
    refused("SELECT " + ("v, ".repeat(2_000)) + "v FROM t", "54011", "a query may select at most 2000");
  }

  /**
   * A table of 1,999 columns (past PostgreSQL's 1,664, which Sluice refused before): created, read
   * with {@code *} and with every column named, and described by JDBC. Wider lists are compiled in
   * shared methods (FilterProjectCompilerTest has 10,000 columns); planning costs grow faster than
   * the list, so this stays at a size that takes seconds on a loaded machine.
   */
  @Test
  @Timeout(120)
  void twoThousandColumnTablesAreReadWhole() throws SQLException {
    int n = 1_999; // with v beside them, the longest list allowed
    String columns = java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> "c" + i)
        .collect(java.util.stream.Collectors.joining(", "));
    statement.execute("CREATE TABLE wide (" + columns.replace(",", " INTEGER,") + " INTEGER)");
    try (ResultSet rs = statement.executeQuery("SELECT * FROM wide WHERE c1 > 0")) {
      assertEquals(n, rs.getMetaData().getColumnCount());
      assertEquals("c" + n, rs.getMetaData().getColumnName(n).toLowerCase(java.util.Locale.ROOT));
      assertFalse(rs.next());
    }
    try (ResultSet rs = statement.executeQuery("SELECT v, " + columns + " FROM t LEFT JOIN wide ON c1 = v WHERE v = 2")) {
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
      rs.getInt(n + 1);
      assertTrue(rs.wasNull());
      assertFalse(rs.next());
    }
    try (ResultSet rs = connection.getMetaData().getColumns(null, null, "wide", null)) {
      int count = 0;
      while (rs.next()) {
        count++;
      }
      assertEquals(n, count);
    }
  }

  @Test
  void statementsLongerThanTheLimitNameIt() {
    refused(" ".repeat(16 * 1024 * 1024) + "SELECT 1", "54000", "at most 16777216 characters");
  }

  @Test
  void longTextLiteralsWork() throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT CHAR_LENGTH('" + "x".repeat(4_000_000) + "')")) {
      assertTrue(rs.next());
      assertEquals(4_000_000, rs.getInt(1));
    }
  }
}
