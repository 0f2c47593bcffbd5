package io.sluice.engine.translate;

import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalLimit;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.operator.LimitOperator;
import io.sluice.runtime.operator.SortOperator;
import java.util.List;

/**
 * Lowers a LIMIT/OFFSET without ORDER BY: of a bounded input, by stopping the input once it has
 * its rows; over a stream (a complete-mode result, the only place StreamChecker allows one) each
 * batch's result is cut, since stopping the input would cut a batch short.
 */
final class LimitTranslator {
  private LimitTranslator() {}

  static OperatorNode translate(PhysicalLimit node, PlanTranslator plan) {
    OperatorNode input = plan.build(node.input(0));
    if (plan.streaming(node)) {
      return OperatorNode.of(new SortOperator(node.name(), TypeMapping.toDataTypes(node.rowType()),
          List.<SortKey>of(), node.offset(), node.limit(), plan.spillSpace()), plan.ranges(), input);
    }
    return OperatorNode.of(new LimitOperator(node.offset(), node.limit()), plan.ranges(), input);
  }
}
