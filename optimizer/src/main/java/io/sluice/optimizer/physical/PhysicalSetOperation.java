package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/** INTERSECT or EXCEPT, with or without ALL, by counting rows per side in a hash table. */
public final class PhysicalSetOperation extends PhysicalNode {
  /** The operation. */
  public enum Kind { INTERSECT, EXCEPT }

  private final Kind kind;
  private final boolean all;

  public PhysicalSetOperation(PhysicalNode left, PhysicalNode right, Kind kind, boolean all, RelDataType rowType,
      double rows) {
    super(List.of(left, right), rowType, rows);
    this.kind = kind;
    this.all = all;
  }

  public Kind kind() {
    return kind;
  }

  public boolean all() {
    return all;
  }

  @Override
  public double selfCost() {
    return (input(0).rows() + input(1).rows()) * 2;
  }

  @Override
  public String name() {
    return kind == Kind.INTERSECT ? "Intersect" : "Except";
  }

  @Override
  public String details() {
    return all ? "all" : "distinct";
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalSetOperation(inputs.get(0), inputs.get(1), kind, all, rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
