package io.sluice.engine.translate;

import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.physical.PhysicalAssertSingleValue;
import io.sluice.runtime.operator.AssertSingleValueOperator;

/** Lowers the check that a scalar subquery gives at most one row. */
final class AssertSingleValueTranslator {
  private AssertSingleValueTranslator() {}

  static OperatorNode translate(PhysicalAssertSingleValue node, PlanTranslator plan) {
    OperatorNode input = plan.build(node.input(0));
    return OperatorNode.of(new AssertSingleValueOperator(node.countColumn()), plan.ranges(), input);
  }
}
