package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.kernel.JoinKind;
import java.util.List;
import java.util.Locale;

/** A join of bounded inputs without equal keys: keeps the right side, then tests every pair against the condition. */
public final class NestedLoopJoinOperator extends ExecNode {
  private final ExecNode left;
  private final ExecNode right;
  private final JoinKind kind;
  private final List<DataType> leftTypes;
  private final List<DataType> rightTypes;
  /** Over the concatenated pair; null for a cross join. */
  private final JoinCondition condition;

  public NestedLoopJoinOperator(ExecNode left, ExecNode right, JoinKind kind, List<DataType> leftTypes,
      List<DataType> rightTypes, JoinCondition condition) {
    super("NestedLoopJoin " + kind.name().toLowerCase(Locale.ROOT), List.of(left, right));
    this.left = left;
    this.right = right;
    this.kind = kind;
    this.leftTypes = leftTypes;
    this.rightTypes = rightTypes;
    this.condition = condition;
  }

  @Override
  void execute(BatchConsumer out) {
    HashJoiner joiner = HashJoiner.nestedLoop(kind, leftTypes, rightTypes, HashJoiner.BuildSide.RIGHT, condition);
    right.run(joiner::build);
    joiner.finishBuild();
    left.run(batch -> joiner.probe(batch, out));
    joiner.finish(out);
  }
}
