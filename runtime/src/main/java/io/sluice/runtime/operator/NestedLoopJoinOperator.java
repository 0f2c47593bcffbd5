package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
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
  private HashJoiner joiner;

  public NestedLoopJoinOperator(JoinKind kind, List<DataType> leftTypes, List<DataType> rightTypes,
      JoinCondition condition) {
    super("NestedLoopJoin " + kind.name().toLowerCase(Locale.ROOT));
    this.kind = kind;
    this.leftTypes = leftTypes;
    this.rightTypes = rightTypes;
    this.condition = condition;
  }

  @Override
  void startJoin() {
    joiner = HashJoiner.nestedLoop(kind, leftTypes, rightTypes, HashJoiner.BuildSide.RIGHT, condition);
  }

  @Override
  void build(Batch batch) {
    joiner.build(batch);
  }

  @Override
  void finishBuild() {
    joiner.finishBuild();
  }

  @Override
  void probe(Batch batch) {
    joiner.probe(batch, output);
  }

  @Override
  void finishJoin() {
    joiner.finish(output);
    joiner = null;
  }
}
