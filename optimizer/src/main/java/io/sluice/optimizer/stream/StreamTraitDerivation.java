package io.sluice.optimizer.stream;

import io.sluice.catalog.connector.StreamTable;
import io.sluice.catalog.stream.DeduplicationScope;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.PhysicalHashJoin;
import io.sluice.optimizer.physical.PhysicalNestedLoopJoin;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
import io.sluice.optimizer.physical.PhysicalUnion;
import io.sluice.optimizer.physical.PhysicalWindowTableFunction;
import io.sluice.optimizer.physical.StreamDistinct;
import io.sluice.optimizer.physical.StreamGroupAggregate;
import io.sluice.optimizer.physical.StreamIntervalJoin;
import io.sluice.optimizer.physical.StreamJoin;
import io.sluice.optimizer.physical.StreamRanking;
import io.sluice.optimizer.physical.StreamRegularJoin;
import io.sluice.optimizer.physical.StreamSessionWindow;
import io.sluice.optimizer.physical.StreamTableJoin;
import io.sluice.optimizer.physical.StreamWindowAggregate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.core.JoinRelType;

/**
 * The one pass that decides the streaming traits of every node of a physical plan (in the spirit
 * of Flink's changelog-mode inference): bottom up, whether a node reads a stream and why its rows
 * change after they are emitted (an aggregation without a window, a Top-N, a source that reads a
 * changelog); top down, the output mode each node runs in (append below an operator that takes
 * only final rows, update below one that takes a changelog: an aggregation, a stream–table join);
 * then each node's
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
  /** The nodes that emit windows before they close (update mode), decided bottom up in {@link #decide}. */
  private final Map<PhysicalNode, Boolean> earlyWindows = new IdentityHashMap<>();
  private final IdentityHashMap<PhysicalNode, StreamTraits> traits = new IdentityHashMap<>();
  private boolean aggregatesWithoutWindow;
  private boolean aggregatesByWindow;
  private boolean waitsOnWatermark;
  private boolean anySessionChanges;
  private final DeduplicationScope deduplication;

  private StreamTraitDerivation(DeduplicationScope deduplication) {
    this.deduplication = deduplication;
  }

  /**
   * The traits of every node of {@code plan} run in output mode {@code mode}; with a null mode,
   * the mode the plan implies (update when its rows change, append otherwise), which is what a
   * caller reads to choose the mode ({@link OutputModes}) before deriving again with it.
   */
  public static StreamPlan derive(PhysicalNode plan, OutputMode mode) {
    return derive(plan, mode, DeduplicationScope.DEFAULT);
  }

  /**
   * As {@link #derive(PhysicalNode, OutputMode)}, with first-arrival deduplications keeping their
   * keys as {@code deduplication} says.
   */
  public static StreamPlan derive(PhysicalNode plan, OutputMode mode, DeduplicationScope deduplication) {
    StreamTraitDerivation derivation = new StreamTraitDerivation(deduplication);
    derivation.bottomUp(plan);
    OutputMode rootMode = mode != null ? mode
        : derivation.whyChangelog.get(plan) != null ? OutputMode.UPDATE : OutputMode.APPEND;
    derivation.topDown(plan, rootMode);
    derivation.markSessionChanges(plan);
    PhysicalNode root = derivation.decide(plan, mode != null);
    return new StreamPlan(root, derivation.traits, derivation.aggregatesWithoutWindow, derivation.aggregatesByWindow,
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
  private String ownChange(PhysicalNode node) {
    if (node instanceof PhysicalScan && ((PhysicalScan) node).table() instanceof StreamTable) {
      return ((StreamTable) ((PhysicalScan) node).table()).whyChangelog();
    }
    if (isDistinct(node)) {
      return null; // each key once, at its first arrival: final
    }
    if (node instanceof PhysicalHashAggregate && WindowKeys.windowKey((PhysicalHashAggregate) node) == null) {
      return AGGREGATE_CHANGES;
    }
    if (isRegularJoin(node)) {
      return RegularJoin.whyNotAppendOnly(JoinSpec.of(node));
    }
    RowNumberFilter rank = RowNumberFilter.of(node);
    return rank == null ? null : rank.whyNotAppendOnly();
  }

  /**
   * Whether an aggregation (its input derived bottom up already) keeps the distinct values of a
   * stream that only inserts ({@link Distinct}): no aggregate function, no window, and no group key
   * that is a watermarked event time (such a group is emitted once the watermark passes it).
   */
  private boolean isDistinct(PhysicalNode node) {
    if (!(node instanceof PhysicalHashAggregate) || !unbounded.get(node)) {
      return false;
    }
    PhysicalHashAggregate aggregate = (PhysicalHashAggregate) node;
    if (!aggregate.aggregates().isEmpty() || aggregate.groupKeys().length == 0
        || WindowKeys.windowKey(aggregate) != null || whyChangelog.get(node.input(0)) != null) {
      return false;
    }
    for (int key : aggregate.groupKeys()) {
      if (EventTimeColumns.trace(node.input(0), key) != null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a join (its inputs derived bottom up already) runs as a regular join: both inputs are
   * streams, and it reads a changelog or has no time bound that releases the rows it must emit
   * ({@link StreamRegularJoinRule}; a semi or anti join with one runs as a time-bounded join).
   */
  private boolean isRegularJoin(PhysicalNode node) {
    return isJoin(node) && StreamRegularJoinRule.matches(node, sides(node));
  }

  /** Which inputs of a join (derived bottom up already) stream, and which are changelogs. */
  private JoinSides sides(PhysicalNode join) {
    return new JoinSides(unbounded.get(join.input(0)), unbounded.get(join.input(1)),
        whyChangelog.get(join.input(0)) != null, whyChangelog.get(join.input(1)) != null);
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
      } else if (isRegularJoin(node)) {
        for (PhysicalNode input : node.inputs()) { // an input that changes sends its retractions
          topDown(input, whyChangelog.get(input) != null ? OutputMode.UPDATE : OutputMode.APPEND);
        }
        return;
      } else if (isJoin(node) && changelogIntoTable(node)) {
        inputMode = OutputMode.UPDATE;
      } else if (RowNumberFilter.of(node) != null || node instanceof PhysicalSessionWindow || isJoin(node)) {
        inputMode = OutputMode.APPEND;
      }
    }
    for (PhysicalNode input : node.inputs()) {
      topDown(input, inputMode);
    }
  }

  /**
   * Whether a join looks up a changelog of a stream in bounded data: its joined rows carry their
   * stream rows' kinds, so the stream side runs in update mode.
   */
  private boolean changelogIntoTable(PhysicalNode join) {
    boolean leftStreams = unbounded.get(join.input(0));
    boolean rightStreams = unbounded.get(join.input(1));
    if (leftStreams == rightStreams) {
      return false;
    }
    return whyChangelog.get(join.input(leftStreams ? 0 : 1)) != null;
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
    boolean passes = node instanceof PhysicalFilterProject && RowNumberFilter.of(node) == null
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

  /**
   * Decides the traits of {@code node} and its inputs, bottom up, and returns the node as it runs:
   * replaced by the stream node a rule chose for it ({@link StreamGroupAggregateRule}), or over
   * inputs so replaced.
   */
  private PhysicalNode decide(PhysicalNode original, boolean modeChosen) {
    List<PhysicalNode> inputs = new ArrayList<>(original.inputs().size());
    for (PhysicalNode input : original.inputs()) {
      inputs.add(decide(input, modeChosen));
    }
    PhysicalNode node = alias(original, original.withInputs(inputs));
    if (!unbounded.get(node)) {
      traits.put(node, StreamTraits.bounded());
      return node;
    }
    OutputMode mode = runModes.get(node);
    node = alias(node, convert(node, mode));
    StreamOperator operator = operator(node, mode);
    String why = whyChangelog.get(node);
    boolean sessionChange = sessionChanges.get(node);
    boolean openWindows = emitsOpenWindows(node, operator, mode);
    earlyWindows.put(node, openWindows);
    ChangelogMode changelog = why == null && !sessionChange && !openWindows ? ChangelogMode.INSERT_ONLY
        : operator instanceof GroupAggregate || operator instanceof WindowAggregate
            ? ChangelogMode.upsert(groupKeyColumns((PhysicalHashAggregate) node))
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
    return node;
  }

  /**
   * The stream node a rule turns {@code node} into, run in {@code mode}, or the node itself. The
   * rules of one node kind exclude each other; the first that matches decides.
   */
  private PhysicalNode convert(PhysicalNode node, OutputMode mode) {
    if (node instanceof PhysicalHashAggregate) {
      PhysicalHashAggregate aggregate = (PhysicalHashAggregate) node;
      boolean distinct = isDistinct(node);
      PhysicalNode converted = StreamDistinctRule.convert(aggregate, distinct, mode);
      if (converted == null) {
        converted = StreamGroupAggregateRule.convert(aggregate, distinct, whyChangelog.get(node.input(0)) != null, mode);
      }
      if (converted == null) {
        converted = StreamWindowAggregateRule.convert(aggregate, mode);
      }
      return converted == null ? node : converted;
    }
    if (node instanceof PhysicalSessionWindow) {
      return StreamSessionWindowRule.convert((PhysicalSessionWindow) node, mode);
    }
    if (node instanceof PhysicalFilterProject) {
      PhysicalNode converted = StreamDeduplicateRule.convert(node, mode, deduplication);
      if (converted == null) {
        converted = StreamRankRule.convert(node, mode);
      }
      return converted == null ? node : converted;
    }
    if (node instanceof PhysicalHashJoin || node instanceof PhysicalNestedLoopJoin) {
      JoinSides sides = sides(node);
      PhysicalNode converted = StreamIntervalJoinRule.convert(node, sides);
      if (converted == null) {
        converted = StreamRegularJoinRule.convert(node, sides);
      }
      if (converted == null) {
        converted = StreamTableJoinRule.convert(node, sides);
      }
      return converted == null ? node : converted;
    }
    return node;
  }

  /**
   * Makes {@code replacement}, which stands for {@code node} in the plan as it runs, known to the
   * passes' bookkeeping as {@code node} is; returns the replacement.
   */
  private PhysicalNode alias(PhysicalNode node, PhysicalNode replacement) {
    if (replacement != node) {
      unbounded.put(replacement, unbounded.get(node));
      whyChangelog.put(replacement, whyChangelog.get(node));
      runModes.put(replacement, runModes.get(node));
      sessionChanges.put(replacement, sessionChanges.get(node));
    }
    return replacement;
  }

  /**
   * Whether, in update mode, the node emits windows before they close (a window aggregate's changed
   * groups every batch) or carries such rows up (filters, projections, unions, window assigners):
   * then its rows change after they are emitted although the plan alone would make them final.
   */
  private boolean emitsOpenWindows(PhysicalNode node, StreamOperator operator, OutputMode mode) {
    if (mode != OutputMode.UPDATE) {
      return false;
    }
    if (operator instanceof WindowAggregate) {
      return !((WindowAggregate) operator).overClosedSessions();
    }
    boolean passes = node instanceof PhysicalFilterProject
        || node instanceof PhysicalUnion || node instanceof PhysicalWindowTableFunction;
    boolean inputEmits = false;
    for (PhysicalNode input : node.inputs()) {
      inputEmits |= earlyWindows.getOrDefault(input, false);
    }
    return passes && inputEmits;
  }

  /** Decides the stateful operator of a node that reads a stream, or null when it keeps no state. */
  private StreamOperator operator(PhysicalNode node, OutputMode mode) {
    if (node instanceof PhysicalScan && ChangelogNormalize.applies(((PhysicalScan) node).table())) {
      return new ChangelogNormalize((PhysicalScan) node, (StreamTable) ((PhysicalScan) node).table());
    }
    if (node instanceof PhysicalHashAggregate) {
      PhysicalHashAggregate aggregate = (PhysicalHashAggregate) node;
      WindowKeys.WindowKey window = WindowKeys.windowKey(aggregate);
      if (node instanceof StreamDistinct) {
        return new Distinct((StreamDistinct) node);
      }
      if (window == null) {
        aggregatesWithoutWindow = true;
      } else {
        aggregatesByWindow = true;
        waitsOnWatermark |= mode != OutputMode.COMPLETE;
      }
      if (node instanceof StreamGroupAggregate) {
        return new GroupAggregate((StreamGroupAggregate) node);
      }
      return new WindowAggregate((StreamWindowAggregate) node, window);
    }
    if (node instanceof PhysicalSessionWindow) {
      waitsOnWatermark = true;
      return new SessionWindow((StreamSessionWindow) node);
    }
    if (node instanceof StreamIntervalJoin) {
      return new IntervalJoin((StreamIntervalJoin) node);
    }
    if (node instanceof StreamRegularJoin) {
      return new RegularJoin((StreamRegularJoin) node);
    }
    if (node instanceof StreamTableJoin) {
      return new TableJoin((StreamTableJoin) node);
    }
    if (node instanceof StreamRanking) {
      Rank rank = Rank.of((StreamRanking) node);
      waitsOnWatermark |= rank.perClosedWindow(mode);
      return rank;
    }
    return null;
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

  /** Whether the node joins two inputs: a hash or nested-loop join, or the stream join a rule made of one. */
  static boolean isJoin(PhysicalNode node) {
    return node instanceof PhysicalHashJoin || node instanceof PhysicalNestedLoopJoin || node instanceof StreamJoin;
  }
}
