package io.sluice.engine.stream;

import io.sluice.engine.result.BatchProgress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Nexmark's join queries as continuous queries over the built-in source, cut into many
 * micro-batches (event time at 10,000 events per second; 1,000 for q7, to close more windows),
 * against the same query run as a batch over the same events (read as tables):
 * once the input has ended the stream must have emitted exactly the batch result. q3 runs as
 * an interval join (a seller's person record comes at most 10 s before and 1 s after the
 * auction in the generator's model) and is compared with Nexmark's unbounded q3. q4j is the join
 * of q4 (q6 joins alike), bounded by a column of the auction row: a bid counts while its auction
 * is open, up to A.expires; q4j_left is it as a LEFT join, so auctions without bids come out
 * padded when they expire.
 */
class StreamJoinDifferentialTest {
  private static final String PERSON = "(id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR,"
      + " city VARCHAR, state VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR";
  private static final String AUCTION = "(id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT,"
      + " reserve BIGINT, dateTime TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR";
  private static final String BID = "(auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,"
      + " dateTime TIMESTAMP(3), extra VARCHAR";

  private static final String Q3 = "SELECT P.name, P.city, P.state, A.id FROM auction%1$s AS A INNER JOIN person%1$s"
      + " AS P ON A.seller = P.id%2$s WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')";
  private static final String Q3_BOUND =
      " AND A.dateTime BETWEEN P.dateTime - INTERVAL '1' SECOND AND P.dateTime + INTERVAL '10' SECOND";

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

  private static void declare(Session session, String table, String columns, boolean stream, int rate) {
    String options = "connector = 'nexmark', 'table' = '" + table + "', 'event-time-rate' = '" + rate + "',"
        + " 'max-events' = '120000'";
    if (stream) {
      session.execute("CREATE SOURCE " + table + " " + columns + ", WATERMARK FOR dateTime AS dateTime - INTERVAL"
          + " '4' SECOND) WITH (" + options + ", 'events-per-second' = 'unlimited', 'max-events-per-batch' = '3000')");
    } else {
      session.execute("CREATE TABLE " + table + "_table " + columns + ") WITH (" + options + ")");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "q3; 10000; ",
      "q7; 1000; SELECT B.auction, B.price, B.bidder, B.dateTime, B.extra FROM bid%1$s B JOIN ("
          + " SELECT MAX(price) AS maxprice, window_end AS dateTime"
          + " FROM TABLE(TUMBLE(TABLE bid%1$s, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
          + " GROUP BY window_start, window_end) B1 ON B.price = B1.maxprice"
          + " WHERE B.dateTime BETWEEN B1.dateTime - INTERVAL '10' SECOND AND B1.dateTime",
      "q4j; 10000; SELECT A.id, A.category, B.price, B.dateTime FROM auction%1$s A JOIN bid%1$s B"
          + " ON A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires",
      "q4; 10000; SELECT Q.category, AVG(Q.final) AS average FROM (SELECT MAX(B.price) AS final, A.category"
          + " FROM auction%1$s A, bid%1$s B WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires"
          + " GROUP BY A.id, A.category) Q GROUP BY Q.category",
      "q4j_left; 10000; SELECT A.id, A.seller, B.price FROM auction%1$s A LEFT JOIN bid%1$s B"
          + " ON A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires",
      "q8; 10000; SELECT P.id, P.name, P.starttime FROM (SELECT id, name, window_start AS starttime, window_end AS endtime"
          + " FROM TABLE(TUMBLE(TABLE person%1$s, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
          + " GROUP BY id, name, window_start, window_end) P"
          + " JOIN (SELECT seller, window_start AS starttime, window_end AS endtime"
          + " FROM TABLE(TUMBLE(TABLE auction%1$s, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
          + " GROUP BY seller, window_start, window_end) A"
          + " ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime"})
  void streamEqualsBatchOnceTheInputEnds(String name, int eventTimeRate, String query) throws InterruptedException {
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      for (boolean stream : new boolean[] {true, false}) {
        declare(session, "person", PERSON, stream, eventTimeRate);
        declare(session, "auction", AUCTION, stream, eventTimeRate);
        declare(session, "bid", BID, stream, eventTimeRate);
      }
      String streamed = name.equals("q3") ? String.format(Q3, "", Q3_BOUND) : String.format(query, "");
      String batch = name.equals("q3") ? String.format(Q3, "_table", "") : String.format(query, "_table");
      session.execute("CREATE SINK emitted WITH (connector = 'memory')");
      session.execute("SET 'pipeline.trigger' = 'available-now'");
      session.execute("INSERT INTO emitted " + streamed);
      assertTrue(database.queries().awaitAll().isEmpty(), "the query failed");
      StreamingQuery q = database.queries().list().get(0);
      assertTrue(q.progress().size() >= 20, "ran in " + q.progress().size() + " batches");
      List<String> expected = rows(session, batch);
      assertTrue(expected.size() >= (name.equals("q4") ? 5 : 10), "too few rows to compare: " + expected.size());
      assertEquals(expected, rows(session, "SELECT * FROM emitted"));
      if (name.startsWith("q4j")) {
        // auctions go as they expire and bids as the watermark passes them: the state stays near
        // the rows of the last 4 s (the watermark delay; 40,000 events) instead of holding all
        long input = 0;
        long peak = 0;
        for (BatchProgress p : q.progress()) {
          input += p.inputRows();
          for (BatchProgress.Operator o : p.operators()) {
            peak = Math.max(peak, o.stateRows());
          }
        }
        assertTrue(peak < input / 2, "state peaked at " + peak + " rows of " + input + " read");
      }
    } finally {
      database.queries().stopAll();
    }
  }
}
