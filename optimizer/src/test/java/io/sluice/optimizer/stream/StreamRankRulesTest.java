package io.sluice.optimizer.stream;

import static io.sluice.optimizer.stream.StreamPlans.derive;
import static io.sluice.optimizer.stream.StreamPlans.nodes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.stream.DeduplicationScope;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalWindow;
import io.sluice.optimizer.physical.StreamDeduplicate;
import io.sluice.optimizer.physical.StreamRank;
import io.sluice.optimizer.physical.StreamRanking;
import org.junit.jupiter.api.Test;

/**
 * The rules that turn a filter on a ROW_NUMBER ranking over a stream into one Top-N or deduplication
 * node: which kind each query gets, the decisions it carries, that EXPLAIN prints them, and that no
 * window or filter of the ranking is left in the plan the engine translates.
 */
class StreamRankRulesTest {

  @Test
  void aTopNByAnotherColumnBecomesARankThatEmitsAChangelog() {
    StreamPlan plan = derive("SELECT auction, price FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction"
        + " ORDER BY price DESC) AS rn FROM bids) WHERE rn <= 3", null);
    StreamRank rank = only(plan, StreamRank.class);
    assertEquals(3, rank.limit());
    assertArrayEquals(new int[] {0}, rank.partitionKeys());
    assertFalse(rank.emitsFinalRows(rank.mode()));
    assertEquals("TopN (update)", rank.operatorName());
    assertSame(rank, ((Rank) plan.traits(rank).operator()).node(), "the traits describe the node itself");
    assertTrue(plan.explain().contains("TopN(partition=[auction], order=[price DESC], rows per key=3, emits=changelog"),
        plan.explain());
  }

  @Test
  void aFirstRowByEventTimeBecomesADeduplicationHeldUntilFinal() {
    StreamPlan plan = derive("SELECT auction, price, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction"
        + " ORDER BY ts) AS rn FROM bids) WHERE rn = 1", null);
    StreamDeduplicate dedup = only(plan, StreamDeduplicate.class);
    assertTrue(dedup.orderedByEventTime());
    assertEquals(OutputMode.APPEND, dedup.mode());
    assertEquals("Deduplicate (append)", dedup.operatorName());
    assertTrue(plan.explain().contains("emits=final rows when the watermark passes them"), plan.explain());
  }

  @Test
  void aTopNPerWindowCarriesItsWindowKey() {
    StreamPlan plan = derive("SELECT * FROM (SELECT auction, price, window_end, ROW_NUMBER() OVER (PARTITION BY"
        + " window_start, window_end ORDER BY price DESC) AS rn FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts),"
        + " INTERVAL '10' SECOND))) WHERE rn <= 2", OutputMode.APPEND);
    StreamRank rank = only(plan, StreamRank.class);
    assertTrue(rank.windowed());
    assertTrue(rank.perClosedWindow(rank.mode()));
    assertEquals("window_end", rank.input(0).rowType().getFieldNames().get(rank.windowKey()));
    assertEquals("WindowTopN (append)", rank.operatorName());
    assertTrue(plan.explain().contains("emits=each window's first rows when it closes"), plan.explain());
  }

  @Test
  void firstArrivalsKeyedByEventTimeAreReleasedByTheWatermark() {
    StreamPlan plan = derive("SELECT auction, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction, ts) AS rn"
        + " FROM bids) WHERE rn = 1", null);
    StreamDeduplicate dedup = only(plan, StreamDeduplicate.class);
    assertFalse(dedup.ordered());
    assertEquals(1, dedup.releasedKey());
    assertEquals("Deduplicate (first arrival)", dedup.operatorName());
    assertTrue(plan.explain().contains("emits=first arrivals, keys released by ts"), plan.explain());
  }

  @Test
  void firstArrivalsKeptWithinTheWatermarkGoAtTheirFirstRowsTimePlusTheDelay() {
    String sql = "SELECT auction, price FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction) AS rn FROM bids)"
        + " WHERE rn = 1";
    StreamPlan plan = StreamTraitDerivation.derive(StreamPlans.physical(sql), null, new DeduplicationScope(true));
    StreamDeduplicate dedup = only(plan, StreamDeduplicate.class);
    assertEquals(new StreamDeduplicate.WithinWatermark(2, 4000), dedup.withinWatermark(), plan.explain());
    assertTrue(plan.traits(dedup).operator().waitsOnWatermark(OutputMode.APPEND), "late rows are dropped");
    assertTrue(plan.explain().contains("emits=first arrivals, mode=append, keys kept until the watermark passes ts"
        + " + 4000 ms"), plan.explain());
    assertEquals(null, only(derive(sql, null), StreamDeduplicate.class).withinWatermark(),
        "without the option keys are kept for the whole query");

    String keyedByTime = "SELECT auction, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction, ts) AS rn"
        + " FROM bids) WHERE rn = 1";
    StreamDeduplicate byTime = only(StreamTraitDerivation.derive(StreamPlans.physical(keyedByTime), null,
        new DeduplicationScope(true)), StreamDeduplicate.class);
    assertEquals(-1, byTime.releasedKey(), "the event-time key waits for the delay too");
    assertEquals(new StreamDeduplicate.WithinWatermark(1, 4000), byTime.withinWatermark(), "auction, ts: price pruned");

    SluiceException e = assertThrows(SluiceException.class, () -> StreamTraitDerivation.derive(StreamPlans.physical(
        "SELECT id FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY id) AS rn FROM ticks) WHERE rn = 1"), null,
        new DeduplicationScope(true)));
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
    assertTrue(e.getMessage().contains("no event-time column of a source with a watermark"), e.getMessage());
  }

  @Test
  void aDeduplicationOverADeduplicationSeesTheEventTimeThroughIt() {
    String inner = "(SELECT auction, price, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction, price"
        + " ORDER BY ts) AS rn FROM bids) WHERE rn = 1)";
    StreamPlan plan = derive("SELECT auction, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction"
        + " ORDER BY ts) AS rn FROM " + inner + ") WHERE rn = 1", OutputMode.APPEND);
    StreamDeduplicate outer = assertInstanceOf(StreamDeduplicate.class, plan.root(), plan.explain());
    assertTrue(outer.orderedByEventTime(), "ts comes through the inner deduplication unchanged");
    assertInstanceOf(StreamDeduplicate.class, outer.input(0), plan.explain());
  }

  /** The one ranking node of the plan, which must be of {@code kind}; no ranking window or filter is left. */
  private static <T extends StreamRanking> T only(StreamPlan plan, Class<T> kind) {
    java.util.List<PhysicalNode> all = nodes(plan.root());
    assertTrue(all.stream().noneMatch(n -> n instanceof PhysicalWindow), plan.explain());
    java.util.List<PhysicalNode> rankings = all.stream().filter(n -> n instanceof StreamRanking).toList();
    assertEquals(1, rankings.size(), plan.explain());
    assertFalse(rankings.get(0) instanceof PhysicalFilterProject);
    return assertInstanceOf(kind, rankings.get(0), plan.explain());
  }
}
