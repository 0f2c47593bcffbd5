package io.sluice.engine.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.catalog.function.FunctionInfo;
import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import io.sluice.optimizer.functions.FunctionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every example in functions.json and compares its rows with the declared result. */
class FunctionExamplesTest {
  private static Session session;

  @BeforeAll
  static void open() {
    session = Database.inMemory().openSession();
  }

  @AfterAll
  static void close() {
    session.close();
  }

  @TestFactory
  Stream<DynamicTest> everyExampleReturnsItsDeclaredResult() {
    return FunctionRegistry.instance().all().stream().map(function -> DynamicTest.dynamicTest(function.name(), () -> {
      for (FunctionInfo.Example example : function.examples()) {
        List<String> rows;
        try {
          rows = rows(session, example.sql());
        } catch (RuntimeException e) {
          throw new AssertionError(function.name() + " example fails: " + example.sql() + "\n  " + e, e);
        }
        assertEquals(String.join("\n", example.result()), String.join("\n", rows),
            () -> function.name() + " example returned other rows: " + example.sql());
      }
    }));
  }

  /** The rows of a query as functions.json writes them: display text joined by " | ", NULL for null. */
  static List<String> rows(Session session, String sql) {
    RowCursor cursor = session.execute(sql).rows();
    if (cursor == null) {
      fail("not a query: " + sql);
    }
    int columns = cursor.schema().columns().size();
    List<String> rows = new ArrayList<>();
    try {
      while (cursor.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
          String text = cursor.getString(i);
          row.add(text == null ? "NULL" : text);
        }
        rows.add(String.join(" | ", row));
      }
    } finally {
      cursor.close();
    }
    return rows;
  }
}
