package io.sluice.engine.translate;

import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.physical.JoinTimeBound;
import io.sluice.optimizer.physical.StreamIntervalJoin;
import io.sluice.runtime.kernel.IntervalJoiner;
import io.sluice.runtime.operator.IntervalJoinOperator;

/**
 * Lowers a {@link StreamIntervalJoin} to the operator that keeps each input's rows until the
 * node's time bound releases them: a pair is emitted when its second row arrives, an outer or anti
 * join's unmatched row once the watermark passes its release time (final rows only). A window join
 * emits all of a window's rows, pairs and unmatched ones, when the window closes.
 */
final class IntervalJoinTranslator {
  private IntervalJoinTranslator() {}

  static OperatorNode translate(StreamIntervalJoin node, PlanTranslator plan) {
    OperatorNode left = plan.build(node.input(0));
    OperatorNode right = plan.build(node.input(1));
    JoinTimeBound bound = node.bound();
    IntervalJoiner joiner = new IntervalJoiner(JoinKinds.of(node.joinType()), JoinTranslator.inputTypes(node, 0),
        JoinTranslator.inputTypes(node, 1), node.leftKeys(), node.rightKeys(), bound.bound(), bound.leftRelease(),
        bound.rightRelease(), JoinTranslator.residual(node, plan));
    long ttl = plan.ranges().stateTtlMillis();
    if (ttl > 0 && (bound.leftKept() || bound.rightKept())) {
      joiner.expireKeptRowsAfter(bound.leftKept(), ttl); // the side no watermark releases
    }
    if (node.windowJoin()) {
      joiner.pairWhenReleased(); // Flink's window join: a window's rows meet when it closes
    }
    return plan.stateful(OperatorNode.stateful(new IntervalJoinOperator(node.operatorName(), joiner,
        plan.ranges().diskState()), plan.ranges(),
        left, right));
  }
}
