package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.runtime.kernel.BuildProbeJoiner;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.kernel.JoinKind;
import io.sluice.runtime.kernel.SpillingHashJoiner;
import io.sluice.runtime.spill.SpillSpace;
import java.util.List;
import java.util.Locale;

/**
 * An equi-join of bounded inputs: builds a hash table on one side (port 0), then probes it with the
 * other (port 1); a build side beyond the memory limit of its {@link SpillSpace} is joined
 * partition by partition from disk.
 */
public final class HashJoinOperator extends BuildProbeJoinOperator {
  private final JoinKind kind;
  private final List<DataType> leftTypes;
  private final List<DataType> rightTypes;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final HashJoiner.BuildSide buildSide;
  /** The rest of the join condition, over the concatenated pair; null when the keys say it all. */
  private final JoinCondition residual;
  private final SpillSpace space;

  /** {@code buildSide} says which of the join's sides comes in at port 0; the other comes in at port 1. */
  public HashJoinOperator(JoinKind kind, List<DataType> leftTypes, List<DataType> rightTypes, int[] leftKeys,
      int[] rightKeys, HashJoiner.BuildSide buildSide, JoinCondition residual, SpillSpace space) {
    super("HashJoin " + kind.name().toLowerCase(Locale.ROOT));
    this.kind = kind;
    this.leftTypes = leftTypes;
    this.rightTypes = rightTypes;
    this.leftKeys = leftKeys;
    this.rightKeys = rightKeys;
    this.buildSide = buildSide;
    this.residual = residual;
    this.space = space;
    space.addOperator();
  }

  @Override
  BuildProbeJoiner newJoiner() {
    return new SpillingHashJoiner(kind, leftTypes, rightTypes, leftKeys, rightKeys, buildSide, residual, space);
  }
}
