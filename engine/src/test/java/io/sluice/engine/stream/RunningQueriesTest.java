package io.sluice.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL for running queries: STOP QUERY, SHOW SETTINGS (and SET alone), SHOW QUERIES' numbers, data errors. */
class RunningQueriesTest {
  private StreamTestSession t;

  @BeforeEach
  void setUp() {
    t = new StreamTestSession("CREATE SOURCE raw (id BIGINT, amount VARCHAR) WITH (connector = 'memory');"
        + " CREATE SINK copy WITH (connector = 'memory');");
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  @Test
  void stopQueryStopsAtABatchBoundaryAndShowQueriesSaysSo() {
    StreamingQuery q = t.start("INSERT INTO copy SELECT id, amount FROM raw");
    t.session.execute("INSERT INTO raw VALUES (1, 'a'), (2, 'b')");
    assertTrue(q.step());
    assertEquals("Query q1 stopped after batch 0", t.session.execute("STOP QUERY q1").message());
    assertEquals(StreamingQuery.Status.STOPPED, q.status());
    t.session.execute("INSERT INTO raw VALUES (3, 'c')");
    assertFalse(q.step(), "a stopped query runs no batch");
    assertEquals(List.of("1 | a", "2 | b"), t.rows("SELECT * FROM copy"));
    assertEquals(List.of("q1 | stopped | 1 | 2 | copy"), t.rows("SHOW QUERIES").stream()
        .map(r -> String.join(" | ", List.of(r.split(" \\| ")).subList(0, 5))).toList());
    assertEquals("Query q1 is not running (stopped)", t.session.execute("STOP QUERY Q1").message());
    SluiceException e = assertThrows(SluiceException.class, () -> t.session.execute("STOP QUERY q2"));
    assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
    assertTrue(e.getMessage().startsWith("No query 'q2'."), e.getMessage());
    assertTrue(e.getMessage().contains("Queries: q1"), e.getMessage());
  }

  @Test
  void stopQueryKeepsTheCheckpointAndTheQueryGoesOnFromIt(@TempDir Path dir) {
    t.session.execute("SET 'pipeline.checkpoint' = '" + dir.resolve("ckpt") + "'");
    StreamingQuery q = t.start("INSERT INTO copy SELECT id, amount FROM raw");
    t.session.execute("INSERT INTO raw VALUES (1, 'a'), (2, 'b')");
    assertTrue(q.step());
    t.session.execute("STOP QUERY q1");
    assertTrue(Files.exists(dir.resolve("ckpt/copy/commits/0")), "batch 0 committed in the checkpoint");
    t.session.execute("INSERT INTO raw VALUES (3, 'c')");
    String started = t.session.execute("INSERT INTO copy SELECT id, amount FROM raw").message();
    assertTrue(started.contains("goes on after batch 0"), started);
    StreamingQuery again = t.database.queries().get("q2");
    assertTrue(again.step());
    assertEquals(List.of("1 | a", "2 | b", "3 | c"), t.rows("SELECT * FROM copy"), "row 3 once, rows 1 and 2 not again");
  }

  @Test
  void showQueriesTypesItsCountsAsNumbers() {
    t.start("INSERT INTO copy SELECT id, amount FROM raw");
    try (RowCursor rows = t.session.execute("SHOW QUERIES").rows()) {
      assertEquals(TypeKind.BIGINT, rows.schema().column(2).type().kind(), "batches");
      assertEquals(TypeKind.BIGINT, rows.schema().column(3).type().kind(), "input_rows");
      assertEquals(TypeKind.VARCHAR, rows.schema().column(1).type().kind(), "status");
    }
  }

  @Test
  void uiPortIsCheckedAndNeedsTheServerModule() {
    Session s = t.database.openSession();
    assertEquals("off | default", settings(s, "SHOW SETTINGS").get("ui.port"));
    SluiceException bad = assertThrows(SluiceException.class, () -> s.execute("SET 'ui.port' = 'eighty'"));
    assertEquals(ErrorCode.INVALID_OPTION, bad.code());
    assertTrue(bad.getMessage().contains("'ui.port' takes a port from 0"), bad.getMessage());
    // the engine alone has no web page: the server module offers it (UiPortOptionTest there serves it)
    SluiceException missing = assertThrows(SluiceException.class, () -> s.execute("SET 'ui.port' = '0'"));
    assertEquals(ErrorCode.UNSUPPORTED, missing.code());
    assertTrue(missing.getMessage().contains("server module"), missing.getMessage());
    assertEquals("off | default", settings(s, "SHOW SETTINGS").get("ui.port"));
    s.execute("SET 'ui.port' = 'off'");
    assertEquals("off | session", settings(s, "SHOW SETTINGS").get("ui.port"));
  }

  @Test
  void showSettingsListsEveryOptionWithItsValueAndOrigin() {
    Session s = t.database.openSession();
    s.setConnectionOption("pipeline.checkpoint-retain", "5");
    s.execute("SET 'pipeline.output-mode' = 'update'");
    Map<String, String> settings = settings(s, "SHOW SETTINGS");
    assertEquals("continuous | default", settings.get("pipeline.trigger"));
    assertEquals("5 | connection", settings.get("pipeline.checkpoint-retain"));
    assertEquals("update | session", settings.get("pipeline.output-mode"));
    assertEquals("null | default", settings.get("pipeline.dead-letter-sink"));
    assertEquals("on | default", settings.get("optimizer.batch.predicate-pushdown"));
    assertEquals(settings, settings(s, "SET"), "SET alone is SHOW SETTINGS");
    s.execute("RESET 'pipeline.output-mode'");
    assertEquals("null | default", settings(s, "SET;").get("pipeline.output-mode"));
    SluiceException e = assertThrows(SluiceException.class, () -> s.setConnectionOption("pipeline.trigegr", "once"));
    assertEquals(ErrorCode.INVALID_OPTION, e.code());
    assertTrue(e.getMessage().contains("Unknown option 'pipeline.trigegr'"), e.getMessage());
  }

  @Test
  void aBatchQuerysDivisionByZeroDoesNotAdviseADeadLetterSink() {
    t.session.executeScript("CREATE TABLE d (id BIGINT); INSERT INTO d VALUES (1), (0);");
    SluiceException e = assertThrows(SluiceException.class, () -> t.rows("SELECT 10 / id FROM d"));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, e.code());
    assertTrue(e.getMessage().contains("in row (id = 0)"), e.getMessage());
    assertFalse(e.getMessage().contains("dead-letter"), e.getMessage());
  }

  private static Map<String, String> settings(Session s, String sql) {
    Map<String, String> settings = new LinkedHashMap<>();
    try (RowCursor rows = s.execute(sql).rows()) {
      while (rows.next()) {
        settings.put(rows.getString(0), rows.getString(1) + " | " + rows.getString(2));
      }
    }
    return settings;
  }
}
