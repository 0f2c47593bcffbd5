package io.sluice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.result.RowCursor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch queries with 'pipeline.state.memory' far below their data: ORDER BY, GROUP BY and joins
 * of every kind spill to disk and give the rows they give with memory to spare; the spill folder
 * is empty once each query ends.
 */
class SpillingQueriesTest {
  @TempDir
  static Path temp;

  private static Session session;
  private static Path spillPath;

  @BeforeAll
  static void tables() throws IOException {
    spillPath = Files.createDirectory(temp.resolve("spill"));
    session = Database.inMemory().openSession();
    session.execute("CREATE TABLE ten (d BIGINT)");
    session.execute("INSERT INTO ten VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)");
    session.execute("CREATE TABLE t (id BIGINT, name VARCHAR, score DOUBLE)");
    // 20,000 rows: names repeat, some are NULL; scores repeat
    session.execute("INSERT INTO t SELECT id, CASE WHEN MOD(id, 13) = 0 THEN NULL ELSE 'name-' || CAST(MOD(id * 7919, 3001)"
        + " AS VARCHAR) END, CAST(MOD(id * 31, 1000) AS DOUBLE) / 4 FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d"
        + " + 10000 * f.d AS id FROM ten a, ten b, ten c, ten e, (SELECT d FROM ten WHERE d < 2) f)");
    session.execute("CREATE TABLE u (k BIGINT, label VARCHAR)");
    session.execute("INSERT INTO u SELECT CASE WHEN MOD(id, 17) = 0 THEN NULL ELSE MOD(id * 3, 6000) END,"
        + " 'label-' || CAST(id AS VARCHAR) FROM t WHERE id < 9000");
  }

  @BeforeEach
  void settings() {
    session.execute("SET 'execution.spill-path' = '" + spillPath + "'");
    session.execute("RESET 'pipeline.state.memory'");
  }

  @AfterAll
  static void close() {
    session.close();
  }

  private static List<String> rows(String sql) {
    List<String> out = new ArrayList<>();
    try (RowCursor cursor = session.execute(sql).rows()) {
      int columns = cursor.schema().size();
      while (cursor.next()) {
        StringBuilder row = new StringBuilder();
        for (int c = 0; c < columns; c++) {
          row.append(cursor.getString(c)).append('|');
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }

  /**
   * The files under the spill folder. A query thread may be deleting them while this walks (a cursor closed early
   * unwinds on its own thread), so a file or folder that vanishes mid-walk makes the walk start again.
   */
  private static List<Path> spillFiles() throws IOException {
    for (int attempt = 0; ; attempt++) {
      try (Stream<Path> files = Files.walk(spillPath)) {
        return files.filter(p -> !p.equals(spillPath)).toList();
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof NoSuchFileException) || attempt == 100) {
          throw e;
        }
      }
    }
  }

  /** Runs {@code sql} with memory to spare, then with 64 KB, and checks that it spilled. */
  private void sameWhenSpilling(String sql, boolean ordered) throws IOException {
    session.execute("RESET 'pipeline.state.memory'");
    List<String> want = rows(sql);
    session.execute("SET 'pipeline.state.memory' = '64k'");
    List<String> got = rows(sql);
    assertEquals(ordered ? want : sorted(want), ordered ? got : sorted(got), sql);
    assertFalse(want.isEmpty(), sql);
    assertEquals(List.of(), spillFiles(), "the spill folder is gone after " + sql);
    String analyzed = String.join("\n", rows("EXPLAIN ANALYZE " + sql));
    assertTrue(analyzed.contains("Spilled "), analyzed);
    session.execute("RESET 'pipeline.state.memory'");
  }

  @Test
  void orderBySpillsAndKeepsItsOrder() throws IOException {
    sameWhenSpilling("SELECT name, score, id FROM t ORDER BY name DESC NULLS FIRST, score", true);
    sameWhenSpilling("SELECT id, name FROM t ORDER BY score, id OFFSET 50 ROWS FETCH NEXT 15000 ROWS ONLY", true);
  }

  @Test
  void groupBySpillsWithTheSameGroups() throws IOException {
    sameWhenSpilling("SELECT name, COUNT(*), SUM(id), MIN(score), MAX(id), AVG(score) FROM t GROUP BY name", false);
    sameWhenSpilling("SELECT MOD(id, 4999) AS k, COUNT(DISTINCT name), COUNT(DISTINCT score) FROM t GROUP BY MOD(id, 4999)",
        false);
  }

  @Test
  void joinsOfEveryKindSpillWithTheSameRows() throws IOException {
    String on = " ON t.id = u.k";
    for (String kind : List.of("JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN")) {
      sameWhenSpilling("SELECT t.id, t.name, u.k, u.label FROM t " + kind + " u" + on, false);
    }
    sameWhenSpilling("SELECT t.id, u.label FROM t JOIN u ON t.id = u.k AND t.score < 100", false);
    sameWhenSpilling("SELECT id, name FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.k = t.id)", false);
    sameWhenSpilling("SELECT id, name FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.k = t.id)", false);
  }

  @Test
  void aSpillFolderThatCannotBeWrittenIsAClearError() throws IOException {
    Path file = temp.resolve("not-a-folder");
    if (!Files.exists(file)) {
      Files.writeString(file, "x");
    }
    session.execute("SET 'execution.spill-path' = '" + file.resolve("spill") + "'");
    session.execute("SET 'pipeline.state.memory' = '16k'");
    SluiceException e = assertThrows(SluiceException.class, () -> rows("SELECT id FROM t ORDER BY name, id"));
    assertEquals(ErrorCode.IO_ERROR, e.code());
    assertTrue(e.getMessage().contains(file.resolve("spill").toString())
        && e.getMessage().contains("'execution.spill-path'"), e.getMessage());
  }

  @Test
  void aBadMemorySettingIsRefused() {
    SluiceException e = assertThrows(SluiceException.class,
        () -> session.execute("SET 'pipeline.state.memory' = 'lots'"));
    assertEquals(ErrorCode.INVALID_OPTION, e.code());
    assertTrue(e.getMessage().contains("'512m'") && e.getMessage().contains("'lots'"), e.getMessage());
    assertThrows(SluiceException.class, () -> session.execute("SET 'pipeline.state.memory' = '0'"));
    assertThrows(SluiceException.class, () -> session.execute("SET 'pipeline.state.memory' = '99999999999999T'"));
    for (String size : List.of("2g", "512KB", "64 MiB", "1048576")) {
      session.execute("SET 'pipeline.state.memory' = '" + size + "'");
    }
  }

  @Test
  void closingASpilledResultEarlyDeletesItsFiles() throws Exception {
    session.execute("SET 'pipeline.state.memory' = '16k'");
    try (RowCursor cursor = session.execute("SELECT t.id, u.label FROM t JOIN u ON t.id = u.k ORDER BY u.label").rows()) {
      assertTrue(cursor.next());
    }
    // the query's thread notices the close at its next batch and deletes the folder as it unwinds
    for (int i = 0; i < 200 && !spillFiles().isEmpty(); i++) {
      Thread.sleep(50);
    }
    assertEquals(List.of(), spillFiles());
  }
}
