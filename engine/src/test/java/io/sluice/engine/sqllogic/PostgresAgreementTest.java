package io.sluice.engine.sqllogic;

import io.sluice.engine.connector.jdbc.PostgresServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Runs the sqllogictest files that say {@value #MARKER} on a live PostgreSQL and checks that it
 * gives the answers written in them; {@link SqlLogicTest} checks that Sluice gives the same ones.
 * So the expected answers of those files are PostgreSQL's, proved on every run, not copied once.
 *
 * <p>Values are compared as Sluice prints them: PostgreSQL's {@code t}/{@code f} are
 * {@code true}/{@code false}; two numbers are equal when their values are ({@code 2024} and
 * {@code 2024.0}, {@code 12.3} and {@code 12.300}: Sluice keeps a DECIMAL's scale and prints a
 * DOUBLE with its point); a timestamp with time zone (UTC) is compared without its {@code +00}, and
 * fractional seconds without trailing zeros. A {@code statement error} must fail on PostgreSQL too.
 * Each file runs in a schema of its own.
 */
class PostgresAgreementTest {
  static final String MARKER = "# postgres: same answers";
  private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(\\+00)?");

  @TestFactory
  Stream<DynamicTest> filesAgreeWithPostgres() throws IOException, URISyntaxException {
    Path root = Paths.get(PostgresAgreementTest.class.getResource("/sql").toURI());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".test")).filter(PostgresAgreementTest::marked).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new AssertionFailedError("no file under sql/ says '" + MARKER + "'");
    }
    return files.stream().map(file -> DynamicTest.dynamicTest(root.relativize(file).toString(), file.toUri(),
        () -> runFile(file, root.relativize(file).toString())));
  }

  private static boolean marked(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).contains(MARKER);
    } catch (IOException e) {
      throw new AssertionFailedError("cannot read " + file, e);
    }
  }

  private static void runFile(Path file, String name) throws Exception {
    List<SqlLogicRecord> records = SqlLogicParser.parse(Files.readString(file, StandardCharsets.UTF_8), name);
    PostgresServer server = PostgresServer.shared();
    String schema = "slt_" + name.replaceAll("[^a-zA-Z0-9]", "_");
    try (Connection connection = DriverManager.getConnection(server.url(), PostgresServer.USER,
        PostgresServer.PASSWORD); Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      statement.execute("CREATE SCHEMA " + schema);
      statement.execute("SET search_path TO " + schema);
      statement.execute("SET TIME ZONE 'UTC'");
      for (SqlLogicRecord record : records) {
        run(statement, record, name + ":" + record.line());
      }
      statement.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static void run(Statement statement, SqlLogicRecord record, String where) {
    switch (record.kind()) {
      case STATEMENT_OK:
        try {
          statement.execute(record.sql());
        } catch (SQLException e) {
          throw new AssertionFailedError(where + ": PostgreSQL refused\n" + record.sql() + "\n" + e.getMessage(), e);
        }
        return;
      case STATEMENT_ERROR:
        try {
          statement.execute(record.sql());
        } catch (SQLException e) {
          return;
        }
        throw new AssertionFailedError(where + ": PostgreSQL accepted what Sluice must refuse:\n" + record.sql());
      case QUERY: {
        List<String> actual = rows(statement, record, where);
        List<String> expected = new ArrayList<>(record.expected());
        if (record.sort() != SqlLogicRecord.Sort.NONE) {
          throw new AssertionFailedError(where + ": sort the rows with ORDER BY in a file PostgreSQL checks");
        }
        boolean same = expected.size() == actual.size();
        for (int i = 0; same && i < expected.size(); i++) {
          same = sameRow(expected.get(i), actual.get(i));
        }
        if (!same) {
          throw new AssertionFailedError(where + ": PostgreSQL answers otherwise:\n" + record.sql() + "\n",
              String.join("\n", expected), String.join("\n", actual));
        }
        return;
      }
      default:
        return; // plans and stream steps are Sluice's own
    }
  }

  private static List<String> rows(Statement statement, SqlLogicRecord record, String where) {
    List<String> lines = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery(record.sql())) {
      int n = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        List<String> values = new ArrayList<>();
        for (int c = 1; c <= n; c++) {
          String value = rows.getString(c);
          if (value != null && rows.getMetaData().getColumnType(c) == Types.BIT) {
            value = rows.getBoolean(c) ? "true" : "false";
          }
          values.add(value == null ? "NULL" : value.isEmpty() ? "(empty)" : value);
        }
        lines.add(String.join("\t", values));
      }
    } catch (SQLException e) {
      throw new AssertionFailedError(where + ": PostgreSQL refused\n" + record.sql() + "\n" + e.getMessage(), e);
    }
    return lines;
  }

  private static boolean sameRow(String expected, String actual) {
    String[] e = expected.split("\t", -1);
    String[] a = actual.split("\t", -1);
    if (e.length != a.length) {
      return false;
    }
    for (int i = 0; i < e.length; i++) {
      if (!sameValue(e[i], a[i])) {
        return false;
      }
    }
    return true;
  }

  static boolean sameValue(String sluice, String postgres) {
    if (sluice.equals(postgres)) {
      return true;
    }
    BigDecimal x = number(sluice);
    BigDecimal y = number(postgres);
    if (x != null && y != null) {
      return x.compareTo(y) == 0;
    }
    if (TIMESTAMP.matcher(sluice).matches() && TIMESTAMP.matcher(postgres).matches()) {
      return timestamp(sluice).equals(timestamp(postgres));
    }
    return false;
  }

  private static BigDecimal number(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A timestamp's text without a UTC offset and without trailing zeros of its fraction. */
  private static String timestamp(String text) {
    String t = text.endsWith("+00") ? text.substring(0, text.length() - 3) : text;
    if (t.indexOf('.') > 0) {
      t = t.replaceAll("0+$", "");
      t = t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
    return t;
  }
}
