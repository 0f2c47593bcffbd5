package io.sluice.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.result.RowCursor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same random rows in a table with indexes and one without, changed alike by random INSERT,
 * UPDATE and DELETE statements, answer random equality, range and prefix queries alike, with
 * NULLs, duplicates, text beyond ASCII and DECIMAL values. The indexes are sorted once, at CREATE
 * INDEX: an index rebuilt per change would fail the build count, a stale one the answers.
 * {@code -Dsluice.indexSeed=N} runs another seed, {@code -Dsluice.indexRounds=N} more rounds (10
 * by default, of one change and six queries each).
 */
class IndexedTableDifferentialTest {
  private static final String[] TEXT = {"", "a", "ab", "a b", "b", "Z", "é", "日本", "zz"};
  private static final String COLUMNS = "(a BIGINT, b VARCHAR, c DECIMAL(8, 2), d INTEGER)";

  private final Random random = new Random(Long.getLong("sluice.indexSeed", 20261207L));
  private Database database;
  private Session session;

  @BeforeEach
  void open() {
    database = Database.inMemory();
    session = database.openSession();
    session.execute("CREATE TABLE plain " + COLUMNS);
    session.execute("CREATE TABLE indexed " + COLUMNS);
  }

  @AfterEach
  void close() {
    session.close();
  }

  @Test
  void answersAsAScanOfEveryRowThroughChanges() {
    both("INSERT INTO %s VALUES " + rows(300));
    session.execute("CREATE INDEX by_a ON indexed (a)");
    session.execute("CREATE INDEX by_b_d ON indexed (b, d)");
    session.execute("CREATE INDEX by_c ON indexed USING btree (c)");
    MemoryTable indexed = (MemoryTable) database.catalog().get("indexed").table();
    assertEquals(3, indexed.indexBuilds());
    String explain = text(session.execute("EXPLAIN SELECT a FROM indexed WHERE a BETWEEN 1 AND 2").rows());
    assertTrue(explain.contains("IndexScan(table=indexed") && explain.contains("index=by_a (a >= 1, a <= 2)"), explain);

    int queries = 0;
    int rounds = Integer.getInteger("sluice.indexRounds", 10);
    for (int round = 0; round < rounds; round++) {
      String change = change();
      both(change);
      for (int q = 0; q < 6; q++) {
        String where = predicate();
        String query = "SELECT a, b, c, d FROM %s WHERE " + where;
        List<String> expected = sorted(String.format(query, "plain"));
        List<String> actual = sorted(String.format(query, "indexed"));
        if (!expected.equals(actual)) {
          List<String> missing = new ArrayList<>(expected);
          actual.forEach(missing::remove);
          List<String> extra = new ArrayList<>(actual);
          expected.forEach(extra::remove);
          fail("round " + round + " after " + String.format(change, "t") + ", WHERE " + where + ": through the indexes "
              + actual.size() + " rows for " + expected.size() + "; missing " + missing + ", extra " + extra);
        }
        queries++;
      }
    }
    assertEquals(rounds * 6, queries);
    assertEquals(count("plain"), indexed.rowCount());
    assertEquals(3, indexed.indexBuilds(), "INSERT, UPDATE and DELETE kept the indexes without sorting them again");
  }

  private void both(String statement) {
    session.execute(String.format(statement, "plain"));
    session.execute(String.format(statement, "indexed"));
  }

  private String change() {
    switch (random.nextInt(6)) {
      case 0:
      case 1:
        return "INSERT INTO %s VALUES " + rows(1 + random.nextInt(12));
      case 2:
        return "DELETE FROM %s WHERE " + predicate();
      case 3:
        return "UPDATE %s SET a = a + " + (random.nextInt(7) - 3) + ", c = " + decimal() + " WHERE " + predicate();
      case 4:
        return "UPDATE %s SET b = " + text() + " WHERE " + predicate();
      default:
        return "UPDATE %s SET d = d + 1"; // every row: the index on (b, d) moves them all
    }
  }

  /** A comparison the indexes look up: on one column, a range, or equality then a range (b, d). */
  private String predicate() {
    switch (random.nextInt(8)) {
      case 0:
        return "a " + operator() + " " + integer();
      case 1:
        long low = integer();
        return "a BETWEEN " + low + " AND " + (low + random.nextInt(10));
      case 2:
        return "b " + operator() + " " + text();
      case 3:
        return "b = " + text() + " AND d " + operator() + " " + random.nextInt(6);
      case 4:
        return "b = " + text() + " AND d = " + random.nextInt(6);
      case 5:
        return "c " + operator() + " " + decimal();
      case 6:
        return "c BETWEEN " + decimal() + " AND " + decimal() + " AND a > " + integer();
      default:
        return "a > " + integer() + " AND a <= " + integer() + " AND b >= " + text();
    }
  }

  private String operator() {
    return List.of("=", "<", "<=", ">", ">=").get(random.nextInt(5));
  }

  private String rows(int count) {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < count; i++) {
      values.append(i == 0 ? "" : ", ").append('(').append(nullOr(String.valueOf(integer()))).append(", ")
          .append(nullOr(text())).append(", ").append(nullOr(decimal())).append(", ")
          .append(nullOr(String.valueOf(random.nextInt(6)))).append(')');
    }
    return values.toString();
  }

  private String nullOr(String value) {
    return random.nextInt(8) == 0 ? "NULL" : value;
  }

  private long integer() {
    return random.nextInt(41) - 20;
  }

  private String text() {
    return "'" + TEXT[random.nextInt(TEXT.length)] + "'";
  }

  private String decimal() {
    int cents = random.nextInt(21) * 25 - 250;
    return (cents < 0 ? "-" : "") + Math.abs(cents) / 100 + "." + String.format("%02d", Math.abs(cents) % 100);
  }

  private long count(String table) {
    try (RowCursor cursor = session.execute("SELECT COUNT(*) FROM " + table).rows()) {
      cursor.next();
      return Long.parseLong(cursor.getString(0));
    }
  }

  private List<String> sorted(String query) {
    List<String> rows = new ArrayList<>();
    try (RowCursor cursor = session.execute(query).rows()) {
      while (cursor.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < cursor.schema().size(); i++) {
          row.append(i == 0 ? "" : "|").append(cursor.getString(i));
        }
        rows.add(row.toString());
      }
    }
    Collections.sort(rows);
    return rows;
  }

  private static String text(RowCursor cursor) {
    StringBuilder all = new StringBuilder();
    try (cursor) {
      while (cursor.next()) {
        all.append(cursor.getString(0)).append('\n');
      }
    }
    return all.toString();
  }
}
