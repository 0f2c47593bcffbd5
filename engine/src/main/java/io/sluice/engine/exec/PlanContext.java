package io.sluice.engine.exec;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.engine.stream.BatchRanges;
import io.sluice.optimizer.physical.PhysicalNode;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/** What operator builders get from the plan builder: recursion, compiled code and the query's streaming context. */
public interface PlanContext {
  /** Builds the operators of {@code node} and its inputs. */
  ExecNode build(PhysicalNode node);

  /**
   * Builds the input of a stateful operator: in append mode, since a stateful operator takes
   * only rows that are final (a windowed aggregation below it emits each window once).
   */
  ExecNode buildAppendOnly(PhysicalNode node);

  /**
   * Builds the input of an operator that takes a changelog (an aggregation that retracts): in
   * update mode, so that operators below emit {@code -U}/{@code +U} and {@code -D} rows rather
   * than their whole result every batch.
   */
  ExecNode buildChangelog(PhysicalNode node);

  /** Compiles a filter/projection program (generated code; literals become constants). */
  FilterProject compile(RelDataType inputType, RexNode condition, List<RexNode> projects, RelDataType outputType);

  /** Compiles a condition over the concatenated row of a join pair. */
  JoinCondition condition(RelDataType pairType, RexNode condition);

  /** The continuous query's batch ranges and watermark; null for a bounded query. */
  BatchRanges ranges();

  /** The output mode of the operator being built (append below stateful operators); null for a bounded query. */
  OutputMode mode();

  /** Registers a stateful operator, whose state progress reports; returns it. */
  <T extends OperatorState> T stateful(T operator);

  /**
   * Says that an operator keeps state until the watermark passes it: from then on source scans
   * drop rows older than the watermark (late rows), so state the watermark released is never
   * needed again.
   */
  void waitsOnWatermark();
}
