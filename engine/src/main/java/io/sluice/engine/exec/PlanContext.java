package io.sluice.engine.exec;

import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.stream.StreamTraits;
import io.sluice.runtime.parallel.WorkerPool;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/** What operator builders get from the plan builder: recursion, compiled code and the query's streaming context. */
public interface PlanContext {
  /** Builds the operators of {@code node} and its inputs. */
  ExecNode build(PhysicalNode node);

  /**
   * What the optimizer decided for {@code node} of a continuous query: the output mode it runs
   * in (append below operators that take only final rows), the operator it runs as and that
   * operator's decisions. Operators obey these; they never read the plan to decide.
   */
  StreamTraits traits(PhysicalNode node);

  /** Compiles a filter/projection program (generated code; literals become constants). */
  FilterProject compile(RelDataType inputType, RexNode condition, List<RexNode> projects, RelDataType outputType);

  /**
   * Compiles a filter/projection program as {@link #compile} does, and returns a maker of
   * instances of it: one per worker thread, as an instance keeps its output buffers.
   */
  Supplier<FilterProject> compileForWorkers(RelDataType inputType, RexNode condition, List<RexNode> projects,
      RelDataType outputType);

  /** How many worker threads run the parts of a batch that can run at once; 1 runs all on the query's thread. */
  int parallelism();

  /** The plan's worker threads, started on first use and stopped with the plan ({@link ExecutionPlan#close}). */
  WorkerPool workers();

  /** Compiles a condition over the concatenated row of a join pair. */
  JoinCondition condition(RelDataType pairType, RexNode condition);

  /** The continuous query's batch ranges and watermark; null for a bounded query. */
  BatchRanges ranges();

  /** Where the plan's sorts, aggregations and joins spill what does not fit in memory. */
  io.sluice.runtime.spill.SpillSpace spillSpace();

  /** Registers a stateful operator, whose state progress reports; returns it. */
  <T extends OperatorState> T stateful(T operator);
}
