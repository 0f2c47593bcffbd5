package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/** Skips {@code offset} rows and passes at most {@code limit} (-1: all) of the rest. */
public final class PhysicalLimit extends PhysicalNode {
  private final long offset;
  private final long limit;

  public PhysicalLimit(PhysicalNode input, long offset, long limit, RelDataType rowType, double rows) {
    super(List.of(input), rowType, rows);
    this.offset = offset;
    this.limit = limit;
  }

  public long offset() {
    return offset;
  }

  public long limit() {
    return limit;
  }

  @Override
  public double selfCost() {
    return rows();
  }

  @Override
  public String name() {
    return "Limit";
  }

  @Override
  public String details() {
    return "offset=" + offset + ", limit=" + (limit < 0 ? "all" : String.valueOf(limit));
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalLimit(inputs.get(0), offset, limit, rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
