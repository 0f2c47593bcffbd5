package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.runtime.operator.WindowAssignOperator;
import io.sluice.runtime.kernel.WindowAssigner;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalWindowTableFunction;
import java.util.List;

/** Lowers TUMBLE, HOP and CUMULATE to the assigner of their windows, bounded or over streams alike. */
final class WindowTableFunctionTranslator {
  private WindowTableFunctionTranslator() {}

  static OperatorNode translate(PhysicalWindowTableFunction node, PlanTranslator plan) {
    return over(node, plan.build(node.input(0)), plan);
  }

  /** The assigner of {@code node}'s windows over {@code input}, the operators of {@code node}'s input. */
  static OperatorNode over(PhysicalWindowTableFunction node, OperatorNode input, PlanTranslator plan) {
    return OperatorNode.of(new WindowAssignOperator(node.name(), assigner(node)), plan.ranges(), input);
  }

  /** A new assigner of {@code node}'s windows (one per thread: it reuses its output batch). */
  static WindowAssigner assigner(PhysicalWindowTableFunction node) {
    List<DataType> inputTypes = TypeMapping.toDataTypes(node.input(0).rowType());
    WindowAssigner assigner;
    switch (node.kind()) {
      case TUMBLE:
        assigner = WindowAssigner.tumble(inputTypes, node.timeColumn(), node.sizeMillis(), node.offsetMillis());
        break;
      case HOP:
        assigner = WindowAssigner.hop(inputTypes, node.timeColumn(), node.sizeMillis(), node.slideMillis(),
            node.offsetMillis());
        break;
      default:
        assigner = WindowAssigner.cumulate(inputTypes, node.timeColumn(), node.sizeMillis(), node.slideMillis(),
            node.offsetMillis());
    }
    return assigner;
  }
}
