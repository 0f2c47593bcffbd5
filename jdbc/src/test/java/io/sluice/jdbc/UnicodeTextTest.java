package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text in many scripts end to end: literals in SQL text, JDBC parameters, string functions,
 * comparisons and grouping, names, and CSV, JSON and Parquet round trips.
 */
class UnicodeTextTest {
  /** One text per script; the keys are the row ids. */
  static final Map<Integer, String> TEXTS = new LinkedHashMap<>();

  static {
    TEXTS.put(1, "Ça déjà vu, Øre, straße");            // Latin with accents, and ß (upper case is SS)
    TEXTS.put(2, "日本語のテキスト");                     // CJK
    TEXTS.put(3, "مرحبا بالعالم");                       // Arabic, right to left
    TEXTS.put(4, "שלום עולם");                           // Hebrew, right to left
    TEXTS.put(5, "😀👍🏽🇳🇴");                             // emoji: supplementary characters, a modifier, flags
    TEXTS.put(6, "Cafe\u0301 n\u0303");                   // combining marks
    TEXTS.put(7, "한국어 𝔘𝔫𝔦𝔠𝔬𝔡𝔢");                       // Hangul and mathematical letters outside the BMP
    TEXTS.put(8, "～ｆｕｌｌ");                           // full-width forms (U+FF5E sorts before U+1F600 as code points)
  }

  @TempDir
  Path folder;
  Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sluice:");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE scripts (id INTEGER, txt VARCHAR)");
      StringBuilder insert = new StringBuilder("INSERT INTO scripts VALUES ");
      for (Map.Entry<Integer, String> e : TEXTS.entrySet()) {
        insert.append(e.getKey() == 1 ? "" : ", ").append('(').append(e.getKey()).append(", '")
            .append(e.getValue().replace("'", "''")).append("')");
      }
      assertEquals(TEXTS.size(), s.executeUpdate(insert.toString()));
    }
  }

  private Map<Integer, String> read(String sql) throws SQLException {
    Map<Integer, String> rows = new TreeMap<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.put(rs.getInt(1), rs.getString(2));
      }
    }
    return rows;
  }

  private static String scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }

  @Test
  void literalsComeBackAsWritten() throws SQLException {
    assertEquals(new TreeMap<>(TEXTS), read("SELECT id, txt FROM scripts"));
    for (String text : TEXTS.values()) {
      assertEquals(text, scalar(connection, "SELECT '" + text + "'"));
      assertEquals("1", scalar(connection, "SELECT COUNT(*) FROM scripts WHERE txt = '" + text + "'"));
    }
  }

  @Test
  void functionsCountCharactersNotBytes() throws SQLException {
    for (Map.Entry<Integer, String> e : TEXTS.entrySet()) {
      String text = e.getValue();
      String where = " FROM scripts WHERE id = " + e.getKey();
      assertEquals(text.toUpperCase(Locale.ROOT), scalar(connection, "SELECT UPPER(txt)" + where), text);
      assertEquals(text.toLowerCase(Locale.ROOT), scalar(connection, "SELECT LOWER(txt)" + where), text);
      int length = text.codePointCount(0, text.length());
      assertEquals(String.valueOf(length), scalar(connection, "SELECT CHAR_LENGTH(txt)" + where), text);
      int from = text.offsetByCodePoints(0, 1);
      int to = text.offsetByCodePoints(from, Math.min(3, length - 1));
      assertEquals(text.substring(from, to), scalar(connection, "SELECT SUBSTRING(txt FROM 2 FOR 3)" + where), text);
      // the same on a literal, which constant folding computes at planning time
      assertEquals(text.toUpperCase(Locale.ROOT), scalar(connection, "SELECT UPPER('" + text + "')"), text);
      assertEquals(text.substring(from, to), scalar(connection, "SELECT SUBSTRING('" + text + "' FROM 2 FOR 3)"));
    }
  }

  @Test
  void orderingAndGroupingFollowCodePoints() throws SQLException {
    List<String> expected = new ArrayList<>(TEXTS.values());
    expected.sort(Comparator.comparing(t -> t.codePoints().toArray(), java.util.Arrays::compare));
    List<String> actual = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT txt FROM scripts ORDER BY txt")) {
      while (rs.next()) {
        actual.add(rs.getString(1));
      }
    }
    assertEquals(expected, actual);
    // comparisons at run time follow code points too ('～' is U+FF5E, '😀' U+1F600)
    assertEquals("1", scalar(connection, "SELECT COUNT(*) FROM scripts WHERE txt < '😀' AND id = 8"));
    try (Statement s = connection.createStatement()) {
      s.executeUpdate("INSERT INTO scripts SELECT id + 100, txt FROM scripts WHERE id IN (2, 5)");
    }
    Map<String, Long> groups = new TreeMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT txt, COUNT(*) FROM scripts GROUP BY txt")) {
      while (rs.next()) {
        groups.put(rs.getString(1), rs.getLong(2));
      }
    }
    assertEquals(TEXTS.size(), groups.size());
    assertEquals(2L, groups.get(TEXTS.get(5)));
    assertEquals(2L, groups.get(TEXTS.get(2)));
    assertEquals(1L, groups.get(TEXTS.get(6)));
  }

  @Test
  void parametersCarryAnyText() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scripts VALUES (?, ?)")) {
      for (Map.Entry<Integer, String> e : TEXTS.entrySet()) {
        insert.setInt(1, e.getKey() + 100);
        insert.setString(2, e.getValue());
        assertEquals(1, insert.executeUpdate());
      }
    }
    try (PreparedStatement find = connection.prepareStatement(
        "SELECT id, txt || CAST(? AS VARCHAR) FROM scripts WHERE txt = ? AND id > 100")) {
      for (Map.Entry<Integer, String> e : TEXTS.entrySet()) {
        find.setString(1, "·😀");
        find.setString(2, e.getValue());
        try (ResultSet rs = find.executeQuery()) {
          assertTrue(rs.next(), e.getValue());
          assertEquals(e.getKey() + 100, rs.getInt(1));
          assertEquals(e.getValue() + "·😀", rs.getString(2));
          assertFalse(rs.next());
        }
      }
    }
  }

  @Test
  void filesOfEveryFormatRoundTrip() throws SQLException {
    for (String format : List.of("csv", "json", "parquet")) {
      String table = "copy_" + format;
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE TABLE " + table + " (id INTEGER, txt VARCHAR) WITH (connector = 'files', path = '"
            + folder.resolve(format) + "', format = '" + format + "'" + (format.equals("csv") ? ", header = 'true'" : "")
            + ")");
        assertEquals(TEXTS.size(), s.executeUpdate("INSERT INTO " + table + " SELECT id, txt FROM scripts"));
      }
      assertEquals(new TreeMap<>(TEXTS), read("SELECT id, txt FROM " + table), format);
      assertEquals("1", scalar(connection, "SELECT COUNT(*) FROM " + table + " WHERE txt = '" + TEXTS.get(5) + "'"));
    }
  }

  @Test
  void namesInAnyScriptButNoControlCharacters() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE 日本 (名前 VARCHAR, \"ÉTÉ😀\" INTEGER)");
      s.executeUpdate("INSERT INTO 日本 VALUES ('東京', 1)");
      try (ResultSet rs = s.executeQuery("SELECT 名前, \"ÉTÉ😀\" FROM 日本")) {
        assertEquals("名前", rs.getMetaData().getColumnLabel(1));
        assertEquals("ÉTÉ😀", rs.getMetaData().getColumnLabel(2));
        assertTrue(rs.next());
        assertEquals("東京", rs.getString(1));
      }
      SQLException newline = assertThrows(SQLException.class, () -> s.execute("CREATE TABLE \"a\nb\" (v INTEGER)"));
      assertTrue(newline.getMessage().contains("control character U+000A"), newline.getMessage());
      assertEquals("42000", newline.getSQLState());
      SQLException tab = assertThrows(SQLException.class, () -> s.execute("CREATE VIEW v AS SELECT 1 AS \"x\ty\""));
      assertTrue(tab.getMessage().contains("Invalid column name 'x<U+0009>y'"), tab.getMessage());
      SQLException nul = assertThrows(SQLException.class, () -> s.execute("CREATE TABLE t2 (\"a\u0000\" INTEGER)"));
      assertTrue(nul.getMessage().contains("U+0000"), nul.getMessage());
    }
  }

  @Test
  void generatedCodeHoldsNoTextOfTheQuery() throws SQLException {
    String explain = scalarAll("EXPLAIN CODEGEN SELECT id FROM scripts WHERE txt = '😀👍🏽🇳🇴' OR txt LIKE '%日本%'");
    assertTrue(explain.contains("== Generated class"), explain);
    String plan = explain.substring(explain.indexOf("== Generated class"));
    assertFalse(plan.contains("😀"), plan);
    assertFalse(plan.contains("日本"), plan);
    assertEquals("5", scalar(connection, "SELECT id FROM scripts WHERE txt = '😀👍🏽🇳🇴' OR txt LIKE '%ｕ%'"));
  }

  /**
   * Unicode literals decode six-digit escapes to the code point (Calcite alone read {@code
   * \+01F600} as U+001F and the text "600"), take a custom UESCAPE, and refuse an escape the
   * standard does not allow with SQLSTATE 22025 at the escape's position.
   */
  @Test
  void unicodeLiteralsDecodeEveryEscape() throws SQLException {
    assertEquals("😀", scalar(connection, "SELECT U&'\\+01F600'"));
    assertEquals("1", scalar(connection, "SELECT CHAR_LENGTH(U&'\\+01F600')"));
    assertEquals("café 😀", scalar(connection, "SELECT U&'caf!00E9 !+01F600' UESCAPE '!'"));
    assertEquals("1", scalar(connection, "SELECT COUNT(*) FROM scripts WHERE txt = U&'\\+01F600\\+01F44D\\+01F3FD"
        + "\\+01F1F3\\+01F1F4'"));
    try (Statement s = connection.createStatement()) {
      SQLException bad = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1,\n  U&'ok\\+01F6zz'"));
      assertEquals("22025", bad.getSQLState());
      assertTrue(bad.getMessage().contains("line 2, column 8"), bad.getMessage());
      SQLException large = assertThrows(SQLException.class, () -> s.executeQuery("SELECT U&'\\+110000'"));
      assertEquals("22025", large.getSQLState());
      assertTrue(large.getMessage().contains("10FFFF"), large.getMessage());
    }
  }

  /**
   * Half of a surrogate pair is no character and UTF-8 has no form for it (Java's encoder writes
   * '?'): it is refused with SQLSTATE 22021 wherever it enters, as PostgreSQL refuses text its
   * encoding cannot hold, and nothing is written. Both halves written as escapes make a character.
   */
  @Test
  void loneSurrogatesAreRefusedWhereverTheyEnter() throws Exception {
    try (Statement s = connection.createStatement()) {
      SQLException escape = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1, U&'a\\D800b'"));
      assertEquals("22021", escape.getSQLState());
      assertTrue(escape.getMessage().contains("line 1, column 11"), escape.getMessage());
      assertTrue(escape.getMessage().contains("lone surrogate U+D800 at character 2"), escape.getMessage());
      SQLException raw = assertThrows(SQLException.class,
          () -> s.executeUpdate("INSERT INTO scripts VALUES (50, 'x\uDE00')"));
      assertEquals("22021", raw.getSQLState());
      assertTrue(raw.getMessage().contains("U+DE00"), raw.getMessage());
      assertEquals("😀", scalar(connection, "SELECT U&'\\D83D\\DE00'"));
    }
    Path sinkFolder = folder.resolve("lone");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE lone_sink (id INTEGER, txt VARCHAR) WITH (connector = 'files', path = '"
          + sinkFolder + "', format = 'csv')");
    }
    for (String target : List.of("scripts", "lone_sink")) {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + target + " VALUES (?, ?)")) {
        insert.setInt(1, 60);
        insert.setString(2, "ok\uD83D");
        SQLException parameter = assertThrows(SQLException.class, insert::executeUpdate);
        assertEquals("22021", parameter.getSQLState());
        assertTrue(parameter.getMessage().contains("Parameter 2 holds a lone surrogate U+D83D at character 3"),
            parameter.getMessage());
        insert.setString(2, "ok\uD83D\uDE00");
        assertEquals(1, insert.executeUpdate());
      }
      assertEquals("ok😀", scalar(connection, "SELECT MAX(txt) FROM " + target + " WHERE id = 60"), target);
    }
    // a JSON escape of one half: malformed, named in failfast, dropped and counted otherwise
    Path json = folder.resolve("lone.json");
    java.nio.file.Files.writeString(json, "{\"id\": 1, \"txt\": \"a\\ud800\"}\n"
        + "{\"id\": 2, \"txt\": \"\\ud83d\\ude00\"}\n");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE lone_json (id INTEGER, txt VARCHAR) WITH (connector = 'files', path = '" + json
          + "', format = 'json')");
      SQLException file = assertThrows(SQLException.class, () -> scalar(connection, "SELECT COUNT(*) FROM lone_json"));
      assertTrue(file.getMessage().contains("line 1") && file.getMessage().contains("lone surrogate \\uD800"),
          file.getMessage());
      s.execute("CREATE TABLE lone_json_dropped (id INTEGER, txt VARCHAR) WITH (connector = 'files', path = '" + json
          + "', format = 'json', mode = 'dropmalformed')");
    }
    assertEquals(Map.of(2, "😀"), read("SELECT id, txt FROM lone_json_dropped"));
  }

  private String scalarAll(String sql) throws SQLException {
    StringBuilder sb = new StringBuilder();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        sb.append(rs.getString(1)).append('\n');
      }
    }
    return sb.toString();
  }
}
