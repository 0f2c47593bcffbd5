package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.engine.exec.ExecNode;
import io.sluice.engine.exec.HashJoinOperator;
import io.sluice.engine.exec.JoinKinds;
import io.sluice.engine.exec.NestedLoopJoinOperator;
import io.sluice.engine.exec.StreamJoins;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.kernel.JoinKind;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalHashJoin;
import io.sluice.optimizer.physical.PhysicalNestedLoopJoin;
import io.sluice.optimizer.physical.PhysicalNode;
import java.util.List;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * Lowers the two join node kinds: a hash join (equal keys) or a nested loop of bounded inputs,
 * or over a stream the stream join either makes ({@link StreamJoins} tells which).
 */
final class JoinTranslator {
  private JoinTranslator() {}

  /** A bounded join's inputs, running, and its condition over the pair row (null for none). */
  private record Sides(ExecNode left, ExecNode right, JoinCondition condition, List<DataType> leftTypes,
      List<DataType> rightTypes, JoinKind kind) {}

  static ExecNode translate(PhysicalHashJoin node, PlanTranslator plan) {
    if (plan.streaming(node)) {
      return StreamJoins.build(plan, node);
    }
    Sides sides = sides(node, node.joinType(), node.pairRowType(), node.residual(), plan);
    return new HashJoinOperator(sides.left(), sides.right(), sides.kind(), sides.leftTypes(), sides.rightTypes(),
        node.leftKeys(), node.rightKeys(), node.buildSide() == PhysicalHashJoin.BuildSide.LEFT, sides.condition(),
        plan.spillSpace());
  }

  static ExecNode translate(PhysicalNestedLoopJoin node, PlanTranslator plan) {
    if (plan.streaming(node)) {
      return StreamJoins.build(plan, node);
    }
    Sides sides = sides(node, node.joinType(), node.pairRowType(), node.condition(), plan);
    return new NestedLoopJoinOperator(sides.left(), sides.right(), sides.kind(), sides.leftTypes(),
        sides.rightTypes(), sides.condition());
  }

  private static Sides sides(PhysicalNode join, JoinRelType type, RelDataType pairType, RexNode condition,
      PlanTranslator plan) {
    ExecNode left = plan.build(join.input(0));
    ExecNode right = plan.build(join.input(1));
    JoinCondition compiled = condition == null ? null : plan.condition(pairType, condition);
    List<DataType> leftTypes = TypeMapping.toDataTypes(join.input(0).rowType());
    List<DataType> rightTypes = TypeMapping.toDataTypes(join.input(1).rowType());
    JoinKind kind = JoinKinds.of(type);
    return new Sides(left, right, compiled, leftTypes, rightTypes, kind);
  }
}
