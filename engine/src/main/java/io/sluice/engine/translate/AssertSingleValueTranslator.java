package io.sluice.engine.translate;

import io.sluice.engine.exec.AssertSingleValueOperator;
import io.sluice.engine.exec.ExecNode;
import io.sluice.optimizer.physical.PhysicalAssertSingleValue;

/** Lowers the check that a scalar subquery gives at most one row. */
final class AssertSingleValueTranslator {
  private AssertSingleValueTranslator() {}

  static ExecNode translate(PhysicalAssertSingleValue node, PlanTranslator plan) {
    ExecNode input = plan.build(node.input(0));
    return new AssertSingleValueOperator(input, node.countColumn());
  }
}
