package io.sluice.engine.exec;

import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.PhysicalHashJoin;
import io.sluice.optimizer.physical.PhysicalNestedLoopJoin;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
import io.sluice.optimizer.physical.PhysicalUnion;
import org.apache.calcite.rex.RexNode;

/**
 * The streaming traits of a physical plan, read off the plan: whether it reads a stream, which
 * window an aggregate groups by, whether its rows are final when emitted (append) or change
 * later (changelog), and which nodes emit a changelog of sessions in update mode. The engine
 * decides output modes and EXPLAIN prints traits with these; the translators obey them.
 * Issue 9 moves these decisions into the optimizer; until then they are read here, unchanged.
 */
public final class StreamTraits {
  private StreamTraits() {}

  /** Whether the plan reads a stream source anywhere. */
  public static boolean readsStreams(PhysicalNode plan) {
    if (plan instanceof PhysicalScan && ((PhysicalScan) plan).table() instanceof io.sluice.engine.stream.SourceTable) {
      return true;
    }
    for (PhysicalNode input : plan.inputs()) {
      if (readsStreams(input)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The input column of a windowed aggregate's window: a group key that is window_end, or
   * window_start plus the size to reach the last end a row can have. {@code closedUpstream}
   * when the window operator emits a window's rows only once it is final (SESSION). {@code fixed}
   * when the column's value is the window's end minus {@code addToEnd} for every row (window_end,
   * and window_start of TUMBLE and HOP; not CUMULATE's start, nor a session's bounds). {@code end}
   * when the column is window_end itself (a session's start says nothing of its end).
   */
  public record WindowKey(int column, long addToEnd, boolean closedUpstream, boolean fixed, boolean end) {}

  /** The window an aggregate groups by, or null if it groups by none; its window_end when it groups by that. */
  public static WindowKey windowKey(PhysicalHashAggregate aggregate) {
    WindowKey found = null;
    for (int key : aggregate.groupKeys()) {
      WindowKey k = windowColumn(aggregate.input(0), key, key);
      if (k != null && (found == null || k.end())) {
        found = k;
      }
    }
    return found;
  }

  /**
   * The position among an aggregate's group keys of a session's window_end, or -1: an aggregate
   * over sessions in update mode drops a group once the watermark passes it.
   */
  public static int sessionEndKey(PhysicalHashAggregate aggregate) {
    int[] keys = aggregate.groupKeys();
    for (int i = 0; i < keys.length; i++) {
      WindowKey k = windowColumn(aggregate.input(0), keys[i], keys[i]);
      if (k != null && k.closedUpstream() && k.end()) {
        return i;
      }
    }
    return -1;
  }

  public static WindowKey windowColumn(PhysicalNode node, int column, int inputColumn) {
    if (node instanceof io.sluice.optimizer.physical.PhysicalWindowTableFunction) {
      io.sluice.optimizer.physical.PhysicalWindowTableFunction w =
          (io.sluice.optimizer.physical.PhysicalWindowTableFunction) node;
      if (column == w.windowEndColumn()) {
        return new WindowKey(inputColumn, 0, false, true, true);
      }
      if (column == w.windowStartColumn()) {
        // for CUMULATE the size is the cycle's: rows of one start wait for its last window
        return new WindowKey(inputColumn, w.sizeMillis(), false,
            w.kind() != io.sluice.optimizer.physical.PhysicalWindowTableFunction.Kind.CUMULATE, false);
      }
      return null;
    }
    if (node instanceof PhysicalSessionWindow) {
      PhysicalSessionWindow w = (PhysicalSessionWindow) node;
      boolean bound = column == w.windowStartColumn() || column == w.windowEndColumn();
      return bound ? new WindowKey(inputColumn, 0, true, false, column == w.windowEndColumn()) : null;
    }
    if (node instanceof PhysicalFilterProject) {
      RexNode e = ((PhysicalFilterProject) node).projects().get(column);
      if (e instanceof org.apache.calcite.rex.RexInputRef) {
        return windowColumn(node.input(0), ((org.apache.calcite.rex.RexInputRef) e).getIndex(), inputColumn);
      }
    }
    if (node instanceof PhysicalHashAggregate) {
      // a windowed aggregation's window columns are window columns of its output: it emits each
      // window's rows once, when the watermark passes the window's end
      PhysicalHashAggregate aggregate = (PhysicalHashAggregate) node;
      int[] keys = aggregate.groupKeys();
      if (column < keys.length && windowKey(aggregate) != null) {
        return windowColumn(aggregate.input(0), keys[column], inputColumn);
      }
    }
    return null;
  }

  /**
   * Whether the plan emits rows of a stream only once the watermark passes them: windowed
   * aggregation, or session windows (which close when the watermark passes their end).
   */
  public static boolean needsWatermark(PhysicalNode plan) {
    if (plan instanceof PhysicalSessionWindow && readsStreams(plan)) {
      return true;
    }
    for (PhysicalNode input : plan.inputs()) {
      if (needsWatermark(input)) {
        return true;
      }
    }
    return windowAggregatesStreams(plan);
  }

  /** Whether the plan aggregates a stream by window. */
  public static boolean windowAggregatesStreams(PhysicalNode plan) {
    if (plan instanceof PhysicalHashAggregate && readsStreams(plan)
        && windowKey((PhysicalHashAggregate) plan) != null) {
      return true;
    }
    for (PhysicalNode input : plan.inputs()) {
      if (windowAggregatesStreams(input)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why the rows the plan emits over a stream may change after they are emitted (so it cannot run
   * in append mode), or null when every row is final when emitted.
   */
  public static String whyNotAppendOnly(PhysicalNode plan) {
    if (!readsStreams(plan)) {
      return null;
    }
    if (plan instanceof PhysicalHashAggregate && windowKey((PhysicalHashAggregate) plan) == null) {
      return "This query aggregates a stream without a window, so its rows change as data arrives";
    }
    if (plan instanceof PhysicalFilterProject && StreamRanks.matches((PhysicalFilterProject) plan)) {
      String why = StreamRanks.whyNotAppendOnly((PhysicalFilterProject) plan);
      if (why != null) {
        return why;
      }
    }
    if (plan instanceof PhysicalHashJoin || plan instanceof PhysicalNestedLoopJoin) {
      String why = StreamJoins.whyNotAppendOnly(plan);
      if (why != null) {
        return why;
      }
    }
    for (PhysicalNode input : plan.inputs()) {
      String why = whyNotAppendOnly(input);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  /**
   * A node's streaming traits for EXPLAIN: {@code bounded} when it reads no stream, otherwise
   * {@code stream} with {@code changelog} when the rows it emits can change later, or
   * {@code append} when each row is final when emitted.
   */
  public static String streamTraits(PhysicalNode node) {
    return streamTraits(node, java.util.Set.of());
  }

  /**
   * A node's streaming traits in a query whose nodes {@code updated} emit a changelog because it
   * runs in update mode ({@link #sessionChangelogs}).
   */
  public static String streamTraits(PhysicalNode node, java.util.Set<PhysicalNode> updated) {
    if (!readsStreams(node)) {
      return "bounded";
    }
    if (updated.contains(node)) {
      return "stream, changelog of sessions as they grow";
    }
    return whyNotAppendOnly(node) == null ? "stream, append" : "stream, changelog";
  }

  /**
   * The nodes of {@code plan} that, run in update mode, emit a changelog although their rows
   * could be final (append mode): SESSION windows shown as they grow and merge, and the filters,
   * projections, unions, window assigners and aggregates over sessions that carry those changes
   * up. Operators that take only final rows (joins, other windows) run their inputs in append
   * mode, as the translators do.
   */
  public static java.util.Set<PhysicalNode> sessionChangelogs(PhysicalNode plan) {
    java.util.Set<PhysicalNode> updated = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    markSessionChangelogs(plan, true, updated);
    return updated;
  }

  private static boolean markSessionChangelogs(PhysicalNode node, boolean update, java.util.Set<PhysicalNode> updated) {
    boolean passes = node instanceof PhysicalFilterProject && !StreamRanks.matches((PhysicalFilterProject) node)
        || node instanceof PhysicalUnion || node instanceof io.sluice.optimizer.physical.PhysicalWindowTableFunction;
    WindowKey window = node instanceof PhysicalHashAggregate ? windowKey((PhysicalHashAggregate) node) : null;
    boolean overSessions = window != null && window.closedUpstream();
    boolean inputsUpdate = update && (passes || overSessions);
    boolean inputChanges = false;
    for (PhysicalNode input : node.inputs()) {
      inputChanges |= markSessionChangelogs(input, inputsUpdate, updated);
    }
    boolean changes = update && readsStreams(node)
        && (node instanceof PhysicalSessionWindow || (passes || overSessions) && inputChanges);
    if (changes) {
      updated.add(node);
    }
    return changes;
  }

  /** Whether the plan aggregates a stream without a window: its result changes as rows arrive. */
  public static boolean aggregatesStreams(PhysicalNode plan) {
    if (plan instanceof PhysicalHashAggregate && readsStreams(plan)
        && windowKey((PhysicalHashAggregate) plan) == null) {
      return true;
    }
    for (PhysicalNode input : plan.inputs()) {
      if (aggregatesStreams(input)) {
        return true;
      }
    }
    return false;
  }
}
