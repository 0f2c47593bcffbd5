package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.engine.exec.ParallelScanOperator;
import io.sluice.engine.exec.WindowPartialAggregation;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalWindowTableFunction;
import io.sluice.optimizer.physical.StreamWindowAggregate;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.PartialResults;
import io.sluice.runtime.operator.WindowAggregateOperator;
import java.util.List;

/**
 * A window aggregation (TUMBLE, HOP, CUMULATE) over a stream scan read by workers, cut in two
 * phases as Flink's local-global aggregation: each worker assigns its split's rows their windows
 * and aggregates them per window and key into partial results ({@link WindowPartialAggregation}),
 * and the window operator on the query's thread merges the splits' groups in split order into
 * exactly the windows, state and output one thread's would hold.
 *
 * <p>Only in append mode on the heap, with aggregates whose partial results merge exactly ({@link
 * PartialResults#mergeable}), when the windows are assigned right over the scan's
 * filter/projection, and when no other branch reads the scan (a shared read runs on the query's
 * thread, where two phases would only add the merge); otherwise the window operator takes the rows on the query's thread as before.
 */
final class TwoPhaseWindowAggregation {
  /**
   * Off unless {@code -Dsluice.window.two-phase=true} (read at each plan): measured quietly, Nexmark
   * q5 at parallelism 2 took 1.6x the CPU of parallelism 1 in two phases (built-in source 4.53 M
   * against 7.08 M rows per CPU-second, wall 1.09 s against 1.15 s; Parquet alike), since a split
   * holds few rows per window and auction and the partials barely shrink them; on CSV the wall
   * time gained was small (4.47 M against 4.17 M rows/s in one phase). On again once the stage
   * passes rows through where pre-aggregating does not shrink them.
   */
  static final String OPTION = "sluice.window.two-phase";

  private TwoPhaseWindowAggregation() {}

  /**
   * The operators of {@code node} (of input columns {@code inputTypes}, computing {@code specs}) in
   * two phases, or null when it runs in one: then nothing of its input has been built.
   */
  static OperatorNode over(StreamWindowAggregate node, List<DataType> inputTypes, List<AggregateSpec> specs,
      PlanTranslator plan) {
    PhysicalNode below = node.input(0);
    if (!Boolean.getBoolean(OPTION) || plan.parallelism() < 2 || !(below instanceof PhysicalWindowTableFunction) || node.complete()
        || node.overClosedSessions() || node.mode() == OutputMode.UPDATE || plan.ranges() == null
        || plan.ranges().diskState() != null || !PartialResults.mergeable(inputTypes, specs)
        || !plan.readByOneBranch(below)) {
      return null;
    }
    PhysicalWindowTableFunction windows = (PhysicalWindowTableFunction) below;
    OperatorNode scan = plan.build(windows.input(0));
    if (!(scan.operator() instanceof ParallelScanOperator) || ((ParallelScanOperator) scan.operator()).hasStage()) {
      return oneAfterTheOther(node, inputTypes, specs, WindowTableFunctionTranslator.over(windows, scan, plan), plan);
    }
    int[] keys = node.groupKeys();
    List<DataType> partialTypes = WindowPartialAggregation.partialResultTypes(inputTypes, keys, specs);
    OperatorNode partial = ParallelScanOperator.withStage(scan, "PartialWindowAggregate",
        () -> WindowPartialAggregation.of(WindowTableFunctionTranslator.assigner(windows), inputTypes, keys, specs),
        partialTypes);
    WindowAggregateOperator operator = newOperator(node, inputTypes, specs, plan)
        .mergingPartials(keys, partialTypes.size());
    return plan.stateful(OperatorNode.stateful(operator, plan.ranges(), partial));
  }

  /** The window operator over the rows of {@code input}, in one phase. */
  private static OperatorNode oneAfterTheOther(StreamWindowAggregate node, List<DataType> inputTypes,
      List<AggregateSpec> specs, OperatorNode input, PlanTranslator plan) {
    return plan.stateful(OperatorNode.stateful(newOperator(node, inputTypes, specs, plan), plan.ranges(), input));
  }

  static WindowAggregateOperator newOperator(StreamWindowAggregate node, List<DataType> inputTypes,
      List<AggregateSpec> specs, PlanTranslator plan) {
    return new WindowAggregateOperator(node.operatorName(), inputTypes, node.groupKeys(), node.windowOffsets(), specs,
        node.windowKey(), node.addToEnd(), node.mode(), plan.ranges().windowEmit(), plan.ranges().diskState());
  }
}
