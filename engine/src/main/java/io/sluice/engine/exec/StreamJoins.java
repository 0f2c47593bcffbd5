package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.kernel.IntervalJoiner;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.kernel.JoinKind;
import io.sluice.runtime.operator.IntervalJoinOperator;
import io.sluice.runtime.operator.StreamTableJoinOperator;
import io.sluice.engine.stream.SourceTable;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Joins in continuous queries: stream–table joins and stream–stream interval and window joins.
 *
 * <p>Every join that runs emits final rows only: a stream–table join emits each stream row's
 * result when the row arrives, and a join of two streams emits a pair when its second row
 * arrives and an unmatched outer row once the watermark shows that nothing can match it any
 * more. Joins that would have to take rows back later, or keep state forever, are refused when
 * the query is built, with the reason and what to write instead.
 */
public final class StreamJoins {
  private StreamJoins() {}

  /**
   * Why the join's output changes after it is emitted, or null when it emits final rows only.
   * Always null: joins that could not emit final rows are refused by {@link #build}; a join's
   * changelog inputs are reported by the caller's walk over the inputs (and refused too).
   */
  static String whyNotAppendOnly(PhysicalNode join) {
    return null;
  }

  /** Builds the operator of a join (hash or nested loop) that reads a stream on at least one side. */
  public static ExecNode build(PlanContext context, PhysicalNode node) {
    JoinSpec join = JoinSpec.of(node);
    boolean leftStreams = StreamTraits.readsStreams(join.left());
    boolean rightStreams = StreamTraits.readsStreams(join.right());
    if (leftStreams) {
      refuseChangelog(context, join.left());
    }
    if (rightStreams) {
      refuseChangelog(context, join.right());
    }
    if (leftStreams && rightStreams) {
      return streamStream(context, join);
    }
    return streamTable(context, join, leftStreams);
  }

  private static void refuseChangelog(PlanContext context, PhysicalNode input) {
    String why = StreamTraits.whyNotAppendOnly(input);
    if (why != null && isDistinctOfStream(input)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "This join reads the distinct values of " + describe(input)
          + " (as IN or EXISTS over a stream, or a GROUP BY without aggregates, does), which change as stream rows"
          + " arrive, so the join could never emit final rows. Join the stream itself instead (e.g. SELECT DISTINCT"
          + " t.* FROM t JOIN s ON ...), or put the stream in the outer query and the table in the subquery.");
    }
    if (why != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, why + ", and a join over such a changelog input (rows that"
          + " are updated or retracted later) is not supported yet. Make the join's inputs append-only, e.g."
          + " aggregate by window (TUMBLE, HOP) so that each row is final when emitted.");
    }
  }

  /** The tables the bounded side of a stream–table join scans. */
  private static void collectTables(PhysicalNode node, List<io.sluice.catalog.connector.Table> tables) {
    if (node instanceof io.sluice.optimizer.physical.PhysicalScan) {
      tables.add(((io.sluice.optimizer.physical.PhysicalScan) node).table());
    }
    for (PhysicalNode input : node.inputs()) {
      collectTables(input, tables);
    }
  }

  /** Whether the input is the distinct values of a stream (how IN subqueries are decorrelated), under projections. */
  private static boolean isDistinctOfStream(PhysicalNode input) {
    PhysicalNode node = input;
    while (node instanceof PhysicalFilterProject) {
      node = node.input(0);
    }
    return node instanceof PhysicalHashAggregate && ((PhysicalHashAggregate) node).aggregates().isEmpty()
        && StreamTraits.windowKey((PhysicalHashAggregate) node) == null;
  }

  private static ExecNode streamTable(PlanContext context, JoinSpec join, boolean streamLeft) {
    JoinKind kind = JoinKinds.of(join.type());
    PhysicalNode streamInput = streamLeft ? join.left() : join.right();
    PhysicalNode tableInput = streamLeft ? join.right() : join.left();
    boolean tablePreserved = streamLeft ? kind == JoinKind.RIGHT || kind == JoinKind.FULL
        : kind == JoinKind.LEFT || kind == JoinKind.FULL;
    if (tablePreserved) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "This " + join.typeName() + " JOIN keeps every row of "
          + describe(tableInput) + " (bounded) even without a match in " + describe(streamInput) + ", but whether a"
          + " table row ever finds a match depends on stream rows that have not arrived yet, so its NULL-padded"
          + " row could never be emitted as final. Preserve the stream instead (stream LEFT JOIN table), or use"
          + " an INNER JOIN.");
    }
    if (!streamLeft && (kind == JoinKind.SEMI || kind == JoinKind.ANTI)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "This query keeps rows of " + describe(tableInput)
          + " by whether " + describe(streamInput) + " has a match (IN or EXISTS over a stream), which changes as"
          + " stream rows arrive, so no result would be final. Join the stream itself instead (e.g. SELECT"
          + " DISTINCT t.* FROM t JOIN s ON ...), or put the stream in the outer query and the table in the"
          + " subquery.");
    }
    ExecNode stream = context.buildAppendOnly(streamInput);
    ExecNode table = context.buildAppendOnly(tableInput);
    List<DataType> leftTypes = TypeMapping.toDataTypes(join.left().rowType());
    List<DataType> rightTypes = TypeMapping.toDataTypes(join.right().rowType());
    JoinCondition residual = join.residual() == null ? null : context.condition(join.pairType(), join.residual());
    HashJoiner.BuildSide buildSide = streamLeft ? HashJoiner.BuildSide.RIGHT : HashJoiner.BuildSide.LEFT;
    java.util.function.Supplier<HashJoiner> joiners = () -> join.leftKeys().length == 0
        ? HashJoiner.nestedLoop(kind, leftTypes, rightTypes, buildSide, residual)
        : new HashJoiner(kind, leftTypes, rightTypes, join.leftKeys(), join.rightKeys(), buildSide, residual);
    List<io.sluice.catalog.connector.Table> tables = new java.util.ArrayList<>();
    collectTables(tableInput, tables);
    java.util.function.Supplier<Object> versions = () -> {
      List<Object> all = new java.util.ArrayList<>();
      for (io.sluice.catalog.connector.Table t : tables) {
        Object v = t.version();
        if (v == null) {
          return null; // a table that cannot tell: read once
        }
        all.add(v);
      }
      return all;
    };
    String name = "StreamTableJoin " + kind.name().toLowerCase(Locale.ROOT);
    StreamTableJoinOperator operator = new StreamTableJoinOperator(name, joiners, versions,
        streamLeft ? "right" : "left");
    return context.stateful(OperatorNode.stateful(operator, context.ranges(), List.of(table, stream),
        streamLeft ? List.of(stream, table) : List.of(table, stream)));
  }

  private static ExecNode streamStream(PlanContext context, JoinSpec join) {
    JoinKind kind = JoinKinds.of(join.type());
    if (kind == JoinKind.SEMI || kind == JoinKind.ANTI) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "IN or EXISTS with a subquery over a stream, on a stream"
          + " (a " + join.typeName() + " join of two streams), is not supported yet. Write it as a join bounded by"
          + " event time, e.g. SELECT DISTINCT a.* FROM a JOIN b ON a.k = b.k AND a.ts BETWEEN b.ts - INTERVAL"
          + " '5' SECOND AND b.ts.");
    }
    TimeBounds.Derived derived;
    try {
      derived = TimeBounds.derive(join);
    } catch (SluiceException e) {
      String left = describe(join.left());
      String right = describe(join.right());
      boolean swap = left.compareTo(right) > 0; // the planner may have swapped the inputs: name them as written
      throw new SluiceException(e.code(), "Cannot join " + (swap ? right : left) + " and " + (swap ? left : right)
          + " incrementally. " + e.getMessage());
    }
    ExecNode left = context.buildAppendOnly(join.left());
    ExecNode right = context.buildAppendOnly(join.right());
    List<DataType> leftTypes = TypeMapping.toDataTypes(join.left().rowType());
    List<DataType> rightTypes = TypeMapping.toDataTypes(join.right().rowType());
    JoinCondition residual = join.residual() == null ? null : context.condition(join.pairType(), join.residual());
    context.waitsOnWatermark();
    IntervalJoiner joiner = new IntervalJoiner(kind, leftTypes, rightTypes, join.leftKeys(), join.rightKeys(),
        derived.bound(), derived.leftRelease(), derived.rightRelease(), residual);
    String name = (derived.window() ? "WindowJoin " : "IntervalJoin ") + kind.name().toLowerCase(Locale.ROOT);
    return context.stateful(OperatorNode.stateful(new IntervalJoinOperator(name, joiner,
        explainRelease(join, kind, derived)), context.ranges(), left, right));
  }

  /**
   * For EXPLAIN: when each input's rows are released, in the user's names ("rows of stream
   * 'auction' released when the watermark passes auction.expires"), and when an outer join's
   * unmatched rows come out. Inputs are named, not called left and right: the planner may have
   * swapped them.
   */
  private static String explainRelease(JoinSpec join, JoinKind kind, TimeBounds.Derived derived) {
    String left = describe(join.left());
    String right = describe(join.right());
    String text = "rows of " + left + " released when the watermark passes " + derived.leftReleaseText()
        + ", rows of " + right + " when it passes " + derived.rightReleaseText();
    switch (kind) {
      case LEFT:
        return text + "; unmatched rows of " + left + " emitted padded with NULLs then";
      case RIGHT:
        return text + "; unmatched rows of " + right + " emitted padded with NULLs then";
      case FULL:
        return text + "; unmatched rows of both emitted padded with NULLs then";
      default:
        return text;
    }
  }

  /** "stream s", "table t", or the names of what an input reads, for messages. */
  private static String describe(PhysicalNode input) {
    Set<String> names = new LinkedHashSet<>();
    collectScans(input, names);
    if (names.isEmpty()) {
      return "a bounded input";
    }
    if (names.size() == 1) {
      return names.iterator().next();
    }
    return "the input reading " + String.join(", ", names);
  }

  private static void collectScans(PhysicalNode node, Set<String> names) {
    if (node instanceof PhysicalScan) {
      PhysicalScan scan = (PhysicalScan) node;
      names.add((scan.table() instanceof SourceTable ? "stream '" : "table '") + scan.tableName() + "'");
    }
    for (PhysicalNode input : node.inputs()) {
      collectScans(input, names);
    }
  }
}
