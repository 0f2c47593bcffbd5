package io.sluice.optimizer.stream;

import static io.sluice.optimizer.stream.StreamPlans.derive;
import static io.sluice.optimizer.stream.StreamPlans.nodes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.StreamDistinct;
import io.sluice.optimizer.physical.StreamGroupAggregate;
import io.sluice.optimizer.physical.StreamSessionWindow;
import io.sluice.optimizer.physical.StreamWindowAggregate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules that turn a node over a stream into the stateful node kind it runs as: which kind each
 * query gets, the decisions the node carries, and that its traits are the ones the derivation
 * decided (the plan a translator reads holds only the chosen nodes).
 */
class StreamNodeRulesTest {

  @Test
  void anAggregationWithoutAWindowBecomesAGroupAggregateCarryingItsMode() {
    StreamPlan plan = derive("SELECT auction, COUNT(*) AS n FROM bids GROUP BY auction", OutputMode.UPDATE);
    StreamGroupAggregate node = assertInstanceOf(StreamGroupAggregate.class, plan.root(), plan.explain());
    assertFalse(node.retractingInput());
    assertFalse(node.overSessions());
    assertEquals(OutputMode.UPDATE, node.mode());
    assertEquals("GroupAggregate (update)", node.operatorName());
    assertSame(node, ((GroupAggregate) plan.rootTraits().operator()).node(), "the traits describe the node itself");
    assertTrue(plan.explain().startsWith("GroupAggregate(group=[auction], aggregates=[COUNT()]) [stream, changelog"),
        plan.explain());
  }

  @Test
  void anAggregationOverAnAggregationRetractsAndItsInputIsTheReplacedNode() {
    StreamPlan plan = derive("SELECT n, COUNT(*) AS c FROM (SELECT auction, MAX(price) AS n FROM bids GROUP BY auction)"
        + " GROUP BY n", OutputMode.UPDATE);
    List<StreamGroupAggregate> aggregates = only(plan.root(), StreamGroupAggregate.class);
    assertEquals(2, aggregates.size(), plan.explain());
    StreamGroupAggregate outer = aggregates.get(0);
    StreamGroupAggregate inner = aggregates.get(1);
    assertTrue(outer.retractingInput(), "the inner aggregate's changes reach the outer one");
    assertFalse(outer.valueCounts(), "COUNT takes rows back without value counts");
    assertFalse(inner.retractingInput());
    assertEquals(OutputMode.UPDATE, plan.traits(inner).runMode());
    assertTrue(only(plan.root(), PhysicalHashAggregate.class).stream().allMatch(a -> a instanceof StreamGroupAggregate),
        "no plain hash aggregation is left over a stream");
  }

  @Test
  void minOverAChangelogKeepsValueCounts() {
    StreamPlan plan = derive("SELECT MIN(n) AS lo FROM (SELECT auction, COUNT(*) AS n FROM bids GROUP BY auction)",
        OutputMode.UPDATE);
    StreamGroupAggregate root = assertInstanceOf(StreamGroupAggregate.class, plan.root(), plan.explain());
    assertTrue(root.retractingInput());
    assertTrue(root.valueCounts());
  }

  @Test
  void aTumblingWindowAggregationBecomesAWindowAggregate() {
    StreamPlan plan = derive("SELECT auction, window_start, window_end, COUNT(*) AS n"
        + " FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
        + " GROUP BY auction, window_start, window_end", OutputMode.APPEND);
    StreamWindowAggregate node = only(plan.root(), StreamWindowAggregate.class).get(0);
    assertFalse(node.complete());
    assertFalse(node.overClosedSessions());
    assertEquals("WindowAggregate (append)", node.operatorName());
    assertArrayEquals(new long[] {-1, 10_000, 0}, node.windowOffsets(), "window_start and window_end are fixed");

    StreamPlan complete = derive("SELECT auction, window_start, window_end, COUNT(*) AS n"
        + " FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
        + " GROUP BY auction, window_start, window_end", OutputMode.COMPLETE);
    assertEquals("WindowAggregate (complete)", only(complete.root(), StreamWindowAggregate.class).get(0).operatorName());
  }

  @Test
  void distinctKeysOfAStreamBecomeADistinctExceptInCompleteMode() {
    StreamPlan append = derive("SELECT DISTINCT auction FROM bids", OutputMode.APPEND);
    assertEquals(1, only(append.root(), StreamDistinct.class).size(), append.explain());

    StreamPlan complete = derive("SELECT DISTINCT auction FROM bids", OutputMode.COMPLETE);
    assertTrue(only(complete.root(), StreamDistinct.class).isEmpty(), complete.explain());
    assertEquals("GroupAggregate (complete)", only(complete.root(), StreamGroupAggregate.class).get(0).operatorName());
  }

  @Test
  void sessionsCarryWhetherTheyEmitUpdates() {
    String sql = "SELECT auction, window_start, window_end, COUNT(*) AS n"
        + " FROM TABLE(SESSION(TABLE bids PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '3' SECOND))"
        + " GROUP BY auction, window_start, window_end";
    StreamPlan append = derive(sql, OutputMode.APPEND);
    assertFalse(only(append.root(), StreamSessionWindow.class).get(0).emitsUpdates());
    assertTrue(only(append.root(), StreamWindowAggregate.class).get(0).overClosedSessions());

    StreamPlan update = derive(sql, OutputMode.UPDATE);
    assertEquals("SessionWindows (update)", only(update.root(), StreamSessionWindow.class).get(0).operatorName());
    assertEquals(2, only(update.root(), StreamGroupAggregate.class).get(0).sessionEndKey());
  }

  @Test
  void aBoundedPlanKeepsItsNodes() {
    PhysicalNode physical = StreamPlans.physical("SELECT name, COUNT(*) AS n FROM users GROUP BY name");
    StreamPlan plan = StreamTraitDerivation.derive(physical, OutputMode.APPEND);
    assertSame(physical, plan.root());
  }

  /** The nodes of {@code kind} in {@code root}, top down. */
  private static <T extends PhysicalNode> List<T> only(PhysicalNode root, Class<T> kind) {
    return nodes(root).stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
