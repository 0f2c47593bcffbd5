package io.sluice.optimizer.stream;

import static io.sluice.optimizer.stream.StreamPlans.derive;
import static io.sluice.optimizer.stream.StreamPlans.operator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A query in, the streaming traits the optimizer decides for its plan out. */
class StreamTraitDerivationTest {
  private static final String TUMBLE_COUNT = "SELECT auction, window_start, window_end, COUNT(*) AS n"
      + " FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
      + " GROUP BY auction, window_start, window_end";

  @Test
  void aFilterOverAStreamIsInsertOnlyAndKeepsTheSourcesEventTime() {
    StreamPlan plan = derive("SELECT auction, ts FROM bids WHERE price > 10", null);
    StreamTraits root = plan.rootTraits();
    assertTrue(root.unbounded());
    assertTrue(root.changelog().insertOnly(), plan.explain());
    assertNull(root.whyChangelog());
    assertEquals(Set.of(1), root.eventTime().keySet(), plan.explain());
    assertEquals(0, root.eventTime().get(1).lag());
    assertEquals(Set.of("bids"), root.watermarks());
    assertNull(root.operator());
    assertEquals(OutputMode.APPEND, OutputModes.choose(plan, null));
  }

  @Test
  void aQueryOverTablesIsBounded() {
    StreamPlan plan = derive("SELECT name FROM users WHERE id > 3", null);
    assertFalse(plan.readsStream());
    assertEquals("bounded", plan.rootTraits().explain(plan.root()));
  }

  @Test
  void anAggregationWithoutAWindowIsAGroupAggregateUpsertingByItsKeys() {
    StreamPlan plan = derive("SELECT auction, COUNT(*) AS n FROM bids GROUP BY auction", null);
    GroupAggregate aggregate = operator(plan, GroupAggregate.class);
    assertFalse(aggregate.retractingInput());
    assertFalse(aggregate.state().bounded());
    StreamTraits root = plan.rootTraits();
    assertEquals(ChangelogMode.upsert(new int[] {0}), root.changelog());
    assertTrue(root.whyChangelog().startsWith("This query aggregates a stream without a window"));
    assertTrue(plan.aggregatesWithoutWindow());
    assertEquals(OutputMode.COMPLETE, OutputModes.choose(plan, null));
    assertTrue(plan.explain().contains("[stream, changelog, upsert key=[auction], GroupAggregate state=groups"),
        plan.explain());
  }

  @Test
  void anAggregationByTheWatermarkedEventTimeIsAWindowThatEndsAtThatTime() {
    StreamPlan plan = derive("SELECT ts, COUNT(*) AS n FROM bids GROUP BY ts", null);
    WindowAggregate aggregate = operator(plan, WindowAggregate.class);
    assertTrue(aggregate.window().eventTime());
    assertTrue(aggregate.state().bounded());
    assertNull(plan.whyNotAppendOnly());
    assertEquals(OutputMode.APPEND, OutputModes.choose(plan, null));
    assertEquals(0, plan.rootTraits().eventTime().get(0).lag(), plan.explain());
  }

  @Test
  void aWindowedAggregationInCompleteModeKeepsEveryWindowAndWaitsOnNoWatermark() {
    StreamPlan plan = derive(TUMBLE_COUNT, OutputMode.COMPLETE);
    WindowAggregate aggregate = operator(plan, WindowAggregate.class);
    assertTrue(aggregate.complete());
    assertFalse(aggregate.state().bounded());
    assertFalse(plan.dropsLateRows());
    assertFalse(plan.waitsOnWatermark());
    assertTrue(derive(TUMBLE_COUNT, OutputMode.APPEND).dropsLateRows());
  }

  @Test
  void aTopNPartitionedByAWindowEmitsFinalRowsOutsideUpdateMode() {
    String sql = "SELECT * FROM (SELECT auction, price, window_end, ROW_NUMBER() OVER (PARTITION BY window_start,"
        + " window_end ORDER BY price DESC) AS rn FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10'"
        + " SECOND))) WHERE rn <= 3";
    StreamPlan plan = derive(sql, null);
    Rank rank = operator(plan, Rank.class);
    assertTrue(rank.windowPartition() != null && rank.windowPartition().end(), plan.explain());
    assertNull(plan.whyNotAppendOnly());
    assertTrue(rank.perClosedWindow(OutputMode.APPEND));
    assertFalse(rank.perClosedWindow(OutputMode.UPDATE));
    assertTrue(rank.state().bounded());
    assertEquals("WindowTopN (append)", rank.operatorName(OutputMode.APPEND));
    // partitioned by a plain column, ordered by price: a changelog, as before
    Rank byAuction = operator(derive("SELECT * FROM (SELECT auction, price, ROW_NUMBER() OVER (PARTITION BY auction"
        + " ORDER BY price DESC) AS rn FROM bids) WHERE rn <= 3", null), Rank.class);
    assertNull(byAuction.windowPartition());
  }

  @Test
  void anAggregationOverAnAggregationRetracts() {
    StreamPlan plan = derive("SELECT n, COUNT(*) AS c FROM (SELECT auction, COUNT(*) AS n FROM bids GROUP BY auction)"
        + " GROUP BY n", OutputMode.UPDATE);
    PhysicalNode inner = plan.root();
    while (!(plan.traits(inner).operator() instanceof GroupAggregate) || inner == plan.root()) {
      inner = inner.input(0);
    }
    assertTrue(((GroupAggregate) plan.traits(plan.root()).operator()).retractingInput(), plan.explain());
    assertEquals(OutputMode.UPDATE, plan.traits(inner).runMode(), "the inner aggregate runs as a changelog");
  }

  @Test
  void aTumblingWindowAggregationIsFinalWhenEmittedAndBoundedByTheWatermark() {
    StreamPlan plan = derive(TUMBLE_COUNT, null);
    WindowAggregate aggregate = operator(plan, WindowAggregate.class);
    assertFalse(aggregate.overClosedSessions());
    assertTrue(aggregate.state().bounded());
    StreamTraits root = plan.rootTraits();
    assertTrue(root.changelog().insertOnly(), plan.explain());
    // window_start and window_end carry event time downstream: the window's end bounds them
    assertEquals(Set.of(1, 2), root.eventTime().keySet(), plan.explain());
    assertEquals(10_000, root.eventTime().get(1).toWindowEnd());
    assertEquals(0, root.eventTime().get(2).toWindowEnd());
    assertTrue(plan.aggregatesByWindow());
    assertTrue(plan.waitsOnWatermark());
    assertEquals(OutputMode.APPEND, OutputModes.choose(plan, null));
  }

  @Test
  void deduplicationByEventTimeHoldsRowsUntilFinalOutsideUpdateMode() {
    String sql = "SELECT auction, price, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY ts) AS rn"
        + " FROM bids) WHERE rn = 1";
    StreamPlan plan = derive(sql, null);
    Rank rank = operator(plan, Rank.class);
    assertTrue(rank.deduplicate());
    assertEquals("Deduplicate", rank.name());
    assertTrue(rank.emitsFinalRows(OutputMode.APPEND));
    assertFalse(rank.emitsFinalRows(OutputMode.UPDATE));
    assertTrue(plan.rootTraits().changelog().insertOnly(), plan.explain());
  }

  @Test
  void firstArrivalDeduplicationKeyedByEventTimeIsBoundedByTheWatermark() {
    StreamPlan plan = derive("SELECT auction, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction, ts) AS rn"
        + " FROM bids) WHERE rn = 1", null);
    Rank rank = operator(plan, Rank.class);
    assertEquals("Deduplicate", rank.name(), "first arrivals emitted at once, not a window deduplication");
    assertEquals(1, rank.releasedKey(), "ts, the second partition key");
    assertTrue(rank.state().bounded());
    assertTrue(plan.dropsLateRows(), "scans drop rows at or below the watermark");
    assertTrue(plan.rootTraits().changelog().insertOnly(), plan.explain());
    assertEquals(OutputMode.APPEND, OutputModes.choose(plan, null));
  }

  @Test
  void deduplicationKeyedByEventTimeButOrderedIsNotReleasedByKey() {
    Rank ordered = operator(derive("SELECT auction, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction, ts"
        + " ORDER BY price) AS rn FROM bids) WHERE rn = 1", null), Rank.class);
    assertEquals(-1, ordered.releasedKey(), "an ordered deduplication keeps its existing form");
    Rank withoutTime = operator(derive("SELECT auction FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction) AS rn"
        + " FROM bids) WHERE rn = 1", null), Rank.class);
    assertEquals(-1, withoutTime.releasedKey());
    assertFalse(withoutTime.state().bounded());
  }

  @Test
  void aTopNByAnotherColumnRetractsRowsThatLoseTheirPlace() {
    String sql = "SELECT auction, price FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)"
        + " AS rn FROM bids) WHERE rn <= 3";
    StreamPlan plan = derive(sql, null);
    Rank rank = operator(plan, Rank.class);
    assertEquals(3, rank.limit());
    assertEquals("TopN", rank.name());
    assertFalse(rank.rankShown());
    assertEquals(ChangelogMode.RETRACT, plan.rootTraits().changelog());
    assertTrue(plan.whyNotAppendOnly().contains("keeps the first 3 rows per key by ROW_NUMBER() ordered by price DESC"),
        plan.whyNotAppendOnly());
    assertEquals(OutputMode.UPDATE, OutputModes.choose(plan, null));
  }

  @Test
  void aJoinOfTwoStreamsBoundedByEventTimeIsAnIntervalJoin() {
    StreamPlan plan = derive("SELECT a.id, b.price FROM auctions a JOIN bids b ON a.id = b.auction"
        + " AND b.ts BETWEEN a.ts AND a.ts + INTERVAL '1' MINUTE", null);
    IntervalJoin join = operator(plan, IntervalJoin.class);
    assertEquals("IntervalJoin", join.name());
    assertTrue(join.bound().bound().closed(), join.explainRelease());
    assertTrue(join.explainRelease().startsWith("rows of stream '"), join.explainRelease());
    assertTrue(plan.rootTraits().changelog().insertOnly());
  }

  @Test
  void aJoinReleasingAuctionsByTheirExpiryIsAnIntervalJoinWithARowBound() {
    StreamPlan plan = derive("SELECT a.id, b.price FROM auctions a JOIN bids b ON a.id = b.auction"
        + " AND b.ts BETWEEN a.ts AND a.expires", null);
    IntervalJoin join = operator(plan, IntervalJoin.class);
    assertTrue(join.explainRelease().contains("auctions.expires"), join.explainRelease());
  }

  @Test
  void aJoinOfWindowsOnTheirBoundsIsAWindowJoin() {
    String windows = "(SELECT auction, window_start, window_end, COUNT(*) AS n"
        + " FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY auction, window_start,"
        + " window_end)";
    StreamPlan plan = derive("SELECT x.auction, x.n, y.n FROM " + windows + " x JOIN " + windows + " y"
        + " ON x.auction = y.auction AND x.window_end = y.window_end AND x.window_start = y.window_start", null);
    IntervalJoin join = operator(plan, IntervalJoin.class);
    assertTrue(join.windowJoin(), plan.explain());
    assertEquals("WindowJoin", join.name());
  }

  @Test
  void aJoinOfAStreamWithATableLooksRowsUpAsTheyCome() {
    StreamPlan plan = derive("SELECT b.price, u.name FROM bids b JOIN users u ON b.auction = u.id", null);
    TableJoin join = operator(plan, TableJoin.class);
    PhysicalNode streamSide = join.streamLeft() ? join.join().left() : join.join().right();
    assertTrue(plan.traits(streamSide).unbounded());
    assertTrue(plan.rootTraits().changelog().insertOnly());
    // the table side is bounded, and says so in EXPLAIN
    for (PhysicalNode node : StreamPlans.nodes(plan.root())) {
      if (node instanceof PhysicalScan && ((PhysicalScan) node).tableName().equals("users")) {
        assertEquals("bounded", plan.traits(node).explain(node));
      }
    }
  }

  @Test
  void sessionsRunInAppendModeEmitEachSessionOnceAndInUpdateModeAChangelog() {
    String sql = "SELECT auction, window_start, window_end, COUNT(*) AS n"
        + " FROM TABLE(SESSION(TABLE bids PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '3' SECOND))"
        + " GROUP BY auction, window_start, window_end";
    StreamPlan append = derive(sql, OutputMode.APPEND);
    assertFalse(operator(append, SessionWindow.class).emitsUpdates());
    assertTrue(operator(append, WindowAggregate.class).overClosedSessions());
    assertFalse(append.emitsSessionChanges());

    StreamPlan update = derive(sql, OutputMode.UPDATE);
    assertTrue(operator(update, SessionWindow.class).emitsUpdates());
    GroupAggregate aggregate = operator(update, GroupAggregate.class);
    assertEquals(2, aggregate.sessionEndKey(), "window_end is the third group key");
    assertTrue(aggregate.state().bounded());
    assertTrue(update.emitsSessionChanges());
    assertTrue(update.rootTraits().sessionChanges());
    assertTrue(update.explain().contains("[stream, changelog of sessions as they grow"), update.explain());
  }

  @Test
  void explainStateNamesEachStatefulOperatorInputsFirstWithoutBuildingAny() {
    String sql = "SELECT auction, window_start, window_end, COUNT(*) AS n"
        + " FROM TABLE(SESSION(TABLE bids PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '3' SECOND))"
        + " GROUP BY auction, window_start, window_end";
    java.util.List<String> update = derive(sql, OutputMode.UPDATE).explainState();
    assertEquals(2, update.size(), update.toString());
    assertTrue(update.get(0).startsWith("SessionWindows (update) - the rows of each open session"), update.get(0));
    assertTrue(update.get(1).startsWith("WindowAggregate (sessions, update) - one row per open session group"),
        update.get(1));
    // in append mode the aggregate sees each session whole when it closes, and keeps nothing
    assertEquals(java.util.List.of("SessionWindows - the rows of each open session, dropped when the watermark"
        + " passes the session's end (last row + gap); the session's rows emitted then, once, with its final bounds"),
        derive(sql, OutputMode.APPEND).explainState());
    assertEquals(java.util.List.of(), derive("SELECT auction FROM bids WHERE price > 1", OutputMode.APPEND)
        .explainState());
    java.util.List<String> grouped = derive("SELECT auction, MAX(price) FROM bids GROUP BY auction",
        OutputMode.COMPLETE).explainState();
    assertEquals(java.util.List.of("GroupAggregate (complete) - one row per group, kept for the life of the query;"
        + " the whole result every batch"), grouped);
  }

  @Test
  void sessionsBelowAJoinRunInAppendModeWhateverTheQuerysMode() {
    String sql = "SELECT u.name, COUNT(*) AS sessions FROM (SELECT auction, window_start, window_end, COUNT(*) AS n"
        + " FROM TABLE(SESSION(TABLE bids PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '3' SECOND))"
        + " GROUP BY auction, window_start, window_end) s JOIN users u ON s.auction = u.id GROUP BY u.name";
    StreamPlan plan = derive(sql, OutputMode.UPDATE);
    for (PhysicalNode node : StreamPlans.nodes(plan.root())) {
      if (node instanceof PhysicalSessionWindow) {
        assertEquals(OutputMode.APPEND, plan.traits(node).runMode());
        assertFalse(plan.traits(node).sessionChanges());
      }
    }
    assertFalse(plan.emitsSessionChanges(), plan.explain());
  }
}
