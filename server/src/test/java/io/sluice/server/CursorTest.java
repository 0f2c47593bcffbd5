package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading a large result a page at a time over {@code sluice serve}, with PostgreSQL's JDBC driver:
 * SQL cursors (DECLARE / FETCH / MOVE / CLOSE inside BEGIN ... COMMIT, as PostgreSQL requires) and
 * the driver's own paging ({@code setFetchSize} in a transaction: a portal executed with a row limit).
 */
class CursorTest {
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start();
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      StringBuilder values = new StringBuilder();
      for (int n = 1; n <= 100; n++) {
        values.append(n == 1 ? "" : ", ").append('(').append(n).append(')');
      }
      s.execute("CREATE TABLE hundred (n BIGINT)");
      s.executeUpdate("INSERT INTO hundred VALUES " + values);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static List<Long> column(ResultSet rows) throws SQLException {
    List<Long> values = new ArrayList<>();
    while (rows.next()) {
      values.add(rows.getLong(1));
    }
    rows.close();
    return values;
  }

  private static List<Long> range(long from, long to) {
    List<Long> values = new ArrayList<>();
    for (long n = from; n <= to; n++) {
      values.add(n);
    }
    return values;
  }

  @Test
  void declareFetchMoveClose() throws SQLException {
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("DECLARE pages NO SCROLL CURSOR FOR SELECT n FROM hundred ORDER BY n");
      assertEquals(range(1, 10), column(s.executeQuery("FETCH FORWARD 10 FROM pages")));
      assertEquals(List.of(11L), column(s.executeQuery("FETCH NEXT FROM pages")));
      assertEquals(List.of(12L), column(s.executeQuery("FETCH pages")));
      s.execute("MOVE FORWARD 8 IN pages");
      assertEquals(8, s.getUpdateCount());
      assertEquals(range(21, 25), column(s.executeQuery("FETCH 5 IN pages")));
      assertEquals(range(26, 100), column(s.executeQuery("FETCH ALL FROM pages")));
      assertEquals(List.of(), column(s.executeQuery("FETCH 10 FROM pages")));
      s.execute("CLOSE pages");
      c.commit();
      // the session goes on outside the block
      c.setAutoCommit(true);
      assertEquals(List.of(100L), column(s.executeQuery("SELECT COUNT(*) FROM hundred")));
    }
  }

  @Test
  void cursorsFollowPostgresqlRules() throws SQLException {
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      assertEquals("25P01", assertThrows(SQLException.class,
          () -> s.execute("DECLARE loose CURSOR FOR SELECT n FROM hundred")).getSQLState());
      assertEquals("34000", assertThrows(SQLException.class,
          () -> s.executeQuery("FETCH 1 FROM nowhere")).getSQLState());
      // WITH HOLD outlives the block it was declared in (here: none), until CLOSE
      s.execute("DECLARE kept CURSOR WITH HOLD FOR SELECT n FROM hundred ORDER BY n");
      assertEquals(range(1, 3), column(s.executeQuery("FETCH 3 FROM kept")));
      assertEquals("55000", assertThrows(SQLException.class,
          () -> s.executeQuery("FETCH BACKWARD 1 FROM kept")).getSQLState());
      assertEquals("42P03", assertThrows(SQLException.class,
          () -> s.execute("DECLARE kept CURSOR WITH HOLD FOR SELECT 1")).getSQLState());
      s.execute("CLOSE ALL");
      assertEquals("34000", assertThrows(SQLException.class, () -> s.executeQuery("FETCH kept")).getSQLState());
      // a cursor of a block closes with it
      c.setAutoCommit(false);
      s.execute("DECLARE inner_cursor CURSOR FOR SELECT n FROM hundred");
      c.commit();
      assertEquals("34000", assertThrows(SQLException.class,
          () -> s.executeQuery("FETCH inner_cursor")).getSQLState());
      c.rollback();
    }
  }

  /**
   * A DECLARE with {@code $n} parameters: PgJDBC sends a PreparedStatement's text with {@code $1},
   * {@code $2} in Parse and the values in Bind. The cursor keeps its rows after the driver replaces
   * the statement, and the same DECLARE runs again with other values.
   */
  @Test
  void declareWithParametersOverTheExtendedProtocol() throws SQLException {
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try (java.sql.PreparedStatement declare = c.prepareStatement(
          "DECLARE between_cursor CURSOR FOR SELECT n FROM hundred WHERE n > ? AND n <= ? ORDER BY n")) {
        declare.setLong(1, 40);
        declare.setLong(2, 60);
        assertFalse(declare.execute(), "DECLARE answers no rows itself");
        assertEquals(range(41, 45), column(s.executeQuery("FETCH 5 FROM between_cursor")));
        assertEquals(range(46, 60), column(s.executeQuery("FETCH ALL FROM between_cursor")));
        s.execute("CLOSE between_cursor");
        declare.setLong(1, 97);
        declare.setLong(2, 1000);
        declare.execute();
      }
      assertEquals(range(98, 100), column(s.executeQuery("FETCH ALL FROM between_cursor")));
      c.commit();
    }
  }

  /** PgJDBC pages a result itself inside a transaction: Execute with a row limit, PortalSuspended, Execute again. */
  @Test
  void driverFetchSizePagesThroughAPortal() throws SQLException {
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.setFetchSize(10);
      assertEquals(range(1, 100), column(s.executeQuery("SELECT n FROM hundred ORDER BY n")));
      c.commit();
    }
  }
  /**
   * A cancel ends a FETCH that waits on a stream cursor, however soon after the FETCH it comes: a
   * request that reached the server while it still parsed the FETCH (before any statement ran)
   * was lost before, and the FETCH waited on. Rounds cancel after 5 to 200 ms, each from a fresh
   * FETCH; {@code -Dsluice.cursor.cancel-rounds=N} runs more.
   */
  @Test
  void aCancelEndsAFetchWaitingOnAStreamCursor() throws Exception {
    int rounds = Integer.getInteger("sluice.cursor.cancel-rounds", 5);
    long[] delays = {5, 15, 30, 60, 200};
    try (Connection writer = server.pgjdbc(); Connection reader = server.pgjdbc();
         Statement w = writer.createStatement(); Statement r = reader.createStatement()) {
      w.execute("CREATE SOURCE beats (id BIGINT) WITH (connector = 'memory')");
      reader.setAutoCommit(false);
      for (int round = 0; round < rounds; round++) {
        r.execute("DECLARE waiting CURSOR FOR SELECT id FROM beats");
        java.util.concurrent.CompletableFuture<SQLException> fetch = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                r.executeQuery("FETCH 1 FROM waiting");
                return null;
              } catch (SQLException e) {
                return e;
              }
            });
        Thread.sleep(delays[round % delays.length]);
        r.cancel();
        SQLException cancelled = fetch.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(cancelled != null, "round " + round + ": the FETCH ended without rows and without the cancel");
        assertEquals("57014", cancelled.getSQLState(), "round " + round + ": " + cancelled.getMessage());
        reader.rollback();
        // the connection goes on: the cancel does not reach the next statement
        assertEquals(List.of(100L), column(r.executeQuery("SELECT COUNT(*) FROM hundred")), "round " + round);
      }
    }
  }

  /**
   * A cancel request that overtakes the FETCH it is for (the client sent both close together; the
   * cancel's connection came first) still ends the FETCH, while one that comes after a statement
   * ended is dropped and does not reach the next. PgJDBC's {@code cancelQuery()} sends a request
   * whatever the connection does, and returns once the server has taken it.
   */
  @Test
  void aCancelThatOvertakesItsFetchEndsItAndALateOneIsDropped() throws Exception {
    int rounds = Integer.getInteger("sluice.cursor.cancel-rounds", 2);
    try (Connection writer = server.pgjdbc(); Connection reader = server.pgjdbc();
         Statement w = writer.createStatement(); Statement r = reader.createStatement()) {
      w.execute("CREATE SOURCE ticks (id BIGINT) WITH (connector = 'memory')");
      org.postgresql.PGConnection pg = reader.unwrap(org.postgresql.PGConnection.class);
      reader.setAutoCommit(false);
      for (int round = 0; round < rounds; round++) {
        r.execute("DECLARE overtaken CURSOR FOR SELECT id FROM ticks");
        java.util.concurrent.CompletableFuture<Void> cancel = java.util.concurrent.CompletableFuture.runAsync(() -> {
          try {
            pg.cancelQuery();
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
        Thread.sleep(100); // the cancel is at the server, which finds the connection idle
        SQLException cancelled = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(30), () -> assertThrows(SQLException.class,
                () -> r.executeQuery("FETCH 1 FROM overtaken")), "the cancel was lost: the FETCH waits on");
        assertEquals("57014", cancelled.getSQLState(), "round " + round + ": " + cancelled.getMessage());
        cancel.get(30, java.util.concurrent.TimeUnit.SECONDS);
        reader.rollback();
        // late: nothing follows the cancel until the server has taken it; the next statement runs
        pg.cancelQuery();
        assertEquals(List.of(100L), column(r.executeQuery("SELECT COUNT(*) FROM hundred")), "round " + round);
        reader.commit();
      }
    }
  }

  /** A cursor over a stream: each FETCH answers once the rows it asks for have come, batch by batch. */
  @Test
  void aCursorOverAStreamFetchesBatchByBatch() throws Exception {
    try (Connection writer = server.pgjdbc(); Connection reader = server.pgjdbc();
         Statement w = writer.createStatement(); Statement r = reader.createStatement()) {
      w.execute("CREATE SOURCE pulses (id BIGINT) WITH (connector = 'memory')");
      w.executeUpdate("INSERT INTO pulses VALUES (1), (2)");
      reader.setAutoCommit(false);
      r.execute("DECLARE live CURSOR FOR SELECT id FROM pulses");
      List<Long> first = column(r.executeQuery("FETCH 2 FROM live"));
      first.sort(null);
      assertEquals(List.of(1L, 2L), first);
      w.executeUpdate("INSERT INTO pulses VALUES (3)");
      assertEquals(List.of(3L), column(r.executeQuery("FETCH FORWARD 1 FROM live")));
      w.executeUpdate("INSERT INTO pulses VALUES (4), (5)");
      List<Long> next = column(r.executeQuery("FETCH 2 FROM live"));
      next.sort(null);
      assertEquals(List.of(4L, 5L), next);
      r.execute("CLOSE live");
      reader.commit();
      assertEquals(List.of(100L), column(r.executeQuery("SELECT COUNT(*) FROM hundred")));
    }
  }
}
