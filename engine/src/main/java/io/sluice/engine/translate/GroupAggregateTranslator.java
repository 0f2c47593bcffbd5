package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.engine.exec.ParallelScanOperator;
import io.sluice.engine.exec.PartialAggregation;
import io.sluice.optimizer.physical.StreamGroupAggregate;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.PartialResults;
import io.sluice.runtime.operator.GroupAggregateOperator;
import java.util.List;

/**
 * Lowers a {@link StreamGroupAggregate} to the operator that keeps one row of state per group,
 * as the node's decisions say: its name, output mode, whether its input retracts and which key
 * bounds its groups.
 */
final class GroupAggregateTranslator {
  private GroupAggregateTranslator() {}

  static OperatorNode translate(StreamGroupAggregate node, PlanTranslator plan) {
    List<DataType> inputTypes = HashAggregateTranslator.inputTypes(node);
    List<AggregateSpec> specs = HashAggregateTranslator.aggregateSpecs(node, inputTypes);
    OperatorNode input = plan.build(node.input(0));
    boolean twoPhase = twoPhase(node, input, inputTypes, specs, plan);
    GroupAggregateOperator operator = new GroupAggregateOperator(node.operatorName(), inputTypes,
        node.groupKeys(), specs, node.mode(), plan.ranges().stateTtlMillis(), node.retractingInput(),
        node.sessionEndKey(), plan.ranges().diskState());
    if (twoPhase) {
      // the workers aggregate each split's rows; this operator merges their groups into its state
      input = ParallelScanOperator.withStage(input, "PartialAggregate",
          () -> PartialAggregation.ofPartialResults(inputTypes, node.groupKeys(), specs),
          PartialAggregation.partialResultTypes(inputTypes, node.groupKeys(), specs));
      operator.mergingPartials();
    }
    if (node.sessionEndKey() >= 0) {
      operator.keepSessionGroupsFor(plan.ranges().windowEmit()); // as long as the sessions below wait for late rows
    }
    return plan.stateful(OperatorNode.stateful(operator, plan.ranges(), input));
  }

  /**
   * Whether the aggregation runs in two phases: over a scan read by workers, append-only, on the
   * heap, without sessions, with aggregates whose partial results merge exactly.
   */
  private static boolean twoPhase(StreamGroupAggregate node, OperatorNode input, List<DataType> inputTypes,
      List<AggregateSpec> specs, PlanTranslator plan) {
    return input.operator() instanceof ParallelScanOperator && !node.retractingInput() && node.sessionEndKey() < 0
        && plan.ranges().diskState() == null && PartialResults.mergeable(inputTypes, specs);
  }
}
