package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLiteral;

/** Literal rows. */
public final class PhysicalValues extends PhysicalNode {
  private final List<List<RexLiteral>> tuples;

  public PhysicalValues(List<List<RexLiteral>> tuples, RelDataType rowType) {
    super(List.of(), rowType, tuples.size());
    this.tuples = tuples;
  }

  public List<List<RexLiteral>> tuples() {
    return tuples;
  }

  @Override
  public double selfCost() {
    return tuples.size();
  }

  @Override
  public String name() {
    return "Values";
  }

  @Override
  public String details() {
    return "rows=" + tuples.size();
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return this; // a leaf: no inputs to replace
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
