package io.sluice.optimizer.stream;

import static io.sluice.optimizer.stream.StreamPlans.derive;
import static io.sluice.optimizer.stream.StreamPlans.nodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalHashJoin;
import io.sluice.optimizer.physical.PhysicalNestedLoopJoin;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.StreamIntervalJoin;
import io.sluice.optimizer.physical.StreamJoin;
import io.sluice.optimizer.physical.StreamRegularJoin;
import io.sluice.optimizer.physical.StreamTableJoin;
import java.util.List;
import org.apache.calcite.rel.core.JoinRelType;
import org.junit.jupiter.api.Test;

/**
 * The rules that turn a join over a stream into the stream join kind it runs as: which kind each
 * query gets, the decisions the node carries (time bound and release, retracting inputs, stream
 * side and tables), that EXPLAIN prints them from the node, and that no plain join is left over a stream.
 */
class StreamJoinRulesTest {

  @Test
  void aJoinBoundedByEventTimeBecomesAnIntervalJoinCarryingItsRelease() {
    StreamPlan plan = derive("SELECT a.id, b.price FROM auctions a JOIN bids b ON a.id = b.auction"
        + " AND b.ts BETWEEN a.ts AND a.expires", null);
    StreamIntervalJoin join = onlyJoin(plan, StreamIntervalJoin.class);
    assertEquals(JoinRelType.INNER, join.joinType());
    assertEquals(1, join.leftKeys().length);
    assertFalse(join.bound().leftKept() || join.bound().rightKept(), plan.explain());
    assertEquals("IntervalJoin inner", join.operatorName());
    assertSame(join, ((IntervalJoin) plan.traits(join).operator()).node(), "the traits describe the node itself");
    String line = explainLine(plan, "IntervalJoin(");
    assertTrue(line.contains("type=inner, keys=[") && line.contains("released=after auctions.expires"), line);
    assertTrue(line.contains("IntervalJoin state=join rows"), line);
  }

  @Test
  void aJoinBoundedOnOneSideKeepsTheOtherAndSaysSo() {
    StreamPlan plan = derive("SELECT a.id, b.price FROM auctions a JOIN bids b ON a.id = b.auction AND b.ts >= a.ts",
        null);
    StreamIntervalJoin join = onlyJoin(plan, StreamIntervalJoin.class);
    assertTrue(join.bound().leftKept() != join.bound().rightKept(), plan.explain());
    assertTrue(join.operatorName().endsWith("rows kept)"), join.operatorName());
    assertTrue(explainLine(plan, "IntervalJoin(").contains("released=never"), plan.explain());
  }

  @Test
  void aJoinWithoutATimeBoundBecomesARegularJoinThatEmitsFinalRowsWhenInner() {
    StreamPlan plan = derive("SELECT a.id, b.price FROM auctions a JOIN bids b ON a.id = b.auction", null);
    StreamRegularJoin join = onlyJoin(plan, StreamRegularJoin.class);
    assertFalse(join.leftRetracts() || join.rightRetracts());
    assertFalse(join.emitsChangelog());
    assertEquals("Join inner", join.operatorName());
    assertTrue(explainLine(plan, "Join(").contains("retracting inputs=none, emits=final rows"), plan.explain());

    StreamRegularJoin outer = onlyJoin(derive("SELECT a.id, b.price FROM auctions a LEFT JOIN bids b"
        + " ON a.id = b.auction", null), StreamRegularJoin.class);
    assertTrue(outer.emitsChangelog(), "a row without a match is taken back when its match arrives");
  }

  @Test
  void aJoinOverAChangelogIsARegularJoinThatKnowsWhichInputRetracts() {
    StreamPlan plan = derive("SELECT a.id, c.n FROM per_auction c JOIN auctions a ON c.auction = a.id"
        + " AND c.ts BETWEEN a.ts AND a.ts + INTERVAL '1' MINUTE", OutputMode.UPDATE);
    StreamRegularJoin join = onlyJoin(plan, StreamRegularJoin.class);
    assertTrue(join.leftRetracts() != join.rightRetracts(), plan.explain());
    assertTrue(join.emitsChangelog());
  }

  @Test
  void aJoinOfAStreamWithATableCarriesTheStreamSideAndTheTables() {
    StreamPlan plan = derive("SELECT b.price, u.name FROM bids b JOIN users u ON b.auction = u.id", null);
    StreamTableJoin join = onlyJoin(plan, StreamTableJoin.class);
    assertTrue(plan.traits(join.streamInput()).unbounded());
    assertFalse(plan.traits(join.tableInput()).unbounded());
    assertEquals(1, join.tables().size());
    assertFalse(join.changelogStream());
    assertEquals("StreamTableJoin inner", join.operatorName());
    assertTrue(explainLine(plan, "StreamTableJoin(").contains("table read again when it changes"), plan.explain());

    StreamTableJoin changelog = onlyJoin(derive("SELECT u.name, c.n FROM per_auction c JOIN users u"
        + " ON c.auction = u.id", OutputMode.UPDATE), StreamTableJoin.class);
    assertTrue(changelog.changelogStream());
  }

  @Test
  void aJoinOfTablesStaysAPlainJoin() {
    PhysicalNode physical = StreamPlans.physical("SELECT u.name, v.name FROM users u JOIN users v ON u.id = v.id");
    StreamPlan plan = StreamTraitDerivation.derive(physical, OutputMode.APPEND);
    assertSame(physical, plan.root());
    assertTrue(nodes(plan.root()).stream().noneMatch(n -> n instanceof StreamJoin));
  }

  /** The one join of the plan, which must be of {@code kind}: no plain join is left over a stream. */
  private static <T extends StreamJoin> T onlyJoin(StreamPlan plan, Class<T> kind) {
    List<PhysicalNode> joins = nodes(plan.root()).stream().filter(StreamTraitDerivation::isJoin).toList();
    assertEquals(1, joins.size(), plan.explain());
    assertFalse(joins.get(0) instanceof PhysicalHashJoin || joins.get(0) instanceof PhysicalNestedLoopJoin,
        plan.explain());
    assertTrue(kind.isInstance(joins.get(0)), plan.explain());
    return kind.cast(joins.get(0));
  }

  /** The EXPLAIN line of the node whose line starts with {@code prefix} (after its indentation). */
  private static String explainLine(StreamPlan plan, String prefix) {
    return plan.explain().lines().map(String::strip).filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError(prefix + " missing from:\n" + plan.explain()));
  }
}
