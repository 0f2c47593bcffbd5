package io.sluice.engine.translate;

import io.sluice.codegen.FilterProjectCompiler;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.engine.exec.FilterProjectOperator;
import io.sluice.engine.exec.ParallelScanOperator;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalScan;
import java.util.function.Supplier;
import org.apache.calcite.plan.RelOptUtil;

/**
 * Lowers a filter/projection to compiled code (over a stream, a filter on a ranking that makes a
 * Top-N or a deduplication is a node of its own: {@link RankTranslator}, {@link DeduplicateTranslator}).
 */
final class FilterProjectTranslator {
  /**
   * A bounded query's input estimated at no more rows than this compiles one loop per expression
   * (see {@link FilterProjectCompiler#compile(org.apache.calcite.rel.type.RelDataType,
   * org.apache.calcite.rex.RexNode, java.util.List, org.apache.calcite.rel.type.RelDataType,
   * io.sluice.runtime.generated.QueryContext, boolean)}). A table of unknown size is estimated at a
   * million rows, so only tables known to be small (in memory, or with statistics) qualify.
   */
  static final double SMALL_INPUT_ROWS = 10_000;

  private FilterProjectTranslator() {}

  static OperatorNode translate(PhysicalFilterProject node, PlanTranslator plan) {
    // a scan below is built bare, so that workers may run this filter/projection over its splits
    OperatorNode input = node.input(0) instanceof PhysicalScan ? ScanTranslator.translate((PhysicalScan) node.input(0), plan)
        : plan.build(node.input(0));
    boolean smallInput = plan.ranges() == null && node.input(0).rows() <= SMALL_INPUT_ROWS;
    FilterProjectCompiler.Compiled program =
        plan.program(node.input(0).rowType(), node.condition(), node.projects(), node.rowType(), smallInput);
    FilterProjectOperator operator = new FilterProjectOperator(node.name(), program.newInstance(),
        node.input(0).rowType().getFieldNames(), TypeMapping.toDataTypes(node.input(0).rowType()),
        RelOptUtil.InputFinder.bits(node.projects(), node.condition()).toArray(), plan.ranges());
    if (plan.parallelism() < 2 || !ParallelScanOperator.splits(input)) {
      return OperatorNode.of(operator, plan.ranges(), input);
    }
    // over a scan that may read in splits: each worker runs its own instance of the compiled code
    Supplier<FilterProject> programs = program::newInstance;
    return ParallelScanOperator.overFilterProject(operator, input, programs, TypeMapping.toDataTypes(node.rowType()),
        plan::workers, plan.parallelism(), plan.ranges());
  }
}
