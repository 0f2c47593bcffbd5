package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.runtime.kernel.BuildProbeJoiner;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.kernel.JoinKind;
import java.util.List;
import java.util.Locale;

/**
 * A join of bounded inputs without equal keys: keeps the right side (port 0), then tests every
 * pair with a row of the left side (port 1) against the condition.
 */
public final class NestedLoopJoinOperator extends BuildProbeJoinOperator {
  private final JoinKind kind;
  private final List<DataType> leftTypes;
  private final List<DataType> rightTypes;
  /** Over the concatenated pair; null for a cross join. */
  private final JoinCondition condition;

  public NestedLoopJoinOperator(JoinKind kind, List<DataType> leftTypes, List<DataType> rightTypes,
      JoinCondition condition) {
    super("NestedLoopJoin " + kind.name().toLowerCase(Locale.ROOT));
    this.kind = kind;
    this.leftTypes = leftTypes;
    this.rightTypes = rightTypes;
    this.condition = condition;
  }

  @Override
  BuildProbeJoiner newJoiner() {
    return HashJoiner.nestedLoop(kind, leftTypes, rightTypes, HashJoiner.BuildSide.RIGHT, condition);
  }
}
