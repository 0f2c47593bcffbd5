package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Statement.cancel() from another thread and setQueryTimeout, over streaming and batch queries. */
class CancelTest {
  /** A SELECT over a stream whose rows never pass the filter: next() blocks until cancelled. */
  private static final String NEVER_ENDING = "SELECT id FROM ticks WHERE id < 0";
  /** A batch query of 10^9 joined rows: runs for minutes unless cancelled. */
  private static final String LONG_BATCH = "SELECT COUNT(*) FROM thousand a, thousand b, thousand c";

  private Connection connection;
  private ScheduledExecutorService other;

  @BeforeEach
  void setUp() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sluice:");
    other = Executors.newSingleThreadScheduledExecutor();
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE SOURCE ticks (id BIGINT) WITH (connector = 'datagen', 'rows-per-second' = '20', 'fields.id.kind' = 'sequence')");
      s.execute("CREATE TABLE thousand (x BIGINT)");
      s.execute("INSERT INTO thousand SELECT a.d * 100 + b.d * 10 + c.d FROM (VALUES 0,1,2,3,4,5,6,7,8,9) a(d),"
          + " (VALUES 0,1,2,3,4,5,6,7,8,9) b(d), (VALUES 0,1,2,3,4,5,6,7,8,9) c(d)");
      s.execute("CREATE TABLE copy (x BIGINT)");
    }
  }

  @AfterEach
  void tearDown() throws SQLException {
    other.shutdownNow();
    connection.close();
  }

  private void cancelLater(Statement s, long millis) {
    other.schedule(() -> {
      s.cancel();
      return null;
    }, millis, TimeUnit.MILLISECONDS);
  }

  private static void assertCancelled(SQLException e) {
    assertEquals("57014", e.getSQLState(), e.getMessage());
  }

  /** The connection goes on working after a cancel. */
  private void assertUsable() throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM thousand")) {
      assertTrue(rs.next());
      assertEquals(1000, rs.getLong(1));
    }
  }

  @Test
  void cancelEndsABlockedNextOverAStream() throws SQLException {
    try (Statement s = connection.createStatement()) {
      ResultSet rs = s.executeQuery(NEVER_ENDING);
      long start = System.nanoTime();
      cancelLater(s, 300);
      SQLException e = assertThrows(SQLException.class, rs::next);
      assertCancelled(e);
      assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "cancel took too long");
      assertThrows(SQLException.class, rs::next, "a cancelled result stays cancelled");
      rs.close();
    }
    assertUsable();
  }

  @Test
  void cancelEndsARunningBatchQuery() throws SQLException {
    try (Statement s = connection.createStatement()) {
      long start = System.nanoTime();
      cancelLater(s, 300);
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(LONG_BATCH)) {
          rs.next();
        }
      });
      assertCancelled(e);
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "cancel took too long");
    }
    assertUsable();
  }

  @Test
  void cancelEndsAnInsertRunningOnTheCallingThreadAndWritesNothing() throws SQLException {
    try (Statement s = connection.createStatement()) {
      cancelLater(s, 300);
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeUpdate("INSERT INTO copy SELECT a.x FROM thousand a, thousand b, thousand c"));
      assertCancelled(e);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM copy")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getLong(1), "a cancelled INSERT commits no row");
      }
    }
  }

  @Test
  void queryTimeoutEndsABlockedNext() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.setQueryTimeout(1);
      assertEquals(1, s.getQueryTimeout());
      long start = System.nanoTime();
      ResultSet rs = s.executeQuery(NEVER_ENDING);
      SQLException e = assertThrows(SQLException.class, rs::next);
      assertInstanceOf(SQLTimeoutException.class, e);
      assertCancelled(e);
      assertTrue(e.getMessage().contains("timeout of 1 second"), e.getMessage());
      long elapsed = System.nanoTime() - start;
      assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(900) && elapsed < TimeUnit.SECONDS.toNanos(6),
          "timed out after " + elapsed / 1_000_000 + " ms");
    }
    assertUsable();
  }

  @Test
  void queryTimeoutEndsABatchQuery() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.setQueryTimeout(1);
      SQLException e = assertThrows(SQLTimeoutException.class, () -> {
        try (ResultSet rs = s.executeQuery(LONG_BATCH)) {
          rs.next();
        }
      });
      assertCancelled(e);
    }
  }

  @Test
  void aTimeoutDoesNotTouchAStatementThatFinishedInTime() throws Exception {
    assertUsable(); // compiles the query's code, so that the timed run below is quick even on a busy machine
    try (Statement s = connection.createStatement()) {
      s.setQueryTimeout(3);
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM thousand")) {
        assertTrue(rs.next());
        Thread.sleep(3300); // past the timeout, but the statement's result is read
        assertEquals(1000, rs.getLong(1));
        assertFalse(rs.next());
      }
      s.setQueryTimeout(0);
      assertEquals(1, s.executeUpdate("INSERT INTO copy VALUES (1)"));
    }
  }

  @Test
  void cancelWithNothingRunningDoesNothing() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.cancel();
      assertUsable();
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        assertTrue(rs.next());
      }
    }
  }
}
