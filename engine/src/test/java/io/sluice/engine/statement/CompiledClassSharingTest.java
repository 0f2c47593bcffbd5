package io.sluice.engine.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.codegen.CodeCache;
import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.result.RowCursor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Statements that differ only in their literals share compiled classes, across statements and
 * sessions, not only across the runs of one prepared statement: generated code holds no literal,
 * so the second statement finds the first one's classes by their source.
 */
class CompiledClassSharingTest {
  private static List<String> rows(Session session, String query) {
    List<String> rows = new ArrayList<>();
    try (RowCursor c = session.execute(query).rows()) {
      while (c.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < c.schema().size(); i++) {
          row.append(c.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  @Test
  void statementsDifferingOnlyInLiteralsCompileOnce() {
    Database database = Database.inMemory();
    CodeCache cache = database.codeCache();
    try (Session first = database.openSession(); Session second = database.openSession()) {
      first.execute("CREATE TABLE shared_shape (a INT, b INT, c VARCHAR)");
      first.execute("INSERT INTO shared_shape VALUES (1, 10, 'x'), (5, 20, 'y'), (9, NULL, 'z')");
      long missesBefore = cache.misses();
      assertEquals(List.of("25|Y|", "37|Z|"),
          rows(first, "SELECT a * 3 + 10, UPPER(c) || '' FROM shared_shape WHERE a > 2 ORDER BY 1"));
      long compiled = cache.misses() - missesBefore;
      assertTrue(compiled > 0, "the first statement compiles its classes");
      long hitsBefore = cache.hits();
      assertEquals(List.of("43|Z|"),
          rows(first, "SELECT a * 4 + 7, UPPER(c) || '' FROM shared_shape WHERE a > 6 ORDER BY 1"));
      assertEquals(List.of("7|X|", "27|Y|", "47|Z|"),
          rows(second, "SELECT a * 5 + 2, UPPER(c) || '' FROM shared_shape WHERE a > 0 ORDER BY 1"));
      assertEquals(compiled, cache.misses() - missesBefore, "nothing compiled for the other literals");
      assertTrue(cache.hits() - hitsBefore >= 2 * compiled, "hits: " + (cache.hits() - hitsBefore));
    }
  }
}
