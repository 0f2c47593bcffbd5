package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.type.RelDataType;

/** Sorts its input; with a limit it keeps only the top rows (top-N). */
public final class PhysicalSort extends PhysicalNode {
  private final RelCollation collation;
  private final long offset;
  private final long limit;

  public PhysicalSort(PhysicalNode input, RelCollation collation, long offset, long limit, RelDataType rowType,
      double rows) {
    super(List.of(input), rowType, rows);
    this.collation = collation;
    this.offset = offset;
    this.limit = limit;
  }

  public RelCollation collation() {
    return collation;
  }

  public long offset() {
    return offset;
  }

  /** Rows to keep after the offset, or -1 for all. */
  public long limit() {
    return limit;
  }

  @Override
  public double selfCost() {
    double n = Math.max(2, input(0).rows());
    return n * Math.log(n) / Math.log(2);
  }

  @Override
  public String name() {
    return limit >= 0 ? "TopN" : "Sort";
  }

  @Override
  public String details() {
    List<String> names = input(0).rowType().getFieldNames();
    StringBuilder sb = new StringBuilder("order=[");
    boolean first = true;
    for (RelFieldCollation c : collation.getFieldCollations()) {
      sb.append(first ? "" : ", ").append(names.get(c.getFieldIndex()))
          .append(c.getDirection().isDescending() ? " DESC" : " ASC")
          .append(c.nullDirection == RelFieldCollation.NullDirection.FIRST ? " NULLS FIRST" : " NULLS LAST");
      first = false;
    }
    sb.append(']');
    if (offset > 0) {
      sb.append(", offset=").append(offset);
    }
    if (limit >= 0) {
      sb.append(", limit=").append(limit);
    }
    return sb.toString();
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalSort(inputs.get(0), collation, offset, limit, rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
