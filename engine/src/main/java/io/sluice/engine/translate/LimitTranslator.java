package io.sluice.engine.translate;

import io.sluice.engine.exec.ExecNode;
import io.sluice.engine.exec.LimitOperator;
import io.sluice.optimizer.physical.PhysicalLimit;

/** Lowers a LIMIT/OFFSET without ORDER BY of a bounded input (StreamChecker refuses one over a stream). */
final class LimitTranslator {
  private LimitTranslator() {}

  static ExecNode translate(PhysicalLimit node, PlanTranslator plan) {
    ExecNode input = plan.build(node.input(0));
    return new LimitOperator(input, node.offset(), node.limit());
  }
}
