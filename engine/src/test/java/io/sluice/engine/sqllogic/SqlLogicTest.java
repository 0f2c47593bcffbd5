package io.sluice.engine.sqllogic;

import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import io.sluice.engine.result.StatementResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Runs every {@code .test} file under {@code src/test/resources/sql}, one dynamic test per
 * file, each in a fresh database. {@code ${TEMP}} in SQL is a fresh folder per file and
 * {@code ${RESOURCES}} the test resources folder. Run one file with
 * {@code -Dsluice.slt=joins/outer} (a substring of its path).
 */
class SqlLogicTest {
  @TempDir
  Path temp;

  @TestFactory
  Stream<DynamicTest> sqlLogicFiles() throws IOException, URISyntaxException {
    Path root = Paths.get(SqlLogicTest.class.getResource("/sql").toURI());
    Path resources = root.getParent();
    String only = System.getProperty("sluice.slt", "");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".test"))
          .filter(p -> root.relativize(p).toString().contains(only))
          .sorted().toList();
    }
    return files.stream().map(file -> DynamicTest.dynamicTest(root.relativize(file).toString(), file.toUri(),
        () -> runFile(file, root.relativize(file).toString(), resources)));
  }

  private void runFile(Path file, String name, Path resources) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<SqlLogicRecord> records = SqlLogicParser.parse(text, name);
    Path fileTemp = Files.createTempDirectory(temp, "slt");
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      for (SqlLogicRecord record : records) {
        String sql = record.sql().replace("${TEMP}", fileTemp.toString()).replace("${RESOURCES}", resources.toString());
        run(session, record, sql, name);
      }
    } finally {
      database.queries().stopAll();
    }
  }

  private static void run(Session session, SqlLogicRecord record, String sql, String file) {
    String where = file + ":" + record.line();
    switch (record.kind()) {
      case PROCESS:
        try {
          session.database().queries().processAllAvailable();
        } catch (SluiceException e) {
          throw new AssertionFailedError(where + ": a continuous query failed:\n" + e.getMessage(), e);
        }
        return;
      case STATEMENT_OK:
        try {
          StatementResult result = session.execute(sql);
          drain(result);
        } catch (SluiceException e) {
          throw new AssertionFailedError(where + ": statement failed:\n" + sql + "\n" + e.getMessage(), e);
        }
        return;
      case STATEMENT_ERROR: {
        SluiceException error;
        try {
          drain(session.execute(sql));
          throw new AssertionFailedError(where + ": statement should have failed:\n" + sql);
        } catch (SluiceException e) {
          error = e;
        }
        if (record.errorCode() != null && !error.code().name().equals(record.errorCode())) {
          throw new AssertionFailedError(where + ": expected error " + record.errorCode() + " but got "
              + error.code() + ":\n" + error.getMessage(), error);
        }
        if (record.errorPosition() != null
            && !record.errorPosition().equals(error.line() + ":" + error.column())) {
          throw new AssertionFailedError(where + ": expected the error at " + record.errorPosition() + " but it is at "
              + error.line() + ":" + error.column() + ":\n" + error.getMessage(), error);
        }
        for (String fragment : record.expected()) {
          if (!error.getMessage().contains(fragment)) {
            throw new AssertionFailedError(where + ": error message lacks '" + fragment + "':\n" + error.getMessage(),
                error);
          }
        }
        return;
      }
      case QUERY: {
        List<String> actual = query(session, sql, record, where);
        List<String> expected = new ArrayList<>(record.expected());
        if (record.sort() == SqlLogicRecord.Sort.ROWS) {
          Collections.sort(expected);
          Collections.sort(actual);
        } else if (record.sort() == SqlLogicRecord.Sort.VALUES) {
          expected = splitValues(expected);
          actual = splitValues(actual);
        }
        if (!expected.equals(actual)) {
          throw new AssertionFailedError(where + ": wrong result for\n" + sql + "\n", String.join("\n", expected),
              String.join("\n", actual));
        }
        return;
      }
      case EXPLAIN: {
        List<String> plan = query(session, sql, null, where);
        int at = 0;
        for (String fragment : record.expected()) {
          String f = fragment.strip();
          while (at < plan.size() && !plan.get(at).contains(f)) {
            at++;
          }
          if (at == plan.size()) {
            throw new AssertionFailedError(where + ": plan lacks '" + f + "' (in order) for\n" + sql + "\nplan:\n"
                + String.join("\n", plan));
          }
          at++;
        }
        return;
      }
      default:
        throw new IllegalStateException();
    }
  }

  private static List<String> query(Session session, String sql, SqlLogicRecord record, String where) {
    StatementResult result;
    try {
      result = session.execute(sql);
    } catch (SluiceException e) {
      throw new AssertionFailedError(where + ": query failed:\n" + sql + "\n" + e.getMessage(), e);
    }
    if (result.kind() != StatementResult.Kind.ROWS) {
      throw new AssertionFailedError(where + ": expected rows from\n" + sql);
    }
    List<String> lines = new ArrayList<>();
    try (RowCursor rows = result.rows()) {
      int n = rows.schema().size();
      if (record != null && record.columns().length() != n) {
        throw new AssertionFailedError(where + ": query returns " + n + " columns but the record declares "
            + record.columns().length() + " (" + record.columns() + ")");
      }
      while (rows.next()) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < n; c++) {
          if (c > 0) {
            sb.append('\t');
          }
          String v = rows.getString(c);
          sb.append(v == null ? "NULL" : v.isEmpty() ? "(empty)" : v);
        }
        lines.add(sb.toString());
      }
    }
    return lines;
  }

  private static List<String> splitValues(List<String> rows) {
    List<String> values = new ArrayList<>();
    for (String row : rows) {
      Collections.addAll(values, row.split("\t", -1));
    }
    values.sort(Comparator.naturalOrder());
    return values;
  }

  private static void drain(StatementResult result) {
    if (result.kind() == StatementResult.Kind.ROWS) {
      try (RowCursor rows = result.rows()) {
        while (rows.next()) {
          // reading every row surfaces errors that happen while rows are produced
        }
      }
    }
  }
}
