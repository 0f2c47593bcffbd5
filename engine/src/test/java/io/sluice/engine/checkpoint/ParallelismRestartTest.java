package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.stream.MemorySink;
import io.sluice.engine.stream.StreamTestSession;
import io.sluice.engine.stream.StreamingQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A continuous query's checkpoint does not depend on the parallelism it ran at: a query stopped
 * at one parallelism and restarted from its checkpoint at another writes exactly what one run
 * without a stop writes, and runs at parallelism 1 and 2 write the same checkpoint files, byte
 * for byte. Each batch's scan is read in splits by the workers (nexmark splits by range), and the
 * GROUP BY aggregates each split there first (two phases).
 */
class ParallelismRestartTest {
  private static final String SOURCE = "CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT,"
      + " channel VARCHAR, url VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR,"
      + " WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND) WITH (connector = 'nexmark', 'table' = 'bid',"
      + " 'events-per-second' = 'unlimited', 'event-time-rate' = '10000', 'max-events' = '120000',"
      + " 'max-events-per-batch' = '20000'); CREATE SINK out WITH (connector = 'memory');";
  /** Aggregated in two phases at parallelism 2 and more: per split on the workers, merged into the groups' state. */
  private static final String GROUPS = "INSERT INTO out SELECT auction % 50 AS k, COUNT(*) AS n, SUM(price) AS total,"
      + " MAX(url) AS url, AVG(price) AS average, MIN(bidder) AS first FROM bid WHERE price > 100 GROUP BY auction % 50";
  private static final String WINDOWS = "INSERT INTO out SELECT window_start, bidder % 10 AS b, COUNT(*) AS n"
      + " FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))"
      + " GROUP BY window_start, window_end, bidder % 10";

  /**
   * Nexmark q5's windows: HOP windows (each row in 3) assigned and aggregated per split on the
   * workers at parallelism 2 and more, merged per window on the query's thread.
   */
  private static final String HOP_WINDOWS = "INSERT INTO out SELECT auction, window_start, window_end, COUNT(*) AS n,"
      + " SUM(price) AS total, MAX(price) AS top, MIN(bidder) AS first, AVG(price) AS average"
      + " FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND, INTERVAL '3' SECOND))"
      + " GROUP BY auction, window_start, window_end";

  /**
   * Nexmark q5 itself: the auctions with the most bids of each HOP window. Both sides of the join
   * count bids by auction and window alike, so that they share one window aggregation, and the
   * scan below it has one reader, which the workers read in splits.
   */
  private static final String Q5 = "INSERT INTO out SELECT AuctionBids.auction, AuctionBids.num, AuctionBids.starttime"
      + " FROM (SELECT auction, COUNT(*) AS num, window_start AS starttime, window_end AS endtime"
      + "   FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND, INTERVAL '3' SECOND))"
      + "   GROUP BY auction, window_start, window_end) AS AuctionBids"
      + " JOIN (SELECT MAX(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime"
      + "   FROM (SELECT COUNT(*) AS num, window_start AS starttime, window_end AS endtime"
      + "     FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND, INTERVAL '3' SECOND))"
      + "     GROUP BY auction, window_start, window_end) AS CountBids"
      + "   GROUP BY CountBids.starttime, CountBids.endtime) AS MaxBids"
      + " ON AuctionBids.starttime = MaxBids.starttime AND AuctionBids.endtime = MaxBids.endtime"
      + " AND AuctionBids.num >= MaxBids.maxn";

  @TempDir
  Path temp;

  /** What a run wrote to the sink (batch, kind, row), running {@code first} batches at one parallelism, the rest at another. */
  private List<String> run(String query, Path checkpoint, int before, int first, int after) {
    try (StreamTestSession t = new StreamTestSession(SOURCE + " SET 'pipeline.checkpoint' = '" + checkpoint + "';")) {
      t.session.execute("SET 'pipeline.parallelism' = '" + before + "'");
      StreamingQuery q = t.start(query);
      for (int i = 0; i < first; i++) {
        assertTrue(q.step(), "batch " + i);
        if (query.equals(GROUPS) || query.equals(HOP_WINDOWS)) {
          String choice = q.progress().get(q.progress().size() - 1).operators().get(0).choice();
          assertEquals(before > 1, choice != null && choice.startsWith("two phases"), "at " + before + ": " + choice);
        }
      }
      q.stop();
      t.session.execute("SET 'pipeline.parallelism' = '" + after + "'");
      StreamingQuery again = t.start(query);
      assertEquals(first, again.batches(), "batches committed before the restart");
      while (again.step()) {
        // every batch to the end of the input
      }
      again.stop();
      List<String> changes = new ArrayList<>();
      for (MemorySink.Change c : ((MemorySink) t.database.catalog().get("out").sink()).takeChanges()) {
        changes.add(c.batchId() + " " + c.kind() + " " + c.values());
      }
      return changes;
    }
  }

  /** The state files of a checkpoint folder by their path inside it, without the attempt in their names. */
  private static TreeMap<String, byte[]> stateFiles(Path folder) throws IOException {
    TreeMap<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        String name = folder.relativize(p).toString().replaceAll("-[0-9a-f]{8}(\\.delta)?$", "$1");
        if (name.contains("/state/")) {
          files.put(name, Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  private void restartsAtAnotherParallelismAsIfUninterrupted(String query) throws IOException {
    List<String> one = run(query, temp.resolve("one"), 1, 0, 1);
    assertTrue(one.size() > (query.equals(Q5) ? 10 : 50), "changes: " + one.size());
    assertEquals(one, run(query, temp.resolve("two"), 2, 0, 2), "uninterrupted at parallelism 2");
    assertEquals(one, run(query, temp.resolve("one-two"), 1, 2, 2), "parallelism 1, then 2 from the checkpoint");
    assertEquals(one, run(query, temp.resolve("two-one"), 2, 3, 1), "parallelism 2, then 1 from the checkpoint");
    assertEquals(one, run(query, temp.resolve("four-one"), 4, 1, 1), "parallelism 4, then 1 from the checkpoint");

    // the state files, byte for byte; the other files hold what differs between any two runs: the
    // query's id, each state file's attempt, each batch's wall-clock time
    TreeMap<String, byte[]> atOne = stateFiles(temp.resolve("one"));
    TreeMap<String, byte[]> atTwo = stateFiles(temp.resolve("two"));
    assertEquals(atOne.keySet(), atTwo.keySet(), "checkpoint files");
    assertTrue(atOne.keySet().stream().anyMatch(name -> name.contains("/state/")), atOne.keySet().toString());
    for (String name : atOne.keySet()) {
      assertArrayEquals(atOne.get(name), atTwo.get(name), name);
    }
  }

  @Test
  void aGroupAggregationRestartsAtAnotherParallelismAsIfUninterrupted() throws IOException {
    restartsAtAnotherParallelismAsIfUninterrupted(GROUPS);
  }

  @Test
  void aWindowAggregationRestartsAtAnotherParallelismAsIfUninterrupted() throws IOException {
    restartsAtAnotherParallelismAsIfUninterrupted(WINDOWS);
  }

  @Test
  void nexmarkQ5RestartsAtAnotherParallelismAsIfUninterrupted() throws IOException {
    restartsAtAnotherParallelismAsIfUninterrupted(Q5);
  }

  /** Batch by batch the same rows at every parallelism, and the same state files, with the windows in two phases at 2 and more. */
  @Test
  void hopWindowsInTwoPhasesRestartAtAnotherParallelismAsIfUninterrupted() throws IOException {
    System.setProperty("sluice.window.two-phase", "true"); // off by default: see TwoPhaseWindowAggregation
    try {
      restartsAtAnotherParallelismAsIfUninterrupted(HOP_WINDOWS);
    } finally {
      System.clearProperty("sluice.window.two-phase");
    }
  }
}
