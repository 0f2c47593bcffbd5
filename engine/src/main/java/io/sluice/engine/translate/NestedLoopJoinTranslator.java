package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.engine.exec.ExecNode;
import io.sluice.engine.exec.JoinKinds;
import io.sluice.engine.exec.NestedLoopJoinOperator;
import io.sluice.engine.exec.StreamJoins;
import io.sluice.engine.operator.JoinCondition;
import io.sluice.engine.operator.JoinKind;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalNestedLoopJoin;
import java.util.List;

/** Lowers a join without equal keys: a nested loop over bounded inputs, or over a stream the stream join it makes. */
final class NestedLoopJoinTranslator {
  private NestedLoopJoinTranslator() {}

  static ExecNode translate(PhysicalNestedLoopJoin node, PlanTranslator plan) {
    if (plan.streaming(node)) {
      return StreamJoins.build(plan, node);
    }
    ExecNode left = plan.build(node.input(0));
    ExecNode right = plan.build(node.input(1));
    JoinCondition condition = node.condition() == null ? null : plan.condition(node.pairRowType(), node.condition());
    List<DataType> leftTypes = TypeMapping.toDataTypes(node.input(0).rowType());
    List<DataType> rightTypes = TypeMapping.toDataTypes(node.input(1).rowType());
    JoinKind kind = JoinKinds.of(node.joinType());
    return new NestedLoopJoinOperator(left, right, kind, leftTypes, rightTypes, condition);
  }
}
