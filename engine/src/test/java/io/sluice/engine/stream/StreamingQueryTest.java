package io.sluice.engine.stream;

import io.sluice.engine.result.BatchProgress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamingQueryTest {
  private Database database;
  private Session session;

  @BeforeEach
  void setUp() {
    database = Database.inMemory();
    session = database.openSession();
    session.execute("CREATE SOURCE s (k BIGINT, v BIGINT) WITH (connector = 'memory')");
    session.execute("CREATE SINK sunk WITH (connector = 'memory')");
  }

  @AfterEach
  void tearDown() {
    database.queries().stopAll();
  }

  private long count(String sql) {
    try (RowCursor rows = session.execute(sql).rows()) {
      assertTrue(rows.next());
      return (Long) rows.getObject(0);
    }
  }

  private StreamingQuery only() {
    List<StreamingQuery> queries = database.queries().list();
    assertEquals(1, queries.size());
    return queries.get(0);
  }

  @Test
  void eachAppendBecomesABatchWithItsProgress() {
    session.execute("INSERT INTO sunk SELECT k, v * 2 AS v2 FROM s WHERE v > 0");
    StreamingQuery query = only();
    session.execute("INSERT INTO s VALUES (1, 10), (2, -1), (3, 30)");
    query.processAllAvailable();
    session.execute("INSERT INTO s VALUES (4, 40)");
    query.processAllAvailable();
    assertEquals(3, count("SELECT COUNT(*) FROM sunk"));
    assertEquals(160, count("SELECT SUM(v2) FROM sunk"));
    List<BatchProgress> progress = query.progress();
    assertEquals(2, progress.size());
    assertEquals(0, progress.get(0).batchId());
    assertEquals(3, progress.get(0).inputRows());
    assertEquals(2, progress.get(0).outputRows());
    assertEquals("3", progress.get(0).endOffsets().get("s"));
    assertEquals(1, progress.get(1).inputRows());
    assertEquals("4", progress.get(1).endOffsets().get("s"));
    String json = progress.get(1).toJson();
    assertTrue(json.startsWith("{\"query\":\"" + query.id() + "\",\"batch\":1,"), json);
    assertTrue(json.contains("\"endOffsets\":{\"s\":\"4\"}"), json);
  }

  @Test
  void availableNowStopsOnceCaughtUp() {
    session.execute("INSERT INTO s VALUES (1, 1), (2, 2)");
    session.execute("SET 'pipeline.trigger' = 'available-now'");
    session.execute("INSERT INTO sunk SELECT k FROM s");
    StreamingQuery query = only();
    query.processAllAvailable();
    assertEquals(StreamingQuery.Status.FINISHED, query.status());
    assertEquals(2, count("SELECT COUNT(*) FROM sunk"));
    session.execute("INSERT INTO s VALUES (3, 3)");
    assertEquals(2, count("SELECT COUNT(*) FROM sunk"), "a finished query reads no more");
  }

  @Test
  void aFailingBatchStopsTheQueryNamingBatchAndOffsets() {
    session.execute("INSERT INTO sunk SELECT k, 100 / v AS q FROM s");
    StreamingQuery query = only();
    session.execute("INSERT INTO s VALUES (1, 5)");
    query.processAllAvailable();
    session.execute("INSERT INTO s VALUES (2, 0)");
    SluiceException e = assertThrows(SluiceException.class, query::processAllAvailable);
    assertEquals(ErrorCode.DIVISION_BY_ZERO, e.code());
    assertTrue(e.getMessage().contains("batch 1") && e.getMessage().contains("s 1..2"), e.getMessage());
    assertEquals(StreamingQuery.Status.FAILED, query.status());
    assertNotNull(query.failure());
    assertEquals(1, count("SELECT COUNT(*) FROM sunk"), "the failed batch wrote nothing");
  }

  @Test
  void stopEndsTheQuery() {
    session.execute("INSERT INTO sunk SELECT k FROM s");
    StreamingQuery query = only();
    query.stop();
    assertEquals(StreamingQuery.Status.STOPPED, query.status());
  }

  @Test
  void anIntervalTriggerSpacesBatches() {
    session.execute("SET 'pipeline.trigger' = '200 ms'");
    session.execute("INSERT INTO sunk SELECT k FROM s");
    StreamingQuery query = only();
    session.execute("INSERT INTO s VALUES (1, 1)");
    query.processAllAvailable();
    session.execute("INSERT INTO s VALUES (2, 2)");
    query.processAllAvailable();
    List<BatchProgress> progress = query.progress();
    assertEquals(2, progress.size());
    assertTrue(progress.get(1).startMillis() - progress.get(0).startMillis() >= 200,
        "batches started " + (progress.get(1).startMillis() - progress.get(0).startMillis()) + " ms apart");
  }
}
