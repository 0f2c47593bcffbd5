package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.runtime.operator.SetOperationOperator;
import io.sluice.runtime.kernel.SetOperation;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalSetOperation;
import java.util.List;

/** Lowers INTERSECT or EXCEPT of bounded inputs (StreamChecker refuses them over a stream). */
final class SetOperationTranslator {
  private SetOperationTranslator() {}

  static OperatorNode translate(PhysicalSetOperation node, PlanTranslator plan) {
    OperatorNode left = plan.build(node.input(0));
    OperatorNode right = plan.build(node.input(1));
    List<DataType> types = TypeMapping.toDataTypes(node.rowType());
    SetOperation.Kind kind = node.kind() == PhysicalSetOperation.Kind.INTERSECT
        ? SetOperation.Kind.INTERSECT : SetOperation.Kind.EXCEPT;
    return OperatorNode.of(new SetOperationOperator(node.name(), kind, node.all(), types), plan.ranges(), left, right);
  }
}
