package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.engine.exec.ParallelScanOperator;
import io.sluice.engine.exec.PartialAggregation;
import io.sluice.runtime.kernel.AggregateKind;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.operator.HashAggregateOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded GROUP BY over a scan read by workers, cut in two phases: each worker aggregates the
 * rows of its splits ({@link PartialAggregation}), and the query's thread merges the splits'
 * groups in split order with a final aggregation. COUNT is merged by summing the counts; SUM,
 * MIN, MAX, BOOL_AND, BOOL_OR and ANY_VALUE by themselves.
 *
 * <p>An aggregation stays in one phase when one of its aggregates cannot be merged so that the
 * result equals one thread's exactly: DISTINCT (a value may be in several splits), AVG, a sum of
 * floating-point numbers (the order of additions changes the last digits) and SINGLE_VALUE.
 */
final class TwoPhaseAggregation {
  private TwoPhaseAggregation() {}

  /**
   * The aggregation of {@code specs} over {@code input} grouped by {@code keys}, in two phases; or
   * null when {@code input} is not read by workers or an aggregate cannot be merged.
   */
  static OperatorNode over(OperatorNode input, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs,
      PlanTranslator plan) {
    if (!(input.operator() instanceof ParallelScanOperator) || !mergeable(specs)) {
      return null;
    }
    List<DataType> partialTypes = new ArrayList<>();
    for (int key : keys) {
      partialTypes.add(inputTypes.get(key));
    }
    List<AggregateSpec> finalSpecs = new ArrayList<>();
    for (int a = 0; a < specs.size(); a++) {
      AggregateSpec spec = specs.get(a);
      partialTypes.add(spec.resultType());
      finalSpecs.add(AggregateSpec.of(mergedBy(spec.kind()), keys.length + a, spec.resultType()));
    }
    int[] finalKeys = new int[keys.length];
    for (int k = 0; k < keys.length; k++) {
      finalKeys[k] = k;
    }
    OperatorNode partial = ParallelScanOperator.withStage(input, "PartialAggregate",
        () -> new PartialAggregation(inputTypes, keys, specs), partialTypes);
    return OperatorNode.of(new HashAggregateOperator("FinalAggregate", partialTypes, finalKeys, finalSpecs,
        plan.spillSpace()), plan.ranges(), partial);
  }

  /** Whether every aggregate of {@code specs} merges from partial results into exactly one thread's result. */
  static boolean mergeable(List<AggregateSpec> specs) {
    for (AggregateSpec spec : specs) {
      if (spec.distinct()) {
        return false;
      }
      switch (spec.kind()) {
        case COUNT_STAR: case COUNT: case MIN: case MAX: case BOOL_AND: case BOOL_OR: case ANY_VALUE:
          break;
        case SUM: case SUM0:
          if (spec.resultType().physical() != PhysicalKind.LONG) {
            return false;
          }
          break;
        default:
          return false;
      }
    }
    return true;
  }

  /** The aggregate that merges partial results of {@code kind}. */
  private static AggregateKind mergedBy(AggregateKind kind) {
    switch (kind) {
      case COUNT_STAR:
      case COUNT:
        return AggregateKind.SUM0;
      default:
        return kind;
    }
  }
}
