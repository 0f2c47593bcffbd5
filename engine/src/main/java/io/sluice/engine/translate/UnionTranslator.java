package io.sluice.engine.translate;

import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalUnion;
import io.sluice.runtime.operator.UnionAllOperator;
import java.util.ArrayList;
import java.util.List;

/** Lowers UNION ALL, bounded or over streams alike. */
final class UnionTranslator {
  private UnionTranslator() {}

  static OperatorNode translate(PhysicalUnion node, PlanTranslator plan) {
    List<OperatorNode> inputs = new ArrayList<>();
    for (PhysicalNode input : node.inputs()) {
      inputs.add(plan.build(input));
    }
    return OperatorNode.of(new UnionAllOperator(), plan.ranges(), inputs, inputs);
  }
}
