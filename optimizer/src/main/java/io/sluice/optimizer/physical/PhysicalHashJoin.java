package io.sluice.optimizer.physical;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An equi-join through a hash table built on one side and probed with the other. Output is
 * the left columns then the right (left only for semi and anti joins), whichever side builds.
 */
public final class PhysicalHashJoin extends PhysicalNode {
  private final RelDataType pairRowType;
  /** Which input the hash table is built from. */
  public enum BuildSide { LEFT, RIGHT }

  private final JoinRelType joinType;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final @Nullable RexNode residual;
  private final BuildSide buildSide;

  public PhysicalHashJoin(PhysicalNode left, PhysicalNode right, JoinRelType joinType, int[] leftKeys,
      int[] rightKeys, @Nullable RexNode residual, BuildSide buildSide, RelDataType pairRowType, RelDataType rowType, double rows) {
    super(List.of(left, right), rowType, rows);
    this.pairRowType = pairRowType;
    this.joinType = joinType;
    this.leftKeys = leftKeys.clone();
    this.rightKeys = rightKeys.clone();
    this.residual = residual;
    this.buildSide = buildSide;
  }

  public JoinRelType joinType() {
    return joinType;
  }

  public int[] leftKeys() {
    return leftKeys.clone();
  }

  public int[] rightKeys() {
    return rightKeys.clone();
  }

  /** Non-equi part of the condition, over left columns then right columns; null if none. */
  public @Nullable RexNode residual() {
    return residual;
  }

  public BuildSide buildSide() {
    return buildSide;
  }

  /** Left columns then right columns: the row type join conditions are written over. */
  public RelDataType pairRowType() {
    return pairRowType;
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
    StringBuilder sb = typeAndKeys(this, joinType, leftKeys, rightKeys);
    sb.append(", build=").append(buildSide.name().toLowerCase(java.util.Locale.ROOT));
    if (residual != null) {
      sb.append(", residual=").append(residual);
    }
    return sb.toString();
  }

  /** {@code type=inner, keys=[a = b, ...]} of a join node, for EXPLAIN: the key columns by their input's names. */
  static StringBuilder typeAndKeys(PhysicalNode join, JoinRelType joinType, int[] leftKeys, int[] rightKeys) {
    List<String> l = join.input(0).rowType().getFieldNames();
    List<String> r = join.input(1).rowType().getFieldNames();
    StringBuilder sb = new StringBuilder("type=").append(joinType.lowerName).append(", keys=[");
    for (int i = 0; i < leftKeys.length; i++) {
      sb.append(i > 0 ? ", " : "").append(l.get(leftKeys[i])).append(" = ").append(r.get(rightKeys[i]));
    }
    return sb.append(']');
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalHashJoin(inputs.get(0), inputs.get(1), joinType, leftKeys, rightKeys, residual, buildSide,
        pairRowType, rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }

  @Override
  public String toString() {
    return name() + Arrays.toString(leftKeys);
  }
}
