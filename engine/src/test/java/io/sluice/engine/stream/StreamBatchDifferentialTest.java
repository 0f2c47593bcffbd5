package io.sluice.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.stream.RowKind;
import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A continuous query over the Nexmark stream, cut into many micro-batches, against the same
 * query run as a batch over the same events: the stream's result must be exactly the batch
 * result (the source ends, which closes every window).
 */
class StreamBatchDifferentialTest {
  private static final String COLUMNS = "(auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,"
      + " dateTime TIMESTAMP(3), extra VARCHAR";

  private static List<String> rows(Session session, String sql) {
    List<String> out = new ArrayList<>();
    try (RowCursor c = session.execute(sql).rows()) {
      while (c.next()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.schema().size(); i++) {
          sb.append(c.getString(i)).append('|');
        }
        out.add(sb.toString());
      }
    }
    Collections.sort(out);
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // stateless
      "SELECT auction, bidder, 0.908 * price AS price, dateTime FROM %s WHERE MOD(auction, 7) = 0",
      // tumbling window
      "SELECT MAX(price) AS maxprice, COUNT(*) AS n, window_start, window_end"
          + " FROM TABLE(TUMBLE(TABLE %s, DESCRIPTOR(dateTime), INTERVAL '0.2' SECOND)) GROUP BY window_start, window_end",
      // hopping window, grouped by a key too
      "SELECT auction, COUNT(*) AS num, window_start, window_end"
          + " FROM TABLE(HOP(TABLE %s, DESCRIPTOR(dateTime), INTERVAL '0.1' SECOND, INTERVAL '0.3' SECOND))"
          + " GROUP BY auction, window_start, window_end",
      // grouping by window_start only
      "SELECT window_start, SUM(price) AS total, COUNT(DISTINCT bidder) AS bidders"
          + " FROM TABLE(TUMBLE(TABLE %s, DESCRIPTOR(dateTime), INTERVAL '0.1' SECOND)) GROUP BY window_start",
      // cumulating windows, grouped by a key too
      "SELECT auction, COUNT(*) AS num, MAX(price) AS maxprice, window_start, window_end"
          + " FROM TABLE(CUMULATE(TABLE %s, DESCRIPTOR(dateTime), INTERVAL '0.1' SECOND, INTERVAL '0.4' SECOND))"
          + " GROUP BY auction, window_start, window_end",
      // session windows per bidder: sessions span batches and merge
      "SELECT bidder, COUNT(*) AS num, SUM(price) AS total, window_start, window_end"
          + " FROM TABLE(SESSION(TABLE %s PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '0.05' SECOND))"
          + " GROUP BY bidder, window_start, window_end"})
  void streamEqualsBatchOverClosedWindows(String query) throws InterruptedException {
    streamEqualsBatch(query, "append");
  }

  /**
   * Sessions in update mode: every batch retracts the results of the sessions that grew or
   * merged, and the sink, applying that changelog, ends with the batch result.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT bidder, COUNT(*) AS num, SUM(price) AS total, MAX(price) AS top, window_start, window_end"
          + " FROM TABLE(SESSION(TABLE %s PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '0.05' SECOND))"
          + " GROUP BY bidder, window_start, window_end",
      // a filter on the session's bounds between, HAVING above
      "SELECT bidder, COUNT(*) AS num, window_end"
          + " FROM TABLE(SESSION(TABLE %s PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '0.05' SECOND))"
          + " WHERE dateTime < window_start + INTERVAL '0.03' SECOND"
          + " GROUP BY bidder, window_end HAVING COUNT(*) > 1"})
  void sessionsInUpdateModeEndAsTheBatchResult(String query) throws InterruptedException {
    long retracted = streamEqualsBatch(query, "update");
    assertTrue(retracted > 0, "results of sessions that grew were retracted: " + retracted);
  }

  /** Checks the stream's final result against the batch run; returns the -U and -D rows the sink received. */
  private static long streamEqualsBatch(String query, String mode) throws InterruptedException {
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.execute("CREATE SOURCE bid " + COLUMNS + ", WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND)"
          + " WITH (connector = 'nexmark', 'table' = 'bid', 'events-per-second' = 'unlimited',"
          + " 'event-time-rate' = '10000', 'max-events' = '60000', 'max-events-per-batch' = '2500')");
      session.execute("CREATE TABLE bid_table " + COLUMNS + ") WITH (connector = 'nexmark', 'table' = 'bid',"
          + " 'event-time-rate' = '10000', 'max-events' = '60000')");
      session.execute("CREATE SINK emitted WITH (connector = 'memory')");
      session.execute("SET 'pipeline.trigger' = 'available-now'");
      session.execute("SET 'pipeline.output-mode' = '" + mode + "'");
      session.execute("INSERT INTO emitted " + String.format(query, "bid"));
      assertTrue(database.queries().awaitAll().isEmpty(), "the query failed");
      StreamingQuery q = database.queries().list().get(0);
      assertTrue(q.progress().size() >= 20, "ran in " + q.progress().size() + " batches");
      List<String> stream = rows(session, "SELECT * FROM emitted");
      String batchQuery = String.format(query, "bid_table");
      if (query.contains("window_")) {
        // the source ended, so the watermark moved to the end of time and every window was emitted
        assertEquals(Long.MAX_VALUE, q.watermark(), "the end of input closes every window");
      }
      List<String> batch = rows(session, batchQuery);
      assertTrue(batch.size() > 10, "too few rows to compare: " + batch.size());
      assertEquals(batch, stream);
      return ((MemorySink) database.catalog().get("emitted").sink()).takeChanges().stream()
          .filter(c -> c.kind() == RowKind.UPDATE_BEFORE || c.kind() == RowKind.DELETE).count();
    } finally {
      database.queries().stopAll();
    }
  }
}
