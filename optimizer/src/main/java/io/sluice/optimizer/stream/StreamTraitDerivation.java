package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.StreamTable;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.PhysicalHashJoin;
import io.sluice.optimizer.physical.PhysicalNestedLoopJoin;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
import io.sluice.optimizer.physical.PhysicalUnion;
import io.sluice.optimizer.physical.PhysicalWindowTableFunction;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The one pass that decides the streaming traits of every node of a physical plan (in the spirit
 * of Flink's changelog-mode inference): bottom up, whether a node reads a stream and why its rows
 * change after they are emitted; top down, the output mode each node runs in (append below an
 * operator that takes only final rows, update below one that takes a changelog); then each node's
 * changelog mode, event-time columns, watermarks and stateful operator.
 *
 * <p>It refuses nothing: {@link StreamChecker} reads the result and refuses what cannot run.
 */
public final class StreamTraitDerivation {
  /** Why an aggregation of a stream without a window is a changelog. */
  static final String AGGREGATE_CHANGES = "This query aggregates a stream without a window, so its rows change as"
      + " data arrives";

  private final Map<PhysicalNode, Boolean> unbounded = new IdentityHashMap<>();
  private final Map<PhysicalNode, String> whyChangelog = new IdentityHashMap<>();
  private final Map<PhysicalNode, OutputMode> runModes = new IdentityHashMap<>();
  private final Map<PhysicalNode, Boolean> sessionChanges = new IdentityHashMap<>();
  private final IdentityHashMap<PhysicalNode, StreamTraits> traits = new IdentityHashMap<>();
  private boolean aggregatesWithoutWindow;
  private boolean aggregatesByWindow;
  private boolean waitsOnWatermark;
  private boolean anySessionChanges;

  private StreamTraitDerivation() {}

  /**
   * The traits of every node of {@code plan} run in output mode {@code mode}; with a null mode,
   * the mode the plan implies (update when its rows change, append otherwise), which is what a
   * caller reads to choose the mode ({@link OutputModes}) before deriving again with it.
   */
  public static StreamPlan derive(PhysicalNode plan, OutputMode mode) {
    StreamTraitDerivation derivation = new StreamTraitDerivation();
    derivation.bottomUp(plan);
    OutputMode rootMode = mode != null ? mode
        : derivation.whyChangelog.get(plan) != null ? OutputMode.UPDATE : OutputMode.APPEND;
    derivation.topDown(plan, rootMode);
    derivation.markSessionChanges(plan);
    derivation.decide(plan, mode != null);
    return new StreamPlan(plan, derivation.traits, derivation.aggregatesWithoutWindow, derivation.aggregatesByWindow,
        derivation.waitsOnWatermark, derivation.anySessionChanges);
  }

  private void bottomUp(PhysicalNode node) {
    boolean reads = node instanceof PhysicalScan && ((PhysicalScan) node).table() instanceof StreamTable;
    String why = null;
    for (PhysicalNode input : node.inputs()) {
      bottomUp(input);
      reads |= unbounded.get(input);
    }
    unbounded.put(node, reads);
    if (reads) {
      why = ownChange(node);
      for (int i = 0; why == null && i < node.inputs().size(); i++) {
        why = whyChangelog.get(node.input(i));
      }
    }
    whyChangelog.put(node, why);
  }

  /** Why the node itself (not its inputs) emits rows that change later, or null. */
  private static String ownChange(PhysicalNode node) {
    if (node instanceof PhysicalHashAggregate && WindowKeys.windowKey((PhysicalHashAggregate) node) == null) {
      return AGGREGATE_CHANGES;
    }
    Rank rank = Rank.of(node);
    return rank == null ? null : rank.whyNotAppendOnly();
  }

  /**
   * Gives every node the output mode it runs in: a stateful operator takes only final rows (its
   * inputs run in append mode) except an aggregation over a changelog, whose input runs in update
   * mode so that it emits retractions rather than its whole result every batch.
   */
  private void topDown(PhysicalNode node, OutputMode mode) {
    runModes.put(node, mode);
    OutputMode inputMode = mode;
    if (unbounded.get(node)) {
      if (node instanceof PhysicalHashAggregate) {
        WindowKeys.WindowKey window = WindowKeys.windowKey((PhysicalHashAggregate) node);
        boolean sessionUpdates = window != null && window.closedUpstream() && mode == OutputMode.UPDATE;
        inputMode = whyChangelog.get(node.input(0)) != null || sessionUpdates ? OutputMode.UPDATE : OutputMode.APPEND;
      } else if (Rank.of(node) != null || node instanceof PhysicalSessionWindow || isJoin(node)) {
        inputMode = OutputMode.APPEND;
      }
    }
    for (PhysicalNode input : node.inputs()) {
      topDown(input, inputMode);
    }
  }

  /**
   * Marks the nodes that, in update mode, emit a changelog although their rows could be final:
   * SESSION windows shown as they grow and merge, and the filters, projections, unions, window
   * assigners and aggregates over sessions that carry those changes up.
   */
  private boolean markSessionChanges(PhysicalNode node) {
    boolean inputChanges = false;
    for (PhysicalNode input : node.inputs()) {
      inputChanges |= markSessionChanges(input);
    }
    boolean passes = node instanceof PhysicalFilterProject && Rank.of(node) == null
        || node instanceof PhysicalUnion || node instanceof PhysicalWindowTableFunction || overSessions(node);
    boolean changes = unbounded.get(node) && runModes.get(node) == OutputMode.UPDATE
        && (node instanceof PhysicalSessionWindow || passes && inputChanges);
    sessionChanges.put(node, changes);
    anySessionChanges |= changes;
    return changes;
  }

  private static boolean overSessions(PhysicalNode node) {
    if (!(node instanceof PhysicalHashAggregate)) {
      return false;
    }
    WindowKeys.WindowKey window = WindowKeys.windowKey((PhysicalHashAggregate) node);
    return window != null && window.closedUpstream();
  }

  private void decide(PhysicalNode node, boolean modeChosen) {
    for (PhysicalNode input : node.inputs()) {
      decide(input, modeChosen);
    }
    if (!unbounded.get(node)) {
      traits.put(node, StreamTraits.bounded());
      return;
    }
    OutputMode mode = runModes.get(node);
    StreamOperator operator = operator(node, mode);
    String why = whyChangelog.get(node);
    boolean sessionChange = sessionChanges.get(node);
    ChangelogMode changelog = why == null && !sessionChange ? ChangelogMode.INSERT_ONLY
        : operator instanceof GroupAggregate ? ChangelogMode.upsert(groupKeyColumns((PhysicalHashAggregate) node))
        : ChangelogMode.RETRACT;
    Map<Integer, EventTimeColumns.TimeColumn> eventTime = new HashMap<>();
    int width = node.rowType().getFieldCount();
    for (int column = 0; column < width; column++) {
      EventTimeColumns.TimeColumn time = EventTimeColumns.trace(node, column);
      if (time != null) {
        eventTime.put(column, time);
      }
    }
    traits.put(node, new StreamTraits(true, changelog, why, sessionChange, eventTime, watermarks(node), operator,
        modeChosen ? mode : null));
  }

  /** Decides the stateful operator of a node that reads a stream, or null when it keeps no state. */
  private StreamOperator operator(PhysicalNode node, OutputMode mode) {
    if (node instanceof PhysicalHashAggregate) {
      PhysicalHashAggregate aggregate = (PhysicalHashAggregate) node;
      WindowKeys.WindowKey window = WindowKeys.windowKey(aggregate);
      if (window == null) {
        aggregatesWithoutWindow = true;
        boolean retracting = whyChangelog.get(node.input(0)) != null;
        return new GroupAggregate(retracting, -1, retracting && keepsValueCounts(aggregate));
      }
      aggregatesByWindow = true;
      boolean complete = mode == OutputMode.COMPLETE;
      waitsOnWatermark |= !complete;
      if (window.closedUpstream() && mode == OutputMode.UPDATE) {
        return new GroupAggregate(true, WindowKeys.sessionEndKey(aggregate), keepsValueCounts(aggregate));
      }
      return new WindowAggregate(window, WindowKeys.windowOffsets(aggregate, window), complete);
    }
    if (node instanceof PhysicalSessionWindow) {
      waitsOnWatermark = true;
      return new SessionWindow(mode == OutputMode.UPDATE);
    }
    if (isJoin(node)) {
      return joinOperator(node);
    }
    Rank rank = Rank.of(node);
    waitsOnWatermark |= rank != null && rank.perClosedWindow(mode);
    return rank;
  }

  /** Whether an aggregate of it keeps each value's row count to take rows back: MIN, MAX (not of booleans), DISTINCT. */
  private static boolean keepsValueCounts(PhysicalHashAggregate aggregate) {
    for (AggregateCall call : aggregate.aggregates()) {
      SqlKind kind = call.getAggregation().getKind();
      boolean extreme = (kind == SqlKind.MIN || kind == SqlKind.MAX)
          && call.getType().getSqlTypeName() != SqlTypeName.BOOLEAN;
      if (call.isDistinct() || extreme) {
        return true;
      }
    }
    return false;
  }

  /**
   * The operator of a join that reads a stream: an interval (or window) join of two streams when
   * event time bounds it, else none (the checker says what is missing); a stream–table join.
   */
  private StreamOperator joinOperator(PhysicalNode node) {
    JoinSpec join = JoinSpec.of(node);
    boolean leftStreams = unbounded.get(join.left());
    boolean rightStreams = unbounded.get(join.right());
    if (leftStreams && rightStreams) {
      TimeBounds.Derived bound = TimeBounds.tryDerive(join);
      return bound == null ? null : new IntervalJoin(join, bound);
    }
    return new StreamTableJoin(join, leftStreams);
  }

  private static int[] groupKeyColumns(PhysicalHashAggregate aggregate) {
    int[] columns = new int[aggregate.groupKeys().length];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = i;
    }
    return columns;
  }

  /** The sources with a watermark whose event time reaches the node. */
  private static Set<String> watermarks(PhysicalNode node) {
    Set<String> names = new TreeSet<>();
    for (StreamTable table : StreamInputs.sources(node).values()) {
      if (table.watermark() != null) {
        names.add(table.name());
      }
    }
    return names;
  }

  static boolean isJoin(PhysicalNode node) {
    return node instanceof PhysicalHashJoin || node instanceof PhysicalNestedLoopJoin;
  }
}
