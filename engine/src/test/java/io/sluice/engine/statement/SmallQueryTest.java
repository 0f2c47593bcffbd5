package io.sluice.engine.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.result.Prepared;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.result.StreamingRowCursor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bounded query whose scans read few rows (a lookup through an index, small tables) runs on the
 * caller's thread; one over large tables, or whose output turns out large, streams its rows from
 * a thread of its own. The answers are the same either way.
 */
class SmallQueryTest {
  private Session session;

  @BeforeEach
  void open() {
    session = Database.inMemory().openSession();
    session.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, v BIGINT)");
    session.execute("INSERT INTO big SELECT x, 3 * x FROM (SELECT ROW_NUMBER() OVER () AS x"
        + " FROM (VALUES 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) a, (VALUES 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) b,"
        + " (VALUES 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) c, (VALUES 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) d,"
        + " (VALUES 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) e, (VALUES 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) f)");
    session.execute("CREATE TABLE small (k BIGINT)");
    session.execute("INSERT INTO small SELECT v FROM big WHERE id <= 300");
  }

  @AfterEach
  void close() {
    session.close();
  }

  /** The query's one number, and how many results went to threads of their own meanwhile. */
  private long[] one(Prepared query, Object... values) {
    long before = StreamingRowCursor.startedOnThreads();
    try (RowCursor cursor = query.execute(List.of(values)).rows()) {
      long count = 0;
      long last = 0;
      while (cursor.next()) {
        count++;
        last = ((Number) cursor.getObject(0)).longValue();
      }
      return new long[] {count == 1 ? last : count, StreamingRowCursor.startedOnThreads() - before};
    }
  }

  @Test
  void aPointQueryThroughAnIndexRunsOnTheCallersThread() {
    Prepared point = session.prepare("SELECT v FROM big WHERE id = ?");
    for (long id : new long[] {1, 500_000, 1_000_000}) {
      long[] result = one(point, id);
      assertEquals(3 * id, result[0], "id " + id);
      assertEquals(0, result[1], "id " + id + " went to a thread");
    }
  }

  @Test
  void aScanOfAManyRowTableStreamsFromAThread() {
    long[] result = one(session.prepare("SELECT COUNT(*) FROM big WHERE v > ?"), 0L);
    assertEquals(1_000_000, result[0]);
    assertEquals(1, result[1]);
  }

  @Test
  void aSmallQueryWhoseOutputPassesTheBoundIsRunAgainOnAThread() {
    // 300 x 300 rows out of 300-row tables: more than the caller's thread holds
    long[] result = one(session.prepare("SELECT a.k FROM small a, small b WHERE a.k > ?"), -1L);
    assertEquals(90_000, result[0]);
    assertEquals(1, result[1]);
    long[] small = one(session.prepare("SELECT a.k FROM small a, small b WHERE a.k = ? AND b.k < ?"), 3L, 30L);
    assertEquals(9, small[0]);
    assertEquals(0, small[1]);
  }
}
