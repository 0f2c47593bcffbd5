package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.physical.StreamWindowAggregate;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.operator.GroupAggregateOperator;
import io.sluice.runtime.operator.HashAggregateOperator;
import java.util.List;

/**
 * Lowers a {@link StreamWindowAggregate} as its decisions say: by window, emitted when the
 * watermark passes the window (or its changed groups every batch in update mode); in complete mode
 * every window kept in one table; over closed sessions a plain hash aggregation of each batch.
 */
final class WindowAggregateTranslator {
  private WindowAggregateTranslator() {}

  static OperatorNode translate(StreamWindowAggregate node, PlanTranslator plan) {
    List<DataType> inputTypes = HashAggregateTranslator.inputTypes(node);
    List<AggregateSpec> specs = HashAggregateTranslator.aggregateSpecs(node, inputTypes);
    int[] keys = node.groupKeys();
    OperatorNode twoPhase = TwoPhaseWindowAggregation.over(node, inputTypes, specs, plan);
    if (twoPhase != null) {
      return twoPhase;
    }
    OperatorNode input = plan.build(node.input(0));
    if (node.complete()) {
      // complete mode keeps every window: the groups of all windows in one table, whole every batch
      return plan.stateful(OperatorNode.stateful(new GroupAggregateOperator(node.operatorName(), inputTypes,
          keys, specs, OutputMode.COMPLETE, plan.ranges().stateTtlMillis(), false, -1), plan.ranges(), input));
    }
    if (node.overClosedSessions()) {
      return OperatorNode.of(new HashAggregateOperator(node.operatorName(), inputTypes, keys, specs,
          plan.spillSpace()), plan.ranges(), input);
    }
    // group keys that are the window's start or end are the same for every row of a window:
    // each window's table groups by the other keys only
    return plan.stateful(OperatorNode.stateful(TwoPhaseWindowAggregation.newOperator(node, inputTypes, specs, plan),
        plan.ranges(), input));
  }
}
