package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.engine.exec.ExecNode;
import io.sluice.engine.exec.HashJoinOperator;
import io.sluice.engine.exec.JoinKinds;
import io.sluice.engine.exec.NestedLoopJoinOperator;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalHashJoin;
import io.sluice.optimizer.physical.PhysicalNestedLoopJoin;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.StreamJoin;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.kernel.JoinKind;
import java.util.List;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * Lowers the two join node kinds of bounded plans: a hash join (equal keys) or a nested loop. Over
 * a stream the planner chose a stream join node instead, with its own translator
 * ({@link IntervalJoinTranslator}, {@link RegularJoinTranslator}, {@link StreamTableJoinTranslator}).
 */
final class JoinTranslator {
  private JoinTranslator() {}

  /** A bounded join's inputs, running, and its condition over the pair row (null for none). */
  private record Sides(ExecNode left, ExecNode right, JoinCondition condition, List<DataType> leftTypes,
      List<DataType> rightTypes, JoinKind kind) {}

  static ExecNode translate(PhysicalHashJoin node, PlanTranslator plan) {
    Sides sides = sides(node, node.joinType(), node.pairRowType(), node.residual(), plan);
    return new HashJoinOperator(sides.left(), sides.right(), sides.kind(), sides.leftTypes(), sides.rightTypes(),
        node.leftKeys(), node.rightKeys(), node.buildSide() == PhysicalHashJoin.BuildSide.LEFT, sides.condition(),
        plan.spillSpace());
  }

  static ExecNode translate(PhysicalNestedLoopJoin node, PlanTranslator plan) {
    Sides sides = sides(node, node.joinType(), node.pairRowType(), node.condition(), plan);
    return new NestedLoopJoinOperator(sides.left(), sides.right(), sides.kind(), sides.leftTypes(),
        sides.rightTypes(), sides.condition());
  }

  /** The compiled residual condition of a stream join over its pair row, or null when it has none. */
  static JoinCondition residual(StreamJoin node, PlanTranslator plan) {
    return node.residual() == null ? null : plan.condition(node.pairRowType(), node.residual());
  }

  /** The column types of input {@code side} (0 left, 1 right) of a join. */
  static List<DataType> inputTypes(PhysicalNode join, int side) {
    return TypeMapping.toDataTypes(join.input(side).rowType());
  }

  private static Sides sides(PhysicalNode join, JoinRelType type, RelDataType pairType, RexNode condition,
      PlanTranslator plan) {
    ExecNode left = plan.build(join.input(0));
    ExecNode right = plan.build(join.input(1));
    JoinCondition compiled = condition == null ? null : plan.condition(pairType, condition);
    return new Sides(left, right, compiled, inputTypes(join, 0), inputTypes(join, 1), JoinKinds.of(type));
  }
}
