package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.kernel.JoinKind;
import io.sluice.runtime.kernel.SpillingHashJoiner;
import io.sluice.runtime.spill.SpillSpace;
import java.util.List;
import java.util.Locale;

/**
 * An equi-join of bounded inputs: builds a hash table on one side, then probes it with the other;
 * a build side beyond the memory limit of its {@link SpillSpace} is joined partition by partition
 * from disk.
 */
public final class HashJoinOperator extends ExecNode {
  private final ExecNode left;
  private final ExecNode right;
  private final JoinKind kind;
  private final List<DataType> leftTypes;
  private final List<DataType> rightTypes;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final boolean buildLeft;
  /** The rest of the join condition, over the concatenated pair; null when the keys say it all. */
  private final JoinCondition residual;
  private final SpillSpace space;

  public HashJoinOperator(ExecNode left, ExecNode right, JoinKind kind, List<DataType> leftTypes,
      List<DataType> rightTypes, int[] leftKeys, int[] rightKeys, boolean buildLeft, JoinCondition residual,
      SpillSpace space) {
    super("HashJoin " + kind.name().toLowerCase(Locale.ROOT), List.of(left, right));
    this.left = left;
    this.right = right;
    this.kind = kind;
    this.leftTypes = leftTypes;
    this.rightTypes = rightTypes;
    this.leftKeys = leftKeys;
    this.rightKeys = rightKeys;
    this.buildLeft = buildLeft;
    this.residual = residual;
    this.space = space;
    space.addOperator();
  }

  @Override
  void execute(BatchConsumer out) {
    try (SpillingHashJoiner joiner = new SpillingHashJoiner(kind, leftTypes, rightTypes, leftKeys, rightKeys,
        buildLeft ? HashJoiner.BuildSide.LEFT : HashJoiner.BuildSide.RIGHT, residual, space)) {
      (buildLeft ? left : right).run(joiner::build);
      joiner.finishBuild();
      (buildLeft ? right : left).run(batch -> joiner.probe(batch, out));
      joiner.finish(out);
    }
  }
}
