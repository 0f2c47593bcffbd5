package io.sluice.engine.translate;

import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.physical.StreamDistinct;
import io.sluice.runtime.operator.DistinctOperator;

/** Lowers a {@link StreamDistinct} to the operator that emits each key of a stream at its first arrival. */
final class DistinctTranslator {
  private DistinctTranslator() {}

  static OperatorNode translate(StreamDistinct node, PlanTranslator plan) {
    OperatorNode input = plan.build(node.input(0));
    return plan.stateful(OperatorNode.stateful(new DistinctOperator(node.operatorName(),
        HashAggregateTranslator.inputTypes(node), node.groupKeys(), plan.ranges().stateTtlMillis(), plan.ranges().diskState()),
        plan.ranges(),
        input));
  }
}
