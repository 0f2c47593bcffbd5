package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.engine.exec.ExecNode;
import io.sluice.engine.exec.StreamRanks;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.runtime.operator.WindowOperator;
import io.sluice.engine.exec.WindowSpecs;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalWindow;
import java.util.List;

/** Lowers window functions (OVER): evaluated over a bounded input, or over a stream the ranking it makes. */
final class WindowTranslator {
  private WindowTranslator() {}

  static ExecNode translate(PhysicalWindow node, PlanTranslator plan) {
    if (plan.streaming(node)) {
      return StreamRanks.buildWindow(plan, node);
    }
    ExecNode input = plan.build(node.input(0));
    List<DataType> inputTypes = TypeMapping.toDataTypes(node.input(0).rowType());
    WindowSpecs specs = new WindowSpecs(node, inputTypes);
    return OperatorNode.of(new WindowOperator(inputTypes, specs.partitionKeys(), specs.orderKeys(), specs.functions()),
        plan.ranges(), input);
  }
}
