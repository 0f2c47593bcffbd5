package io.sluice.engine.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.result.Prepared;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.table.MemoryTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A prepared query is optimized once: its runs with other parameter values only bind them into
 * the plan's expressions, until a statement changes the catalog or an option changes. The
 * answers are those of the query with the values written in.
 */
class PreparedQueryTest {
  private Session session;

  @BeforeEach
  void open() {
    session = Database.inMemory().openSession();
    session.execute("CREATE TABLE item (id BIGINT, name VARCHAR, price DECIMAL(10, 2), day DATE)");
    session.execute("INSERT INTO item VALUES (1, 'pen', 1.50, DATE '2024-01-01'), (2, 'ink', 7.25, DATE '2024-02-01'),"
        + " (3, 'pad', 3.00, DATE '2024-03-01'), (4, NULL, NULL, NULL)");
  }

  @AfterEach
  void close() {
    session.close();
  }

  private static List<String> rows(Prepared prepared, Object... values) {
    List<String> rows = new ArrayList<>();
    try (RowCursor cursor = prepared.execute(Arrays.asList(values)).rows()) {
      while (cursor.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < cursor.schema().size(); i++) {
          row.append(i == 0 ? "" : "|").append(cursor.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  @Test
  void runsWithOtherValuesWithoutPlanningAgain() {
    Prepared point = session.prepare("SELECT name, price FROM item WHERE id = ?");
    long before = session.plansOptimized();
    for (long id = 1; id <= 4; id++) {
      List<String> expected = id == 4 ? List.of("null|null") : List.of(List.of("pen|1.50", "ink|7.25", "pad|3.00")
          .get((int) id - 1));
      assertEquals(expected, rows(point, id), "id " + id);
    }
    assertEquals(List.of(), rows(point, 99L));
    assertEquals(List.of(), rows(point, (Object) null), "id = NULL is never true");
    assertEquals(before + 1, session.plansOptimized(), "six runs, one plan");
  }

  @Test
  void valuesOfEveryKindAndPlaceGiveTheAnswersOfTheQueryWithThemWrittenIn() {
    Prepared query = session.prepare("SELECT id, UPPER(name) || CAST(? AS VARCHAR), price * ? FROM item"
        + " WHERE day BETWEEN ? AND ? AND name LIKE ? ORDER BY id");
    long before = session.plansOptimized();
    assertEquals(rows(session.prepare("SELECT id, UPPER(name) || '!', price * CAST(2.0 AS DECIMAL(10, 2)) FROM item"
        + " WHERE day BETWEEN DATE '2024-01-01' AND DATE '2024-02-15' AND name LIKE '%n%' ORDER BY id")),
        rows(query, "!", new java.math.BigDecimal("2.0"), java.time.LocalDate.of(2024, 1, 1),
            java.time.LocalDate.of(2024, 2, 15), "%n%"));
    assertEquals(rows(session.prepare("SELECT id, UPPER(name) || '?', price * CAST(0 AS DECIMAL(10, 2)) FROM item"
        + " WHERE day BETWEEN DATE '2024-02-02' AND DATE '2024-12-31' AND name LIKE 'p%' ORDER BY id")),
        rows(query, "?", 0, java.sql.Date.valueOf("2024-02-02"), java.sql.Date.valueOf("2024-12-31"), "p%"));
    assertEquals(List.of("1|PEN!|3.0000", "2|INK!|14.5000"), rows(query, "!", new java.math.BigDecimal("2.0"),
        java.time.LocalDate.of(2024, 1, 1), java.time.LocalDate.of(2024, 2, 15), "%n%"));
    assertEquals(before + 3, session.plansOptimized(), "the query with parameters once, the two without once each");
  }

  @Test
  void laterRunsGenerateNoCodeAndBindTheirValuesIntoTheProgramsOfTheFirst() {
    String select = "SELECT id, name || %s, price * %s FROM item WHERE id >= %s AND day < %s ORDER BY id";
    Object[][] values = {{"!", new java.math.BigDecimal("2.5"), 1L, java.time.LocalDate.of(2024, 3, 1)},
      {"?", 3, 2, java.time.LocalDate.of(2024, 12, 31)}, {"", new java.math.BigDecimal("0.125"), 0, java.time.LocalDate.of(2024, 2, 1)}};
    String[][] written = {{"'!'", "2.5", "1", "DATE '2024-03-01'"}, {"'?'", "3", "2", "DATE '2024-12-31'"},
      {"''", "0.125", "0", "DATE '2024-02-01'"}};
    List<List<String>> expected = new ArrayList<>();
    for (String[] literals : written) {
      expected.add(rows(session.prepare(String.format(select, "CAST(" + literals[0] + " AS VARCHAR)",
          "CAST(" + literals[1] + " AS DECIMAL(10, 2))", literals[2], literals[3]))));
    }
    Prepared query = session.prepare(String.format(select, "CAST(? AS VARCHAR)", "?", "?", "?"));
    assertEquals(expected.get(0), rows(query, values[0]));
    long generated = session.programsGenerated();
    for (int run = 0; run < 30; run++) {
      int which = run % values.length;
      assertEquals(expected.get(which), rows(query, values[which]), "run " + run);
    }
    assertEquals(generated, session.programsGenerated(), "30 runs after the first generate no code");
    assertEquals(List.of("1|null|1.5000", "2|null|7.2500", "3|null|3.0000"),
        rows(query, null, 1, 1, java.time.LocalDate.of(2024, 12, 31)), "a NULL value is compiled in as a literal");
    assertEquals(generated + 1, session.programsGenerated());
  }

  @Test
  void eachRunSeesItsOwnStartTime() throws InterruptedException {
    Prepared query = session.prepare("SELECT CAST(CURRENT_TIMESTAMP AS VARCHAR) FROM item WHERE id = ?");
    String first = rows(query, 1).get(0);
    Thread.sleep(1_100); // CURRENT_TIMESTAMP has whole seconds
    assertNotEquals(first, rows(query, 1).get(0), "the start time is not the first run's");
  }

  @Test
  void aJoinAndAnAggregateTakeTheirValuesAtEachRun() {
    Prepared query = session.prepare("SELECT a.id, COUNT(*) FROM item a JOIN item b ON a.id < b.id + ?"
        + " WHERE b.price > ? GROUP BY a.id ORDER BY a.id");
    assertEquals(List.of("1|2", "2|2", "3|1"), rows(query, 1, 2));
    assertEquals(List.of("1|3", "2|3", "3|3", "4|3"), rows(query, 10, 0));
  }

  @Test
  void aChangedCatalogOrOptionPlansAgainAndSeesTheNewMeaning() {
    Prepared query = session.prepare("SELECT name FROM item WHERE id > ? ORDER BY name");
    assertEquals(List.of("ink", "pad", "null"), rows(query, 1));
    session.execute("DROP TABLE item");
    session.execute("CREATE TABLE item (id BIGINT, name VARCHAR)");
    session.execute("INSERT INTO item VALUES (5, 'new')");
    long planned = session.plansOptimized();
    assertEquals(List.of("new"), rows(query, 1));
    assertEquals(planned + 1, session.plansOptimized(), "the new table is planned for");
    assertEquals(List.of("new"), rows(query, 4));
    assertEquals(planned + 1, session.plansOptimized());
    session.execute("SET 'pipeline.parallelism' = '1'");
    assertEquals(List.of(), rows(query, 5));
    assertEquals(planned + 2, session.plansOptimized(), "an option changed");
  }

  @Test
  void aPointQueryOnAKeyLooksEachValueUpInTheIndex() {
    session.execute("CREATE TABLE keyed (id BIGINT PRIMARY KEY, name VARCHAR)");
    session.execute("INSERT INTO keyed SELECT id, name FROM item WHERE id < 4");
    session.execute("CREATE INDEX keyed_name ON keyed (name)");
    Prepared byId = session.prepare("SELECT name FROM keyed WHERE id = ?");
    Prepared byName = session.prepare("SELECT id FROM keyed WHERE name = ?");
    long before = session.plansOptimized();
    assertEquals(List.of("ink"), rows(byId, 2L));
    assertEquals(List.of("pad"), rows(byId, 3));
    assertEquals(List.of(), rows(byId, 9L));
    assertEquals(List.of("1"), rows(byName, "pen"));
    assertEquals(List.of(), rows(byName, "PEN"));
    assertEquals(before + 2, session.plansOptimized(), "one plan each");
    session.execute("INSERT INTO keyed VALUES (9, 'pen')");
    long inserted = session.plansOptimized();
    assertEquals(List.of("pen"), rows(byId, 9L), "the index sees the insert");
    assertEquals(List.of("1", "9"), rows(byName, "pen"));
    assertEquals(inserted, session.plansOptimized(), "an INSERT changes rows, not the catalog: no new plan");
  }

  @Test
  void aRangeOfParametersIsLookedUpInAnOrderedIndexWhenItRuns() {
    session.execute("CREATE TABLE digit (d BIGINT)");
    session.execute("INSERT INTO digit VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)");
    session.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, v BIGINT)");
    session.execute("INSERT INTO big SELECT a.d * 1000 + b.d * 100 + c.d * 10 + e.d, e.d FROM digit a, digit b,"
        + " digit c, digit e");
    MemoryTable big = (MemoryTable) session.database().catalog().get("big").table();
    Prepared range = session.prepare("SELECT SUM(v) FROM big WHERE id BETWEEN ? AND ?");
    long before = big.indexScans();
    assertEquals(List.of("45"), rows(range, 100L, 109L));
    assertEquals(before + 1, big.indexScans(), "10 rows of 10,000: through the index");
    assertEquals(List.of("45000"), rows(range, 0L, 9999L));
    assertEquals(before + 1, big.indexScans(), "every row: read without the index");
    assertEquals(List.of("0"), rows(range, 9990L, 9990L));
    assertEquals(before + 2, big.indexScans());
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

  @Test
  void aParameterWhereThePlanNeedsAValueIsBoundAtEachRun() {
    Prepared query = session.prepare("SELECT id FROM item ORDER BY id LIMIT ?");
    assertEquals(List.of("1", "2"), rows(query, 2));
    assertEquals(List.of("1"), rows(query, 1));
  }

  @Test
  void theWrongNumberOfValuesIsRefused() {
    Prepared query = session.prepare("SELECT id FROM item WHERE id = ?");
    SluiceException error = assertThrows(SluiceException.class, () -> query.execute(List.of(1L, 2L)));
    assertEquals("The statement has 1 parameters but 2 values were given", error.getMessage());
  }
}
