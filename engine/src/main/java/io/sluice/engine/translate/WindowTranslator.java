package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.runtime.operator.WindowOperator;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalWindow;
import java.util.List;

/** Lowers window functions (OVER) over a bounded input; over a stream only a Top-N's ranking runs, as part of the Top-N. */
final class WindowTranslator {
  private WindowTranslator() {}

  static OperatorNode translate(PhysicalWindow node, PlanTranslator plan) {
    if (plan.streaming(node)) {
      throw new IllegalStateException("an OVER window over a stream that is not a Top-N's ranking (StreamChecker"
          + " refuses it)");
    }
    OperatorNode input = plan.build(node.input(0));
    List<DataType> inputTypes = TypeMapping.toDataTypes(node.input(0).rowType());
    WindowSpecs specs = new WindowSpecs(node, inputTypes);
    return OperatorNode.of(new WindowOperator(inputTypes, specs.partitionKeys(), specs.orderKeys(), specs.functions()),
        plan.ranges(), input);
  }
}
