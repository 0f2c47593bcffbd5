package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.connector.Table;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.physical.StreamTableJoin;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.kernel.JoinKind;
import io.sluice.runtime.operator.StreamTableJoinOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Lowers a {@link StreamTableJoin} to the operator that builds a hash table (or a nested loop
 * without equal keys) of the bounded side, probes it with each stream row as it arrives, and builds
 * it again when one of the node's tables reports a new version.
 */
final class StreamTableJoinTranslator {
  private StreamTableJoinTranslator() {}

  static OperatorNode translate(StreamTableJoin node, PlanTranslator plan) {
    boolean streamLeft = node.streamLeft();
    OperatorNode stream = plan.build(node.streamInput());
    OperatorNode table = plan.build(node.tableInput());
    JoinKind kind = JoinKinds.of(node.joinType());
    List<DataType> leftTypes = JoinTranslator.inputTypes(node, 0);
    List<DataType> rightTypes = JoinTranslator.inputTypes(node, 1);
    JoinCondition residual = JoinTranslator.residual(node, plan);
    int[] leftKeys = node.leftKeys();
    int[] rightKeys = node.rightKeys();
    HashJoiner.BuildSide buildSide = streamLeft ? HashJoiner.BuildSide.RIGHT : HashJoiner.BuildSide.LEFT;
    Supplier<HashJoiner> joiners = () -> leftKeys.length == 0
        ? HashJoiner.nestedLoop(kind, leftTypes, rightTypes, buildSide, residual)
        : new HashJoiner(kind, leftTypes, rightTypes, leftKeys, rightKeys, buildSide, residual);
    StreamTableJoinOperator operator = new StreamTableJoinOperator(node.operatorName(), joiners,
        versions(node.tables()), streamLeft ? "right" : "left");
    return plan.stateful(OperatorNode.stateful(operator, plan.ranges(), List.of(table, stream),
        streamLeft ? List.of(stream, table) : List.of(table, stream)));
  }

  /** The versions of {@code tables} together, or null when one cannot tell its version (then read once). */
  private static Supplier<Object> versions(List<Table> tables) {
    return () -> {
      List<Object> all = new ArrayList<>();
      for (Table t : tables) {
        Object v = t.version();
        if (v == null) {
          return null;
        }
        all.add(v);
      }
      return all;
    };
  }
}
