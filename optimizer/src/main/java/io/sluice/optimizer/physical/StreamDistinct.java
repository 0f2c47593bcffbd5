package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The distinct keys of a stream that only inserts ({@code SELECT DISTINCT}, a GROUP BY without
 * aggregate functions), each emitted once, when it first arrives. Chosen by the planner's
 * streaming rule ({@code io.sluice.optimizer.stream.StreamDistinctRule}).
 */
public final class StreamDistinct extends PhysicalHashAggregate {
  public StreamDistinct(PhysicalNode input, int[] groupKeys, RelDataType rowType, double rows) {
    super(input, groupKeys, List.of(), rowType, rows);
  }

  /**
   * The name of its run-time operator: progress and EXPLAIN show it, and checkpoints keep its
   * state under it, so it must not change.
   */
  public String operatorName() {
    return "Distinct (first arrival)";
  }

  @Override
  public String name() {
    return "Distinct";
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new StreamDistinct(inputs.get(0), groupKeys(), rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
