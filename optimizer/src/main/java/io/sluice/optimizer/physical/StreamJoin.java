package io.sluice.optimizer.physical;

import java.util.Locale;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A join that reads a stream on at least one side, as the planner's streaming rules chose to run
 * it: what every keyed join carries ({@link KeyedJoin}: type, keys, the rest of the condition), the
 * name of its operator, and one EXPLAIN line that shows the decisions of its kind.
 */
public abstract class StreamJoin extends KeyedJoin {
  protected StreamJoin(PhysicalNode left, PhysicalNode right, JoinRelType joinType, int[] leftKeys, int[] rightKeys,
      @Nullable RexNode residual, RelDataType pairRowType, RelDataType rowType, double rows) {
    super(left, right, joinType, leftKeys, rightKeys, residual, pairRowType, rowType, rows);
  }

  /**
   * The name of its run-time operator: progress and EXPLAIN show it, and checkpoints keep its
   * state under it, so it must not change.
   */
  public String operatorName() {
    return name() + " " + joinType().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public double selfCost() {
    return input(0).rows() + input(1).rows() + rows();
  }

  @Override
  public final String details() {
    return typeKeysAndResidual("").append(", ").append(decisions()).toString();
  }

  /** The decisions of its kind for EXPLAIN, e.g. {@code stream=left, table read again when it changes}. */
  protected abstract String decisions();
}
