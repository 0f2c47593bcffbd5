package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Checks the rows of a join with a scalar subquery's per-key result: a row whose key had more
 * than one subquery row fails with CARDINALITY_VIOLATION. The count column (the input's last)
 * is dropped. Checking after the join, not in the aggregate, means only outer rows the query
 * keeps can fail, as when the subquery is evaluated row by row.
 */
public final class PhysicalAssertSingleValue extends PhysicalNode {
  public PhysicalAssertSingleValue(PhysicalNode input, RelDataType rowType, double rows) {
    super(List.of(input), rowType, rows);
  }

  /** The input column holding the number of subquery rows for the row's key. */
  public int countColumn() {
    return input(0).rowType().getFieldCount() - 1;
  }

  @Override
  public double selfCost() {
    return rows() * 0.1;
  }

  @Override
  public String name() {
    return "AssertSingleValue";
  }

  @Override
  public String details() {
    return "count=$" + countColumn();
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalAssertSingleValue(inputs.get(0), rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
