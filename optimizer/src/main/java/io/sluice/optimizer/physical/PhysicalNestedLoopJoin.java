package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A join with no equality to hash on: every pair is tested (cross joins, theta joins). */
public final class PhysicalNestedLoopJoin extends PhysicalNode {
  private final RelDataType pairRowType;
  private final JoinRelType joinType;
  private final @Nullable RexNode condition;

  public PhysicalNestedLoopJoin(PhysicalNode left, PhysicalNode right, JoinRelType joinType,
      @Nullable RexNode condition, RelDataType pairRowType, RelDataType rowType, double rows) {
    super(List.of(left, right), rowType, rows);
    this.pairRowType = pairRowType;
    this.joinType = joinType;
    this.condition = condition;
  }

  public JoinRelType joinType() {
    return joinType;
  }

  /** The join condition over left then right columns; null for a cross join. */
  public @Nullable RexNode condition() {
    return condition;
  }

  /** Left columns then right columns: the row type join conditions are written over. */
  public RelDataType pairRowType() {
    return pairRowType;
  }

  @Override
  public double selfCost() {
    return input(0).rows() * input(1).rows();
  }

  @Override
  public String name() {
    return "NestedLoopJoin";
  }

  @Override
  public String details() {
    return "type=" + joinType.lowerName + (condition == null ? "" : ", condition=" + condition);
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalNestedLoopJoin(inputs.get(0), inputs.get(1), joinType, condition, pairRowType, rowType(),
        rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
