package io.sluice.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Saving a continuous query between batches and resuming a new query from that state (the
 * streaming scripts' {@code restart} step covers every operator's state): the state survives
 * bytes, and a state that does not fit the query is refused instead of being taken.
 */
class QueryStateTest {
  private static final String DEDUP_BY_USER = "INSERT INTO first_click SELECT usr, page, ts FROM (SELECT *,"
      + " ROW_NUMBER() OVER (PARTITION BY usr ORDER BY ts) AS rn FROM clicks) WHERE rn = 1";
  private static final String DEDUP_BY_PAGE = "INSERT INTO first_click SELECT usr, page, ts FROM (SELECT *,"
      + " ROW_NUMBER() OVER (PARTITION BY page ORDER BY ts) AS rn FROM clicks) WHERE rn = 1";

  private Database database;
  private Session session;

  @BeforeEach
  void setUp() {
    database = Database.inMemory();
    session = database.openSession();
    session.executeScript("CREATE SOURCE clicks (usr VARCHAR, page VARCHAR, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '2' SECOND) WITH (connector = 'memory');"
        + " CREATE SINK first_click WITH (connector = 'memory');"
        + " SET 'pipeline.trigger' = 'manual';");
  }

  @AfterEach
  void tearDown() {
    database.queries().stopAll();
    session.close();
  }

  private StreamingQuery start(String insert) {
    session.execute(insert);
    List<StreamingQuery> queries = database.queries().list();
    return queries.get(queries.size() - 1);
  }

  private void rows(String values) {
    session.execute("INSERT INTO clicks VALUES " + values);
  }

  private List<String> sink() {
    List<String> lines = new ArrayList<>();
    try (RowCursor rows = session.execute("SELECT * FROM first_click").rows()) {
      while (rows.next()) {
        lines.add(rows.getString(0) + " " + rows.getString(1) + " " + rows.getString(2));
      }
    }
    return lines;
  }

  private static QueryState throughBytes(QueryState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      state.writeTo(out);
    }
    return QueryState.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }

  @Test
  void resumedQueryGoesOnFromTheSavedOffsetsWatermarkAndState() throws IOException {
    StreamingQuery original = start(DEDUP_BY_USER);
    rows("('ann', '/b', TIMESTAMP '2024-01-01 10:00:03'), ('ann', '/a', TIMESTAMP '2024-01-01 10:00:00')");
    assertTrue(original.step());
    QueryState saved = throughBytes(original.state());
    assertEquals(1, saved.nextBatchId());
    assertEquals(1, saved.operators().size());
    original.stop();
    assertEquals(StreamingQuery.Status.STOPPED, original.status());

    StreamingQuery resumed = session.resumeQuery(DEDUP_BY_USER, saved, original.id());
    assertEquals(original.id(), resumed.id());
    assertEquals(List.of(resumed), database.queries().list());
    assertEquals(original.watermark(), resumed.watermark());
    assertEquals(1, resumed.batches());
    // ann's held row is released by the watermark alone, and the rows already read are not read again
    assertTrue(resumed.step());
    assertEquals(List.of("ann /a 2024-01-01 10:00:00"), sink());
    rows("('ann', '/c', TIMESTAMP '2024-01-01 10:00:09')");
    assertTrue(resumed.step());
    assertEquals(List.of("ann /a 2024-01-01 10:00:00"), sink());
  }

  @Test
  void stateOfAnotherQueryIsRefused() {
    StreamingQuery original = start(DEDUP_BY_USER);
    rows("('ann', '/a', TIMESTAMP '2024-01-01 10:00:01')");
    assertTrue(original.step());
    QueryState saved = original.state();
    original.stop();
    SluiceException e = assertThrows(SluiceException.class,
        () -> session.resumeQuery("INSERT INTO first_click SELECT usr, page, ts FROM clicks", saved, null));
    assertTrue(e.getMessage().contains("stateful operators"), e.getMessage());
    // same operator, partitioned by another column: its snapshot's shape differs
    e = assertThrows(SluiceException.class, () -> session.resumeQuery(DEDUP_BY_PAGE, saved, null));
    assertTrue(e.getMessage().contains("cannot be restored into"), e.getMessage());
  }

  @Test
  void snapshotOfAnotherFormatVersionIsRefused() {
    StreamingQuery original = start(DEDUP_BY_USER);
    rows("('ann', '/a', TIMESTAMP '2024-01-01 10:00:01')");
    assertTrue(original.step());
    QueryState saved = original.state();
    original.stop();
    byte[] bytes = saved.operators().get(0).state();
    ByteBuffer.wrap(bytes).putInt(0, 99);
    QueryState future = new QueryState(saved.nextBatchId(), saved.offsets(), saved.maxEventTimes(), saved.watermark(),
        saved.nextStateDeadline(), saved.nextExpiry(),
        List.of(new QueryState.Operator(saved.operators().get(0).name(), bytes)));
    SluiceException e = assertThrows(SluiceException.class, () -> session.resumeQuery(DEDUP_BY_USER, future, null));
    assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
  }

  @Test
  void runningQueryIsNotReplaced() {
    StreamingQuery original = start(DEDUP_BY_USER);
    QueryState saved = original.state();
    SluiceException e = assertThrows(SluiceException.class,
        () -> session.resumeQuery(DEDUP_BY_USER, saved, original.id()));
    assertTrue(e.getMessage().contains("is running"), e.getMessage());
  }
}
