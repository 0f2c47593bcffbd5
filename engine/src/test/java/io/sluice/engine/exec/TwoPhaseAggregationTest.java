package io.sluice.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded GROUP BY over a scan read by workers aggregates each split on its worker and merges
 * the splits' groups on the query's thread: the same rows in the same order as on one thread (the
 * groups come in the order the input first shows them, at any parallelism), EXPLAIN ANALYZE shows
 * both phases, and aggregates that cannot merge exactly keep the aggregation in one phase.
 */
class TwoPhaseAggregationTest {
  private Database database;
  private Session session;

  @BeforeEach
  void open() {
    database = Database.inMemory();
    session = database.openSession();
    session.execute("CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,"
        + " dateTime TIMESTAMP(3), extra VARCHAR) WITH (connector = 'nexmark', 'table' = 'bid',"
        + " 'max-events' = '300000')");
  }

  @AfterEach
  void close() {
    session.close();
  }

  private List<String> rows(int parallelism, String query) {
    return ParallelScanTest.rowsAt(session, parallelism, query);
  }

  private String profile(int parallelism, String query) {
    return String.join("\n", rows(parallelism, "EXPLAIN ANALYZE " + query));
  }

  /** The same rows in the same order at 1, 2 and 4 workers; on a difference, says where the first one is. */
  private List<String> sameAtAnyParallelism(String query) {
    List<String> one = rows(1, query);
    for (int parallelism : new int[] {2, 4}) {
      List<String> more = rows(parallelism, query);
      for (int i = 0; i < Math.min(one.size(), more.size()); i++) {
        assertEquals(one.get(i), more.get(i), "row " + i + " of " + one.size() + " at parallelism " + parallelism);
      }
      assertEquals(one.size(), more.size(), "rows at parallelism " + parallelism);
    }
    return one;
  }

  @Test
  void groupsOfEverySplitMergeIntoTheRowsOfOneThreadInTheirOrder() {
    String query = "SELECT bidder % 1000 AS b, COUNT(*) AS n, COUNT(extra) AS e, SUM(price) AS total,"
        + " MIN(url) AS first_url, MAX(dateTime) AS last, ANY_VALUE(channel) AS c, BOOL_OR(price > 10000000) AS big,"
        + " SUM(price) FILTER (WHERE auction % 2 = 0) AS even"
        + " FROM bid WHERE price > 1000 GROUP BY bidder % 1000";
    List<String> rows = sameAtAnyParallelism(query);
    assertTrue(rows.size() > 500, "groups: " + rows.size());
    String two = profile(2, query);
    assertTrue(two.contains("FinalAggregate"), two);
    assertTrue(two.contains("PartialAggregate over"), two);
    assertTrue(two.contains("(2 workers)"), two);
    assertFalse(profile(1, query).contains("PartialAggregate"));
  }

  @Test
  void anAggregateWithoutKeysMergesItsSplitsIncludingEmptyOnes() {
    sameAtAnyParallelism("SELECT COUNT(*), SUM(price), MIN(bidder), MAX(auction) FROM bid");
    // most splits keep no row: they give no partial row, and the total is still one row
    List<String> none = sameAtAnyParallelism("SELECT COUNT(*), SUM(price), MAX(url) FROM bid WHERE price < 0");
    assertEquals(List.of("0|null|null|"), none);
  }

  @Test
  void manyGroupsPerSplitArePassedOnInPartsAndStillMergeInOrder() {
    // more groups than a worker holds at once (PartialAggregation.MAX_GROUPS) in one split
    List<String> rows = sameAtAnyParallelism("SELECT auction * 1000 + bidder AS k, COUNT(*), MAX(price) FROM bid"
        + " GROUP BY auction * 1000 + bidder");
    assertTrue(rows.size() > PartialAggregation.MAX_GROUPS, "groups: " + rows.size());
  }

  @Test
  void averagesMergeTheirSplitsSumsAndCountsIntoTheAverageOfOneThread() {
    String query = "SELECT auction % 100 AS a, AVG(price) AS p, AVG(CAST(price AS DECIMAL(12, 2))) AS d,"
        + " AVG(bidder) FILTER (WHERE channel = 'Google') AS g FROM bid GROUP BY auction % 100";
    assertEquals(100, sameAtAnyParallelism(query).size());
    assertTrue(profile(2, query).contains("PartialAggregate"), profile(2, query));
    // a 38-digit DECIMAL average has no partial form yet: one phase, the same rows
    String wide = "SELECT auction % 10, AVG(CAST(price AS DECIMAL(12, 2)) / 7) FROM bid GROUP BY auction % 10";
    sameAtAnyParallelism(wide);
    assertFalse(profile(2, wide).contains("PartialAggregate"));
    List<String> total = sameAtAnyParallelism("SELECT AVG(price), COUNT(*) FROM bid WHERE auction % 3 = 0");
    assertEquals(1, total.size());
  }

  @Test
  void aggregatesThatCannotMergeExactlyStayInOnePhase() {
    for (String aggregate : new String[] {"COUNT(DISTINCT bidder)", "SUM(CAST(price AS DOUBLE) * 0.5)"}) {
      String query = "SELECT auction % 10, " + aggregate + " FROM bid GROUP BY auction % 10";
      sameAtAnyParallelism(query);
      String two = profile(2, query);
      assertFalse(two.contains("PartialAggregate"), two);
      assertTrue(two.contains("HashAggregate"), two);
    }
  }

  @Test
  void filesSplitByRowGroupAndByFileAggregateAlike(@TempDir Path folder) {
    session.execute("CREATE TABLE pq (id BIGINT, name VARCHAR, price BIGINT) WITH (connector = 'files', path = '"
        + folder.resolve("pq") + "', format = 'parquet', 'row-group-rows' = '5000')");
    session.execute("CREATE TABLE csv (id BIGINT, name VARCHAR, price BIGINT) WITH (connector = 'files', path = '"
        + folder.resolve("csv") + "', format = 'csv')");
    for (int file = 0; file < 3; file++) {
      String values = "SELECT bidder * 3 + " + file + ", channel, price FROM bid WHERE auction % 10 = " + file;
      session.execute("INSERT INTO pq " + values);
      session.execute("INSERT INTO csv " + values);
    }
    for (String table : new String[] {"pq", "csv"}) {
      String query = "SELECT name, id % 7 AS k, COUNT(*), SUM(price), MIN(id) FROM " + table
          + " GROUP BY name, id % 7";
      assertTrue(sameAtAnyParallelism(query).size() > 10, table);
      assertTrue(profile(2, query).contains("PartialAggregate"), table);
    }
  }
}
