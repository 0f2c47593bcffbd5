package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline stepped batch by batch through the JDBC driver alone: {@code STEP QUERY} runs the
 * next batch of a query started with the manual trigger and answers once it has committed, with
 * its batch id, row counts, watermark and event times; the sink, {@code SHOW PROGRESS} and the
 * JSON progress lines show the same batch.
 */
class StepQueryTest {
  @TempDir
  Path temp;

  @Test
  void stepsAManualQueryBatchByBatch() throws Exception {
    Path progress = temp.resolve("progress.jsonl");
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:step-" + System.nanoTime());
         Statement s = c.createStatement()) {
      s.execute("CREATE SOURCE bids (auction BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)"
          + " WITH (connector = 'memory')");
      s.execute("CREATE SINK counts WITH (connector = 'memory')");
      s.execute("SET 'pipeline.trigger' = 'manual'");
      s.execute("SET 'pipeline.progress' = '" + progress + "'");
      s.execute("INSERT INTO counts SELECT window_end, COUNT(*) AS bids"
          + " FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end");

      // nothing to read yet: no batch runs
      try (ResultSet rs = s.executeQuery("STEP QUERY q1")) {
        assertTrue(rs.next());
        assertEquals("q1", rs.getString("query"));
        assertNull(rs.getObject("batch"));
        assertFalse(rs.next());
      }

      s.execute("INSERT INTO bids VALUES (1, TIMESTAMP '2024-01-01 10:00:01'), (2, TIMESTAMP '2024-01-01 10:00:03'),"
          + " (3, TIMESTAMP '2024-01-01 10:00:11')");
      try (ResultSet rs = s.executeQuery("STEP QUERY q1")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getLong("batch"));
        assertEquals(3, rs.getLong("input_rows"));
        assertEquals(0, rs.getLong("output_rows"));
        assertEquals("2024-01-01 10:00:01", rs.getString("event_time_min"));
        assertEquals("2024-01-01 10:00:11", rs.getString("event_time_max"));
      }
      // the watermark (10:00:10) closed the first window: the next step is a batch without rows
      try (ResultSet rs = s.executeQuery("STEP QUERY Q1")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong("batch"));
        assertEquals(0, rs.getLong("input_rows"));
        assertEquals(1, rs.getLong("output_rows"));
        assertEquals("2024-01-01 10:00:10", rs.getString("watermark"));
      }
      assertEquals(List.of("2024-01-01 10:00:10|2"), rows(s, "SELECT window_end, bids FROM counts"));

      try (ResultSet rs = s.executeQuery("SHOW PROGRESS")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getLong("batch"));
        assertEquals("2024-01-01 10:00:05", rs.getString("event_time_avg"));
        assertTrue(rs.next());
        assertNull(rs.getString("event_time_avg"));
      }
      List<String> lines = Files.readAllLines(progress);
      assertEquals(2, lines.size());
      assertTrue(lines.get(0).contains("\"eventTime\":{\"min\":\"2024-01-01 10:00:01\",\"max\":\"2024-01-01 10:00:11\","
          + "\"avg\":\"2024-01-01 10:00:05\"}"), lines.get(0));
      assertTrue(lines.get(1).contains("\"eventTime\":null"), lines.get(1));

      SQLException unknown = assertThrows(SQLException.class, () -> s.executeQuery("STEP QUERY q9"));
      assertTrue(unknown.getMessage().contains("No query 'q9'"), unknown.getMessage());

      s.execute("STOP QUERY q1");
      SQLException stopped = assertThrows(SQLException.class, () -> s.executeQuery("STEP QUERY q1"));
      assertTrue(stopped.getMessage().contains("is not running (stopped)"), stopped.getMessage());
    }
  }

  @Test
  void refusesAQueryOnAnotherTrigger() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:step-" + System.nanoTime());
         Statement s = c.createStatement()) {
      s.execute("CREATE SOURCE ticks (id BIGINT) WITH (connector = 'memory')");
      s.execute("CREATE SINK copied WITH (connector = 'memory')");
      s.execute("SET 'pipeline.trigger' = '1 minute'");
      s.execute("INSERT INTO copied SELECT id FROM ticks");
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("STEP QUERY q1"));
      assertTrue(e.getMessage().contains("runs on trigger '60000 ms'; STEP QUERY runs the batches of a query started"
          + " after SET 'pipeline.trigger' = 'manual'"), e.getMessage());
      s.execute("STOP QUERY q1");
    }
  }

  @Test
  void aReadOnlyConnectionCannotStepAndACheckOnlyOneStepsNothing() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:mem:step-" + System.nanoTime());
         Statement s = c.createStatement()) {
      s.execute("CREATE SOURCE ticks (id BIGINT) WITH (connector = 'memory')");
      s.execute("CREATE SINK copied WITH (connector = 'memory')");
      s.execute("SET 'pipeline.trigger' = 'manual'");
      s.execute("INSERT INTO copied SELECT id FROM ticks");
      c.setReadOnly(true);
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("STEP QUERY q1"));
      assertEquals("25006", e.getSQLState());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sluice:check:"); Statement s = c.createStatement()) {
      assertFalse(s.execute("STEP QUERY q1"), "no query runs in a check-only database: the step is only checked");
    }
  }

  private static List<String> rows(Statement s, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "|" + rs.getString(2));
      }
    }
    return rows;
  }
}
