package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/** UNION ALL: the inputs' rows one after another. */
public final class PhysicalUnion extends PhysicalNode {
  public PhysicalUnion(List<PhysicalNode> inputs, RelDataType rowType, double rows) {
    super(inputs, rowType, rows);
  }

  @Override
  public double selfCost() {
    return rows() * 0.1;
  }

  @Override
  public String name() {
    return "UnionAll";
  }

  @Override
  public String details() {
    return "inputs=" + inputs().size();
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalUnion(inputs, rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
