package io.sluice.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * An index lookup join answers as a hash join over every row of the table: random rows with
 * repeated and NULL keys in a large table indexed on the key and in a plain copy of it, joined
 * with a small table by inner, left and right joins. The indexed table is read through its index
 * once per run; a probe side far larger than the planner expected makes the join read the table
 * whole instead, with the same answers.
 */
class IndexLookupJoinTest {
  private final Random random = new Random(20261208L);
  private Database database;
  private Session session;

  @BeforeEach
  void open() {
    database = Database.inMemory();
    session = database.openSession();
    for (String table : List.of("indexed", "plain")) {
      session.execute("CREATE TABLE " + table + " (k BIGINT, t VARCHAR, v INTEGER)");
    }
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 12_000; i++) {
      rows.append(i == 0 ? "" : ", ").append('(').append(random.nextInt(50) == 0 ? "NULL" : random.nextInt(6_000))
          .append(", 't").append(random.nextInt(100)).append("', ").append(random.nextInt(1000)).append(')');
    }
    session.execute("INSERT INTO indexed VALUES " + rows);
    session.execute("INSERT INTO plain SELECT * FROM indexed");
    session.execute("CREATE INDEX indexed_k ON indexed (k)");
    session.execute("CREATE TABLE small (k BIGINT, w INTEGER, c1 INTEGER, c2 INTEGER)");
    StringBuilder few = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      few.append(i == 0 ? "" : ", ").append('(').append(random.nextInt(10) == 0 ? "NULL" : random.nextInt(6_500))
          .append(", ").append(random.nextInt(1000)).append(", 1, 1)");
    }
    session.execute("INSERT INTO small VALUES " + few);
  }

  @AfterEach
  void close() {
    session.close();
  }

  @Test
  void answersAsAHashJoinOverEveryRow() {
    MemoryTable indexed = (MemoryTable) database.catalog().get("indexed").table();
    List<String> queries = List.of(
        "SELECT s.k, s.w, b.t, b.v FROM small s JOIN %s b ON b.k = s.k",
        "SELECT s.k, s.w, b.t, b.v FROM small s LEFT JOIN %s b ON b.k = s.k AND b.v < s.w",
        "SELECT s.k, s.w, b.t FROM %s b RIGHT JOIN small s ON s.k = b.k",
        "SELECT b.t, COUNT(*) FROM small s JOIN %s b ON s.k = b.k GROUP BY b.t");
    for (String query : queries) {
      String plan = String.join("\n", rows("EXPLAIN " + String.format(query, "indexed")));
      assertTrue(plan.contains("looked up by index=indexed_k (k)"), plan);
      long before = indexed.indexScans();
      List<String> expected = rows(String.format(query, "plain"));
      assertEquals(expected, rows(String.format(query, "indexed")), query);
      assertEquals(before + 1, indexed.indexScans(), "one lookup of the probe side's keys: " + query);
      assertFalse(expected.isEmpty(), query);
    }
  }

  @Test
  void aProbeSideFarLargerThanExpectedReadsTheTableWhole() {
    // 12,000 rows all with c1 = 1 and c2 = 1: the planner guesses 0.15 * 0.15 of them (270)
    session.execute("INSERT INTO small SELECT k, v, 1, 1 FROM plain");
    String query = "SELECT s.k, s.w, b.t FROM (SELECT * FROM small WHERE c1 = 1 AND c2 = 1) s JOIN %s b ON b.k = s.k";
    String plan = String.join("\n", rows("EXPLAIN " + String.format(query, "indexed")));
    assertTrue(plan.contains("looked up by index=indexed_k"), plan);
    MemoryTable indexed = (MemoryTable) database.catalog().get("indexed").table();
    long before = indexed.indexScans();
    List<String> expected = rows(String.format(query, "plain"));
    assertTrue(expected.size() > 12_000, "every row of plain matches itself at least: " + expected.size());
    assertEquals(expected, rows(String.format(query, "indexed")));
    assertEquals(before, indexed.indexScans(), "read whole, not looked up key by key");
  }

  private List<String> rows(String sql) {
    List<String> lines = new ArrayList<>();
    try (RowCursor cursor = session.execute(sql).rows()) {
      while (cursor.next()) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cursor.schema().size(); c++) {
          line.append(c == 0 ? "" : "|").append(cursor.isNull(c) ? "NULL" : cursor.getString(c));
        }
        lines.add(line.toString());
      }
    }
    if (!sql.startsWith("EXPLAIN")) {
      Collections.sort(lines);
    }
    return lines;
  }
}
