package io.sluice.optimizer.physical;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An equi-join of bounded inputs through a hash table built on one side and probed with the
 * other. Output is the left columns then the right (left only for semi and anti joins), whichever
 * side builds.
 */
public final class PhysicalHashJoin extends KeyedJoin {
  /** Which input the hash table is built from. */
  public enum BuildSide { LEFT, RIGHT }

  private final BuildSide buildSide;

  public PhysicalHashJoin(PhysicalNode left, PhysicalNode right, JoinRelType joinType, int[] leftKeys,
      int[] rightKeys, @Nullable RexNode residual, BuildSide buildSide, RelDataType pairRowType, RelDataType rowType, double rows) {
    super(left, right, joinType, leftKeys, rightKeys, residual, pairRowType, rowType, rows);
    this.buildSide = buildSide;
  }

  public BuildSide buildSide() {
    return buildSide;
  }

  @Override
  public double selfCost() {
    PhysicalNode build = buildSide == BuildSide.LEFT ? input(0) : input(1);
    PhysicalNode probe = buildSide == BuildSide.LEFT ? input(1) : input(0);
    // building costs more per row than probing (hashing plus storing)
    return build.rows() * 2.0 + probe.rows() + rows();
  }

  @Override
  public String name() {
    return "HashJoin";
  }

  @Override
  public String details() {
    return typeKeysAndResidual(", build=" + buildSide.name().toLowerCase(Locale.ROOT)).toString();
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalHashJoin(inputs.get(0), inputs.get(1), joinType(), leftKeys(), rightKeys(), residual(),
        buildSide, pairRowType(), rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }

  @Override
  public String toString() {
    return name() + Arrays.toString(leftKeys());
  }
}
