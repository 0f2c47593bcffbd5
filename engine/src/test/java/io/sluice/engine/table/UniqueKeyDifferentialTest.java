package io.sluice.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
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
 * A unique key checked through its ordered index (only the rows a statement adds or changes,
 * against their neighbours) must accept and refuse exactly what a check of every row accepts and
 * refuses. Two tables take the same random INSERT, UPDATE and DELETE statements: one keyed by an
 * ordered unique index, the other by a hash one, which INSERT and UPDATE check by reading every
 * row. Keys repeat often (a small range of values), swap, move onto each other and hold NULLs,
 * which a unique index lets repeat. The ordered table reads every row only to name a repeated key.
 * {@code -Dsluice.indexSeed=N} runs another seed.
 */
class UniqueKeyDifferentialTest {
  private static final String COLUMNS = "(k INTEGER, j VARCHAR, v INTEGER)";

  private final Random random = new Random(Long.getLong("sluice.indexSeed", 20261208L));
  private Database database;
  private Session session;

  @BeforeEach
  void open() {
    database = Database.inMemory();
    session = database.openSession();
    session.execute("CREATE TABLE ordered " + COLUMNS);
    session.execute("CREATE TABLE hashed " + COLUMNS);
    session.execute("CREATE UNIQUE INDEX ordered_k ON ordered (k, j)");
    session.execute("CREATE UNIQUE INDEX hashed_k ON hashed USING hash (k, j)");
  }

  @AfterEach
  void close() {
    session.close();
  }

  @Test
  void refusesWhatAFullCheckRefuses() {
    int refused = 0;
    int accepted = 0;
    for (int round = 0; round < 120; round++) {
      String statement = change();
      ErrorCode ordered = run(String.format(statement, "ordered"));
      ErrorCode hashed = run(String.format(statement, "hashed"));
      assertEquals(hashed, ordered, "round " + round + ": " + String.format(statement, "t"));
      if (ordered == null) {
        accepted++;
      } else {
        refused++;
      }
      assertEquals(rows("hashed"), rows("ordered"), "round " + round + " after " + String.format(statement, "t"));
    }
    assertTrue(refused >= 10 && accepted >= 50, "the statements exercise both outcomes: " + refused + " refused, "
        + accepted + " accepted");
    MemoryTable ordered = (MemoryTable) database.catalog().get("ordered").table();
    MemoryTable hashed = (MemoryTable) database.catalog().get("hashed").table();
    assertEquals(refused, ordered.keyReads(), "the ordered key read every row only to name a repeated key");
    assertTrue(hashed.keyReads() > accepted / 2, "the hash key cannot check through its index: " + hashed.keyReads());
  }

  private ErrorCode run(String statement) {
    try {
      session.execute(statement);
      return null;
    } catch (SluiceException e) {
      assertEquals(ErrorCode.UNIQUE_VIOLATION, e.code(), e.getMessage());
      return e.code();
    }
  }

  private String change() {
    switch (random.nextInt(7)) {
      case 0:
      case 1:
        StringBuilder values = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
          values.append(i == 0 ? "" : ", ").append('(').append(key()).append(", ").append(text()).append(", ")
              .append(random.nextInt(100)).append(')');
        }
        return "INSERT INTO %s VALUES " + values;
      case 2:
        return "UPDATE %s SET k = k + " + (random.nextInt(5) - 2) + " WHERE v < " + random.nextInt(100);
      case 3:
        int a = random.nextInt(30);
        int b = random.nextInt(30);
        return "UPDATE %s SET k = CASE WHEN k = " + a + " THEN " + b + " ELSE " + a + " END WHERE k IN (" + a + ", "
            + b + ")"; // a swap: every key stays unique when both exist
      case 4:
        return "UPDATE %s SET j = " + text() + " WHERE k = " + random.nextInt(30);
      case 5:
        return "UPDATE %s SET v = v + 1 WHERE k > " + random.nextInt(30); // the key stays as it is
      default:
        return "DELETE FROM %s WHERE v < " + random.nextInt(25);
    }
  }

  private String key() {
    return random.nextInt(10) == 0 ? "NULL" : String.valueOf(random.nextInt(30));
  }

  private String text() {
    return random.nextInt(10) == 0 ? "NULL" : "'" + "xyz".charAt(random.nextInt(3)) + "'";
  }

  private List<String> rows(String table) {
    List<String> rows = new ArrayList<>();
    try (RowCursor cursor = session.execute("SELECT k, j, v FROM " + table).rows()) {
      while (cursor.next()) {
        rows.add(cursor.getString(0) + "|" + cursor.getString(1) + "|" + cursor.getString(2));
      }
    }
    Collections.sort(rows);
    return rows;
  }
}
