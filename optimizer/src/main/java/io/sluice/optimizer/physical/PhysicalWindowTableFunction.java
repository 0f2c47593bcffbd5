package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Assigns rows to event-time windows of fixed bounds (TUMBLE, HOP, CUMULATE): the input columns
 * followed by {@code window_start} and {@code window_end}. A HOP or CUMULATE row appears once
 * per window it falls in.
 */
public final class PhysicalWindowTableFunction extends PhysicalNode {
  /**
   * The window functions. CUMULATE windows start at a multiple of the size and end at every
   * multiple of the slide (its step) up to the size.
   */
  public enum Kind { TUMBLE, HOP, CUMULATE }

  private final Kind kind;
  private final int timeColumn;
  private final long sizeMillis;
  private final long slideMillis;
  private final long offsetMillis;

  public PhysicalWindowTableFunction(PhysicalNode input, Kind kind, int timeColumn, long sizeMillis, long slideMillis,
      long offsetMillis, RelDataType rowType, double rows) {
    super(List.of(input), rowType, rows);
    this.kind = kind;
    this.timeColumn = timeColumn;
    this.sizeMillis = sizeMillis;
    this.slideMillis = slideMillis;
    this.offsetMillis = offsetMillis;
  }

  public Kind kind() {
    return kind;
  }

  /** The input's event-time column. */
  public int timeColumn() {
    return timeColumn;
  }

  /**
   * The length of a window; for CUMULATE, of the largest window of a cycle, so that
   * window_start plus the size is the last window_end a row can have.
   */
  public long sizeMillis() {
    return sizeMillis;
  }

  /** The slide of HOP windows, the step of CUMULATE windows; the size for TUMBLE. */
  public long slideMillis() {
    return slideMillis;
  }

  public long offsetMillis() {
    return offsetMillis;
  }

  /** Output column of window_start. */
  public int windowStartColumn() {
    return rowType().getFieldCount() - 2;
  }

  /** Output column of window_end. */
  public int windowEndColumn() {
    return rowType().getFieldCount() - 1;
  }

  @Override
  public double selfCost() {
    return rows();
  }

  @Override
  public String name() {
    switch (kind) {
      case TUMBLE:
        return "Tumble";
      case HOP:
        return "Hop";
      default:
        return "Cumulate";
    }
  }

  @Override
  public String details() {
    String time = input(0).rowType().getFieldNames().get(timeColumn);
    StringBuilder sb = new StringBuilder("time=").append(time).append(", size=").append(sizeMillis).append(" ms");
    if (kind == Kind.HOP) {
      sb.append(", slide=").append(slideMillis).append(" ms");
    } else if (kind == Kind.CUMULATE) {
      sb.append(", step=").append(slideMillis).append(" ms");
    }
    if (offsetMillis != 0) {
      sb.append(", offset=").append(offsetMillis).append(" ms");
    }
    return sb.toString();
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalWindowTableFunction(inputs.get(0), kind, timeColumn, sizeMillis, slideMillis,
        offsetMillis, rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
