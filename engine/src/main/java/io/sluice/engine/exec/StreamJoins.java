package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.kernel.IntervalJoiner;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.kernel.JoinKind;
import io.sluice.runtime.kernel.RegularJoiner;
import io.sluice.runtime.operator.IntervalJoinOperator;
import io.sluice.runtime.operator.RegularJoinOperator;
import io.sluice.runtime.operator.StreamTableJoinOperator;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.stream.JoinSpec;
import io.sluice.optimizer.stream.RegularJoin;
import io.sluice.optimizer.stream.StreamOperator;
import io.sluice.optimizer.stream.TimeBounds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the operators of joins in continuous queries as the optimizer decided them
 * ({@link io.sluice.optimizer.stream.StreamTableJoin}, {@link io.sluice.optimizer.stream.IntervalJoin}); the refusals of joins
 * that cannot run on a stream are {@link io.sluice.optimizer.stream.StreamChecker}'s.
 *
 * <p>A stream–table join emits each stream row's result when the row arrives, and an interval
 * join of two streams emits a pair when its second row arrives and an unmatched outer row once the
 * watermark shows that nothing can match it any more: final rows only. A regular join of two
 * streams (no time bound) emits a changelog ({@link RegularJoiner}).
 */
public final class StreamJoins {
  private StreamJoins() {}

  /** Builds the operator of a join (hash or nested loop) that reads a stream on at least one side. */
  public static ExecNode build(PlanContext context, PhysicalNode node) {
    StreamOperator operator = context.traits(node).operator();
    String name = operator == null ? null : operator.operatorName(context.traits(node).runMode());
    if (operator instanceof io.sluice.optimizer.stream.IntervalJoin) {
      return streamStream(context, (io.sluice.optimizer.stream.IntervalJoin) operator, name);
    }
    if (operator instanceof RegularJoin) {
      return regular(context, ((RegularJoin) operator).join(), name);
    }
    if (operator instanceof io.sluice.optimizer.stream.StreamTableJoin) {
      io.sluice.optimizer.stream.StreamTableJoin decided = (io.sluice.optimizer.stream.StreamTableJoin) operator;
      return streamTable(context, decided.join(), decided.streamLeft(), name);
    }
    throw new IllegalStateException("no stream join decided for " + node.name());
  }

  /** The tables the bounded side of a stream–table join scans. */
  private static void collectTables(PhysicalNode node, List<io.sluice.catalog.connector.Table> tables) {
    if (node instanceof PhysicalScan) {
      tables.add(((PhysicalScan) node).table());
    }
    for (PhysicalNode input : node.inputs()) {
      collectTables(input, tables);
    }
  }

  private static ExecNode streamTable(PlanContext context, JoinSpec join, boolean streamLeft, String name) {
    JoinKind kind = JoinKinds.of(join.type());
    PhysicalNode streamInput = streamLeft ? join.left() : join.right();
    PhysicalNode tableInput = streamLeft ? join.right() : join.left();
    ExecNode stream = context.build(streamInput);
    ExecNode table = context.build(tableInput);
    List<DataType> leftTypes = TypeMapping.toDataTypes(join.left().rowType());
    List<DataType> rightTypes = TypeMapping.toDataTypes(join.right().rowType());
    JoinCondition residual = join.residual() == null ? null : context.condition(join.pairType(), join.residual());
    HashJoiner.BuildSide buildSide = streamLeft ? HashJoiner.BuildSide.RIGHT : HashJoiner.BuildSide.LEFT;
    Supplier<HashJoiner> joiners = () -> join.leftKeys().length == 0
        ? HashJoiner.nestedLoop(kind, leftTypes, rightTypes, buildSide, residual)
        : new HashJoiner(kind, leftTypes, rightTypes, join.leftKeys(), join.rightKeys(), buildSide, residual);
    List<io.sluice.catalog.connector.Table> tables = new ArrayList<>();
    collectTables(tableInput, tables);
    Supplier<Object> versions = () -> {
      List<Object> all = new ArrayList<>();
      for (io.sluice.catalog.connector.Table t : tables) {
        Object v = t.version();
        if (v == null) {
          return null; // a table that cannot tell: read once
        }
        all.add(v);
      }
      return all;
    };
    StreamTableJoinOperator operator = new StreamTableJoinOperator(name, joiners, versions,
        streamLeft ? "right" : "left");
    return context.stateful(OperatorNode.stateful(operator, context.ranges(), List.of(table, stream),
        streamLeft ? List.of(stream, table) : List.of(table, stream)));
  }

  private static ExecNode streamStream(PlanContext context, io.sluice.optimizer.stream.IntervalJoin decided,
      String name) {
    JoinSpec join = decided.join();
    TimeBounds.Derived derived = decided.bound();
    JoinKind kind = JoinKinds.of(join.type());
    ExecNode left = context.build(join.left());
    ExecNode right = context.build(join.right());
    List<DataType> leftTypes = TypeMapping.toDataTypes(join.left().rowType());
    List<DataType> rightTypes = TypeMapping.toDataTypes(join.right().rowType());
    JoinCondition residual = join.residual() == null ? null : context.condition(join.pairType(), join.residual());
    IntervalJoiner joiner = new IntervalJoiner(kind, leftTypes, rightTypes, join.leftKeys(), join.rightKeys(),
        derived.bound(), derived.leftRelease(), derived.rightRelease(), residual);
    return context.stateful(OperatorNode.stateful(new IntervalJoinOperator(name, joiner), context.ranges(), left, right));
  }

  private static ExecNode regular(PlanContext context, JoinSpec join, String name) {
    ExecNode left = context.build(join.left());
    ExecNode right = context.build(join.right());
    List<DataType> leftTypes = TypeMapping.toDataTypes(join.left().rowType());
    List<DataType> rightTypes = TypeMapping.toDataTypes(join.right().rowType());
    JoinCondition residual = join.residual() == null ? null : context.condition(join.pairType(), join.residual());
    RegularJoiner joiner = new RegularJoiner(JoinKinds.of(join.type()), leftTypes, rightTypes, join.leftKeys(),
        join.rightKeys(), residual);
    RegularJoinOperator operator = new RegularJoinOperator(name, joiner, context.ranges().stateTtlMillis());
    return context.stateful(OperatorNode.stateful(operator, context.ranges(), left, right));
  }
}
