package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.engine.exec.ParallelScanOperator;
import io.sluice.engine.exec.PartialAggregation;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.PartialResults;
import io.sluice.runtime.operator.HashAggregateOperator;
import java.util.List;

/**
 * A bounded GROUP BY over a scan read by workers, cut in two phases: each worker aggregates the
 * rows of its splits into partial results ({@link PartialAggregation#ofPartialResults}: an AVG's
 * sum and count, a COUNT's count, a MIN's minimum), and the query's thread merges the splits'
 * groups in split order into exactly the state one thread's aggregation would hold.
 *
 * <p>An aggregation stays in one phase when one of its aggregates cannot be merged so that the
 * result equals one thread's exactly ({@link PartialResults#mergeable}): DISTINCT (a value may be
 * in several splits), a sum of floating-point numbers (the order of additions changes the last
 * digits), a DECIMAL sum wider than a long and SINGLE_VALUE.
 */
final class TwoPhaseAggregation {
  private TwoPhaseAggregation() {}

  /**
   * The aggregation of {@code specs} over {@code input} grouped by {@code keys}, in two phases; or
   * null when {@code input} is not read by workers or an aggregate cannot be merged.
   */
  static OperatorNode over(OperatorNode input, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs,
      PlanTranslator plan) {
    if (!(input.operator() instanceof ParallelScanOperator) || !PartialResults.mergeable(inputTypes, specs)) {
      return null;
    }
    OperatorNode partial = ParallelScanOperator.withStage(input, "PartialAggregate",
        () -> PartialAggregation.ofPartialResults(inputTypes, keys, specs),
        PartialAggregation.partialResultTypes(inputTypes, keys, specs));
    return OperatorNode.of(new HashAggregateOperator("FinalAggregate", inputTypes, keys, specs, plan.spillSpace())
        .mergingPartials(), plan.ranges(), partial);
  }
}
