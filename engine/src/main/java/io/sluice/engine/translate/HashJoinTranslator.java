package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.engine.exec.ExecNode;
import io.sluice.engine.exec.HashJoinOperator;
import io.sluice.engine.exec.JoinKinds;
import io.sluice.engine.exec.StreamJoins;
import io.sluice.engine.operator.JoinCondition;
import io.sluice.engine.operator.JoinKind;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalHashJoin;
import java.util.List;

/** Lowers an equi-join: a hash join of bounded inputs, or over a stream the stream join it makes. */
final class HashJoinTranslator {
  private HashJoinTranslator() {}

  static ExecNode translate(PhysicalHashJoin node, PlanTranslator plan) {
    if (plan.streaming(node)) {
      return StreamJoins.build(plan, node);
    }
    ExecNode left = plan.build(node.input(0));
    ExecNode right = plan.build(node.input(1));
    JoinCondition residual = node.residual() == null ? null : plan.condition(node.pairRowType(), node.residual());
    List<DataType> leftTypes = TypeMapping.toDataTypes(node.input(0).rowType());
    List<DataType> rightTypes = TypeMapping.toDataTypes(node.input(1).rowType());
    JoinKind kind = JoinKinds.of(node.joinType());
    return new HashJoinOperator(left, right, kind, leftTypes, rightTypes, node.leftKeys(), node.rightKeys(),
        node.buildSide() == PhysicalHashJoin.BuildSide.LEFT, residual);
  }
}
