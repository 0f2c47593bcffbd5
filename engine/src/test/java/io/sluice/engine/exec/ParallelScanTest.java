package io.sluice.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.result.BatchProgress;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.stream.MemorySink;
import io.sluice.engine.stream.StreamingQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans read in splits by workers ({@code pipeline.parallelism} 2) against the same queries on
 * one thread: the same rows in the same order, the same progress figures (rows read, late rows,
 * event times) and the same errors, and the splits really ran on workers.
 */
class ParallelScanTest {
  private static final String BID = "(auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,"
      + " dateTime TIMESTAMP(3), extra VARCHAR, WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND)";

  /** What a continuous query gave: the sink's changes in order, each batch's progress figures, and the plan's profile. */
  /** What a run wrote, its progress records, its profile, and the batches that read rows but report no read phase. */
  private record Run(List<String> changes, List<String> progress, String profile, List<Long> untimedReads) {}

  private static Run stream(int parallelism, String query) throws InterruptedException {
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.execute("SET 'pipeline.parallelism' = '" + parallelism + "'");
      // event times out of order by up to 2 s ('out-of-order' nexmark default is in order), so some rows are late
      session.execute("CREATE SOURCE bid " + BID + " WITH (connector = 'nexmark', 'table' = 'bid',"
          + " 'events-per-second' = 'unlimited', 'event-time-rate' = '10000', 'max-events' = '100000',"
          + " 'max-events-per-batch' = '40000')");
      session.execute("CREATE SINK out WITH (connector = 'memory')");
      session.execute("SET 'pipeline.trigger' = 'available-now'");
      session.execute("INSERT INTO out " + query);
      database.queries().awaitAll();
      StreamingQuery q = database.queries().list().get(0);
      if (q.failure() != null) {
        throw (SluiceException) q.failure();
      }
      List<String> changes = new ArrayList<>();
      for (MemorySink.Change c : ((MemorySink) database.catalog().get("out").sink()).takeChanges()) {
        changes.add(c.batchId() + " " + c.kind() + " " + c.values());
      }
      List<String> progress = new ArrayList<>();
      List<Long> untimedReads = new ArrayList<>();
      for (BatchProgress p : q.progress()) {
        if (p.inputRows() > 0 && !(p.phases().read() > 0)) {
          untimedReads.add(p.batchId());
        }
        progress.add(p.batchId() + ": in " + p.inputRows() + ", out " + p.outputRows() + ", late " + p.lateRows()
            + ", watermark " + p.watermark() + ", event time " + p.eventTime());
      }
      return new Run(changes, progress, q.plan().profile(), untimedReads);
    } finally {
      database.queries().stopAll();
    }
  }

  /** The same rows in the same order; on a difference, says where the first one is rather than printing all. */
  private static void assertSameRows(List<String> expected, List<String> actual) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), "row " + i + " of " + expected.size());
    }
    assertEquals(expected.size(), actual.size(), "rows");
  }

  @Test
  void filterAndProjectionOverSplitsGiveTheRowsOfOneThreadInTheirOrder() throws InterruptedException {
    String query = "SELECT auction, bidder, 0.908 * price AS price, dateTime FROM bid WHERE MOD(auction, 7) <> 3";
    Run one = stream(1, query);
    Run two = stream(2, query);
    assertTrue(one.changes().size() > 20_000, "rows: " + one.changes().size());
    assertSameRows(one.changes(), two.changes());
    assertEquals(one.progress(), two.progress());
    assertFalse(one.profile().contains("workers"), one.profile());
    assertTrue(two.profile().contains("(2 workers)"), two.profile());
    // on workers, the read phase is the query thread's wait for the splits
    assertEquals(List.of(), one.untimedReads(), "batches that read rows on one thread, with no read time");
    assertEquals(List.of(), two.untimedReads(), "batches that read rows on workers, with no read time");
  }

  @Test
  void aScanWithoutFilterOrProjectionSplitsAlike() throws InterruptedException {
    String query = "SELECT auction, bidder, price, dateTime, extra FROM bid";
    Run one = stream(1, query);
    Run two = stream(2, query);
    assertSameRows(one.changes(), two.changes());
    assertEquals(one.progress(), two.progress());
    assertTrue(two.profile().contains("(2 workers)"), two.profile());
  }

  @Test
  void rowsBehindTheWatermarkAreDroppedAlike() throws InterruptedException {
    // a window waits on the watermark, so rows behind it are dropped by the scan (in each split)
    String query = "SELECT window_start, COUNT(*) AS n, SUM(price) AS total"
        + " FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))"
        + " WHERE price > 100 GROUP BY window_start, window_end";
    Run one = stream(1, query);
    Run two = stream(2, query);
    assertFalse(one.changes().isEmpty());
    assertSameRows(one.changes(), two.changes());
    assertEquals(one.progress(), two.progress());
  }

  @Test
  void aRowThatFailsOnAWorkerFailsTheBatchAsOnOneThread() {
    String query = "SELECT auction, 100 / (auction - 1005) AS q FROM bid";
    SluiceException one = assertThrows(SluiceException.class, () -> stream(1, query));
    SluiceException two = assertThrows(SluiceException.class, () -> stream(2, query));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, two.code(), two.getMessage());
    assertEquals(one.getMessage(), two.getMessage());
    assertTrue(two.getMessage().contains("auction = 1005"), two.getMessage());
  }

  @Test
  void aBoundedScanOfAGeneratorSplitsAlike() {
    Database database = Database.inMemory();
    List<List<String>> results = new ArrayList<>();
    try (Session session = database.openSession()) {
      session.execute("CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,"
          + " dateTime TIMESTAMP(3), extra VARCHAR) WITH (connector = 'nexmark', 'table' = 'bid',"
          + " 'max-events' = '200000')");
      for (int parallelism : new int[] {1, 2}) {
        session.execute("SET 'pipeline.parallelism' = '" + parallelism + "'");
        List<String> rows = new ArrayList<>();
        try (RowCursor c = session.execute("SELECT auction, price * 2 AS p, url FROM bid WHERE bidder % 3 = 1")
            .rows()) {
          while (c.next()) {
            rows.add(c.getString(0) + "|" + c.getString(1) + "|" + c.getString(2));
          }
        }
        results.add(rows);
      }
    }
    assertTrue(results.get(0).size() > 20_000, "rows: " + results.get(0).size());
    assertEquals(results.get(0), results.get(1));
  }

  /** Rows of a query at parallelism 1 and 2, in the order they came. */
  private static List<List<String>> atOneAndTwo(Session session, String query) {
    return List.of(rowsAt(session, 1, query), rowsAt(session, 2, query));
  }

  /** Rows of a bounded query at {@code parallelism}, in the order they came, each as its values and bars. */
  static List<String> rowsAt(Session session, int parallelism, String query) {
    session.execute("SET 'pipeline.parallelism' = '" + parallelism + "'");
    return rows(session.execute(query));
  }

  /** The rows of {@code result}, in the order they came, each as its values and bars. */
  static List<String> rows(io.sluice.engine.result.StatementResult result) {
    List<String> rows = new ArrayList<>();
    try (RowCursor c = result.rows()) {
      while (c.next()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.schema().size(); i++) {
          sb.append(c.getString(i)).append('|');
        }
        rows.add(sb.toString());
      }
    }
    return rows;
  }

  @Test
  void parquetFilesAndRowGroupsAndCsvFilesSplitAlike(@TempDir Path folder) {
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.execute("CREATE TABLE pq (id BIGINT, name VARCHAR, price DOUBLE) WITH (connector = 'files', path = '"
          + folder.resolve("pq") + "', format = 'parquet', 'row-group-rows' = '3000')");
      session.execute("CREATE TABLE csv (id BIGINT, name VARCHAR, price DOUBLE) WITH (connector = 'files', path = '"
          + folder.resolve("csv") + "', format = 'csv')");
      session.execute("CREATE TABLE gen (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,"
          + " dateTime TIMESTAMP(3), extra VARCHAR) WITH (connector = 'nexmark', 'table' = 'bid', 'max-events' = '10000')");
      for (int file = 0; file < 3; file++) {
        // each INSERT writes a new file: 3 files of 4 row groups each
        String values = "SELECT bidder * 3 + " + file + ", url, price / 7.0 FROM gen";
        session.execute("INSERT INTO pq " + values);
        session.execute("INSERT INTO csv " + values);
      }
      for (String table : new String[] {"pq", "csv"}) {
        List<List<String>> results = atOneAndTwo(session,
            "SELECT id, UPPER(name) AS n, price * 2 AS p FROM " + table + " WHERE MOD(id, 5) <> 1");
        assertTrue(results.get(0).size() > 20_000, table + ": " + results.get(0).size());
        assertSameRows(results.get(0), results.get(1));
      }
    }
  }

  /**
   * CSV and JSON files hand their batches to the query's thread without a copy (the reader's
   * decoders move on to the next batch): every file of several batches, NULLs, text of many
   * lengths and malformed lines kept whole in the corrupt-record column give the rows of one thread.
   */
  @Test
  void csvAndJsonFilesHandedOverGiveTheRowsOfOneThread(@TempDir Path folder) throws java.io.IOException {
    java.nio.file.Files.createDirectories(folder.resolve("csv"));
    java.nio.file.Files.createDirectories(folder.resolve("json"));
    for (int file = 0; file < 3; file++) {
      StringBuilder csv = new StringBuilder();
      StringBuilder json = new StringBuilder();
      for (int i = 0; i < 3 * 4096 + 17 * file; i++) {
        long id = file * 100_000L + i;
        String name = i % 11 == 0 ? "" : "n" + "x".repeat(i % 37) + id;
        String price = i % 13 == 0 ? "" : Long.toString(i % 1000);
        boolean broken = i % 997 == 5;
        csv.append(broken ? "not-a-number" : Long.toString(id)).append(',').append(name).append(',').append(price)
            .append('\n');
        json.append("{\"id\": ").append(broken ? "\"x\"" : Long.toString(id)).append(", \"name\": \"")
            .append(name).append("\", \"price\": ").append(price.isEmpty() ? "null" : price).append("}\n");
      }
      java.nio.file.Files.writeString(folder.resolve("csv").resolve("part-" + file + ".csv"), csv);
      java.nio.file.Files.writeString(folder.resolve("json").resolve("part-" + file + ".json"), json);
    }
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      for (String format : new String[] {"csv", "json"}) {
        session.execute("CREATE TABLE " + format + " (id BIGINT, name VARCHAR, price BIGINT, _corrupt_record VARCHAR)"
            + " WITH (connector = 'files', path = '" + folder.resolve(format) + "', format = '" + format + "',"
            + " mode = 'permissive')");
        for (String query : new String[] {"SELECT * FROM " + format,
            "SELECT id, UPPER(name), price + 1, _corrupt_record FROM " + format + " WHERE MOD(id, 3) <> 1 OR id IS NULL"}) {
          List<List<String>> results = atOneAndTwo(session, query);
          assertTrue(results.get(0).size() > 20_000, format + ": " + results.get(0).size());
          assertTrue(results.get(0).stream().anyMatch(row -> row.contains("not-a-number") || row.contains("\"x\"")),
              format + ": the malformed lines are kept");
          assertSameRows(results.get(0), results.get(1));
          assertSameRows(results.get(0), rowsAt(session, 4, query));
        }
      }
    }
  }

  /**
   * What a query with rows that fail wrote at {@code parallelism}: the sink's rows, then the rows
   * set aside in the dead-letter sink.
   */
  private static List<String> deadLetters(int parallelism) throws InterruptedException {
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.execute("SET 'pipeline.parallelism' = '" + parallelism + "'");
      // large batches, so that each split is many batches, handed on before a row of it fails
      session.execute("CREATE SOURCE bid " + BID + " WITH (connector = 'nexmark', 'table' = 'bid',"
          + " 'events-per-second' = 'unlimited', 'event-time-rate' = '10000', 'max-events' = '400000',"
          + " 'max-events-per-batch' = '400000')");
      session.execute("CREATE SINK out WITH (connector = 'memory')");
      session.execute("CREATE SINK rejects WITH (connector = 'memory')");
      session.execute("SET 'pipeline.dead-letter-sink' = 'rejects'");
      session.execute("SET 'pipeline.trigger' = 'available-now'");
      // fails on about one row in 2,000, anywhere in a split
      session.execute("INSERT INTO out SELECT auction, bidder, 100 / MOD(auction * 31 + bidder * 17, 1999) AS q FROM bid");
      database.queries().awaitAll();
      StreamingQuery q = database.queries().list().get(0);
      if (q.failure() != null) {
        throw (SluiceException) q.failure();
      }
      // more rows than a memory sink keeps as changes: counted and summed, so a row passed on twice or lost shows
      List<String> written = rowsAt(session, 1, "SELECT COUNT(*), COUNT(DISTINCT auction * 1000000 + bidder),"
          + " SUM(auction), SUM(bidder), SUM(q) FROM out");
      for (MemorySink.Change c : ((MemorySink) database.catalog().get("rejects").sink()).takeChanges()) {
        written.add(c.batchId() + " " + c.kind() + " " + c.values());
      }
      return written;
    } finally {
      database.queries().stopAll();
    }
  }

  @Test
  void rowsSetAsideInALargeSplitLeaveTheRowsPassedOnBeforeThemOnce() throws Exception {
    List<String> one = deadLetters(1);
    List<String> two = deadLetters(2);
    assertTrue(one.size() > 1 && one.size() < 1000, "rows set aside: " + (one.size() - 1));
    assertSameRows(one, two);
  }
}
