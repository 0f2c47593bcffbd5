package io.sluice.optimizer.stream;

import static io.sluice.optimizer.stream.StreamPlans.derive;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.stream.OutputMode;
import org.junit.jupiter.api.Test;

/** A query in, the checker's refusal (the reason and the rewrite it suggests) out; or no refusal. */
class StreamCheckerTest {
  /** As the runtime's accumulators answer: ANY_VALUE keeps the first value, which a retraction cannot give back. */
  private static final RetractionSupport RETRACTION = (call, inputType) ->
      call.getAggregation().getName().equals("ANY_VALUE") ? "it keeps whichever value came first" : null;

  private static void check(StreamPlan plan) {
    StreamChecker.check(plan, RETRACTION);
  }

  private static SluiceException refused(String sql, OutputMode mode) {
    return assertThrows(SluiceException.class, () -> check(derive(sql, mode)));
  }

  private static void assertMentions(SluiceException e, String... fragments) {
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' missing from: " + e.getMessage());
    }
  }

  @Test
  void aJoinOfTwoStreamsWithoutATimeBoundRunsAsARegularJoinWithUnboundedState() {
    StreamPlan plan = derive("SELECT a.id, b.price FROM auctions a JOIN bids b ON a.id = b.auction", null);
    assertDoesNotThrow(() -> check(plan));
    StreamOperator operator = joinOperator(plan);
    assertTrue(operator instanceof RegularJoin, String.valueOf(operator));
    assertTrue(!operator.state().bounded());
    assertEquals(null, plan.whyNotAppendOnly()); // an inner join of inputs that only insert emits final rows
  }

  @Test
  void anInnerJoinBoundedFromOneSideOnlyReleasesThatSideAndKeepsTheOther() {
    StreamPlan plan = derive("SELECT a.id, b.price FROM auctions a JOIN bids b ON a.id = b.auction AND b.ts >= a.ts",
        null);
    assertDoesNotThrow(() -> check(plan));
    StreamOperator operator = joinOperator(plan);
    assertTrue(operator instanceof IntervalJoin, String.valueOf(operator));
    io.sluice.optimizer.physical.JoinTimeBound bound = ((IntervalJoin) operator).bound();
    assertTrue(bound.leftKept() != bound.rightKept(), String.valueOf(bound));
    assertTrue(!operator.state().bounded());
    assertEquals(null, plan.whyNotAppendOnly());
  }

  @Test
  void anOuterJoinPreservingTheUnboundedSideRunsAsARegularJoin() {
    // a bid matches auctions at or before its time: bids are released, auctions never
    StreamPlan preservesBids = derive("SELECT a.id, b.price FROM auctions a RIGHT JOIN bids b ON a.id = b.auction"
        + " AND b.ts >= a.ts", null);
    assertTrue(joinOperator(preservesBids) instanceof IntervalJoin, String.valueOf(joinOperator(preservesBids)));
    StreamPlan preservesAuctions = derive("SELECT a.id, b.price FROM auctions a LEFT JOIN bids b ON a.id = b.auction"
        + " AND b.ts >= a.ts", null);
    assertTrue(joinOperator(preservesAuctions) instanceof RegularJoin, String.valueOf(joinOperator(preservesAuctions)));
  }

  @Test
  void anOuterJoinOfTwoStreamsWithoutATimeBoundIsAChangelogThatAppendModeRefuses() {
    String sql = "SELECT a.id, b.price FROM auctions a LEFT JOIN bids b ON a.id = b.auction";
    SluiceException e = assertThrows(SluiceException.class, () -> OutputModes.choose(derive(sql, null), "append"));
    assertMentions(e, "outer join of two streams has no time bound", "a row of stream 'auctions' without a match",
        "taken back when its first match arrives",
        "'update'");
    assertEquals(OutputMode.UPDATE, OutputModes.choose(derive(sql, null), null));
  }

  /** The operator of the plan's first join, searched from the root. */
  private static StreamOperator joinOperator(StreamPlan plan) {
    java.util.ArrayDeque<io.sluice.optimizer.physical.PhysicalNode> nodes = new java.util.ArrayDeque<>();
    nodes.add(plan.root());
    while (!nodes.isEmpty()) {
      io.sluice.optimizer.physical.PhysicalNode node = nodes.poll();
      if (StreamTraitDerivation.isJoin(node)) {
        return plan.traits(node).operator();
      }
      nodes.addAll(node.inputs());
    }
    return null;
  }

  @Test
  void anOuterJoinKeepingEveryTableRowIsRefused() {
    SluiceException e = refused("SELECT b.price, u.name FROM bids b RIGHT JOIN users u ON b.auction = u.id", null);
    assertMentions(e, "keeps every row of table 'users'", "Preserve the stream instead");
  }

  @Test
  void aChangelogJoinsATableAndAnotherStreamAsARegularJoin() {
    String counts = "(SELECT auction, COUNT(*) AS n, MAX(ts) AS ts FROM bids GROUP BY auction)";
    StreamPlan withStream = derive("SELECT a.id, c.n FROM " + counts + " c JOIN auctions a ON c.auction = a.id"
        + " AND c.ts BETWEEN a.ts AND a.ts + INTERVAL '1' MINUTE", OutputMode.UPDATE);
    assertDoesNotThrow(() -> check(withStream));
    assertEquals(ChangelogMode.Kind.RETRACT, withStream.traits(withStream.root()).changelog().kind(),
        "the pairs are taken back as the counts change");
    assertTrue(withStream.explainState().stream().anyMatch(line -> line.contains("unbounded state")),
        String.valueOf(withStream.explainState()));
    StreamPlan withTable = derive("SELECT u.name, c.n FROM " + counts + " c JOIN users u ON c.auction = u.id",
        OutputMode.UPDATE);
    assertDoesNotThrow(() -> check(withTable));
    assertEquals(ChangelogMode.Kind.RETRACT, withTable.traits(withTable.root()).changelog().kind(),
        "the joined rows change with the counts");
  }

  @Test
  void inOverAStreamRunsOverTheStreamsDistinctKeysWhichAreFinalAtTheirFirstArrival() {
    StreamPlan plan = derive("SELECT name FROM users WHERE id IN (SELECT auction FROM bids)", null);
    assertDoesNotThrow(() -> check(plan));
    assertEquals(null, plan.whyNotAppendOnly());
    assertTrue(plan.explainState().stream().anyMatch(line -> line.startsWith("Distinct (first arrival)")),
        String.valueOf(plan.explainState()));
  }

  @Test
  void aTopNThatRetractsIsRefusedInAppendModeAndRunsInUpdateMode() {
    String sql = "SELECT auction, price FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)"
        + " AS rn FROM bids) WHERE rn <= 3";
    SluiceException e = refused(sql, OutputMode.APPEND);
    assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
    assertMentions(e, "so append mode cannot take it", "SET 'pipeline.output-mode' = 'update'");
    assertDoesNotThrow(() -> check(derive(sql, OutputMode.UPDATE)));
  }

  @Test
  void aTopNOfMoreThanTenThousandRowsPerKeyIsRefused() {
    SluiceException e = refused("SELECT auction FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY ts)"
        + " AS rn FROM bids) WHERE rn <= 20000", OutputMode.APPEND);
    assertMentions(e, "keeps at most 10000 rows per key", "asks for 20000", "lower the bound");
  }

  @Test
  void anOverWindowOverAStreamIsRefused() {
    SluiceException e = refused("SELECT auction, SUM(price) OVER (PARTITION BY auction ORDER BY ts) FROM bids",
        OutputMode.APPEND);
    assertMentions(e, "An OVER window over a stream is not supported yet", "WHERE rn = 1");
  }

  @Test
  void aWindowOverAStreamWithoutAWatermarkIsRefused() {
    String sql = "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE ticks, DESCRIPTOR(ts), INTERVAL '1' SECOND))"
        + " GROUP BY window_start, window_end";
    StreamPlan plan = derive(sql, OutputMode.APPEND);
    check(plan);
    SluiceException e = assertThrows(SluiceException.class, () -> StreamChecker.requireWatermark(plan));
    assertMentions(e, "source ticks has no watermark", "WATERMARK FOR ts AS ts - INTERVAL '5' SECOND");
  }

  @Test
  void outputModesTheQueryCannotRunInAreRefusedWithOnesItCan() {
    StreamPlan grouped = derive("SELECT auction, COUNT(*) AS n FROM bids GROUP BY auction", null);
    SluiceException append = assertThrows(SluiceException.class, () -> OutputModes.choose(grouped, "append"));
    assertMentions(append, "so append mode cannot take it", "'update'", "'complete'");
    assertEquals(OutputMode.UPDATE, OutputModes.choose(grouped, "UPDATE"));

    StreamPlan windowed = derive("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts),"
        + " INTERVAL '1' SECOND)) GROUP BY window_start, window_end", null);
    assertEquals(OutputMode.COMPLETE, OutputModes.choose(windowed, "complete")); // every window kept
    StreamPlan rows = derive("SELECT auction, price FROM bids", null);
    SluiceException complete = assertThrows(SluiceException.class, () -> OutputModes.choose(rows, "complete"));
    assertMentions(complete, "needs an aggregation at the top of the query", "use append or update mode");
    SluiceException unknown = assertThrows(SluiceException.class, () -> OutputModes.choose(windowed, "sometimes"));
    assertEquals(ErrorCode.INVALID_OPTION, unknown.code());
  }

  @Test
  void anAggregationOverRowsThatChangeIsRefusedWhenItIsWindowedOrCannotTakeRowsBack() {
    String perAuction = "per_auction";
    SluiceException anyValue = refused("SELECT n, ANY_VALUE(auction) FROM " + perAuction + " GROUP BY n",
        OutputMode.UPDATE);
    assertMentions(anyValue, "The aggregate ANY_VALUE cannot run over rows that change (this query aggregates a"
        + " stream without a window", "it keeps whichever value came first");
    SluiceException windowed = refused("SELECT window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE " + perAuction
        + ", DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end", OutputMode.UPDATE);
    assertMentions(windowed, "A windowed aggregation over rows that change is not supported",
        "Aggregate by window first");
    assertDoesNotThrow(() -> check(derive("SELECT n, COUNT(*) FROM " + perAuction + " GROUP BY n",
        OutputMode.UPDATE)));
  }

  @Test
  void anAggregationOverSessionsInUpdateModeMustGroupByWindowEnd() {
    String sessions = " FROM TABLE(SESSION(TABLE bids PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '3' SECOND))";
    SluiceException e = refused("SELECT auction, window_start, COUNT(*)" + sessions + " GROUP BY auction,"
        + " window_start", OutputMode.UPDATE);
    assertMentions(e, "must group by window_end", "SET 'pipeline.output-mode' = 'append'");
    assertDoesNotThrow(() -> check(derive("SELECT auction, window_start, COUNT(*)" + sessions + " GROUP BY auction,"
        + " window_start", OutputMode.APPEND)));
  }

  @Test
  void orderByAndLimitRunOverAnAggregationInCompleteModeOnly() {
    String sorted = "SELECT auction, COUNT(*) AS n FROM bids GROUP BY auction ORDER BY n DESC LIMIT 3";
    assertDoesNotThrow(() -> check(derive(sorted, OutputMode.COMPLETE)));
    assertMentions(refused(sorted, OutputMode.UPDATE), "ORDER BY over a stream is not supported yet",
        "in complete mode");
    // below another aggregation the sorted rows would be a changelog: refused
    assertMentions(refused("SELECT n, COUNT(*) AS auctions FROM (SELECT auction, COUNT(*) AS n FROM bids"
        + " GROUP BY auction ORDER BY n LIMIT 3) GROUP BY n", OutputMode.COMPLETE), "over a stream");
  }

  @Test
  void orderByLimitAndExceptOverAStreamAreRefused() {
    assertMentions(refused("SELECT auction FROM bids ORDER BY price", OutputMode.APPEND),
        "ORDER BY over a stream is not supported yet");
    assertMentions(refused("SELECT auction FROM bids EXCEPT SELECT id FROM users", OutputMode.APPEND),
        "INTERSECT or EXCEPT over a stream is not supported yet");
  }

  @Test
  void whatRunsOnAStreamPassesTheChecker() {
    assertDoesNotThrow(() -> check(derive("SELECT a.id, b.price FROM auctions a JOIN bids b"
        + " ON a.id = b.auction AND b.ts BETWEEN a.ts AND a.expires", OutputMode.APPEND)));
    assertDoesNotThrow(() -> check(derive("SELECT b.price, u.name FROM bids b LEFT JOIN users u"
        + " ON b.auction = u.id", OutputMode.APPEND)));
  }
}
