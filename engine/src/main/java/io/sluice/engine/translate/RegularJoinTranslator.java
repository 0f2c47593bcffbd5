package io.sluice.engine.translate;

import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.physical.StreamRegularJoin;
import io.sluice.runtime.kernel.RegularJoiner;
import io.sluice.runtime.operator.RegularJoinOperator;

/**
 * Lowers a {@link StreamRegularJoin} to the operator that keeps both inputs' rows (until the
 * state time-to-live, when one is set) and emits a changelog ({@link RegularJoiner}).
 */
final class RegularJoinTranslator {
  private RegularJoinTranslator() {}

  static OperatorNode translate(StreamRegularJoin node, PlanTranslator plan) {
    OperatorNode left = plan.build(node.input(0));
    OperatorNode right = plan.build(node.input(1));
    RegularJoiner joiner = new RegularJoiner(JoinKinds.of(node.joinType()), JoinTranslator.inputTypes(node, 0),
        JoinTranslator.inputTypes(node, 1), node.leftKeys(), node.rightKeys(), JoinTranslator.residual(node, plan));
    RegularJoinOperator operator = new RegularJoinOperator(node.operatorName(), joiner,
        plan.ranges().stateTtlMillis(), plan.ranges().diskState());
    return plan.stateful(OperatorNode.stateful(operator, plan.ranges(), left, right));
  }
}
