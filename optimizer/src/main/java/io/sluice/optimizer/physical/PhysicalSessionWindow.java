package io.sluice.optimizer.physical;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Assigns rows to session windows (SESSION): per key, rows less than {@code gap} apart in event
 * time form one session, from its first row's time to its last row's time plus the gap. The
 * output is the input columns followed by {@code window_start} and {@code window_end}. Bounded,
 * it sorts its input by key and time (a pipeline breaker); over a stream, it keeps the rows of
 * open sessions and emits them once the watermark passes their end ({@link StreamSessionWindow}).
 */
public class PhysicalSessionWindow extends PhysicalNode {
  private final int[] keyColumns;
  private final int timeColumn;
  private final long gapMillis;

  public PhysicalSessionWindow(PhysicalNode input, int[] keyColumns, int timeColumn, long gapMillis,
      RelDataType rowType, double rows) {
    super(List.of(input), rowType, rows);
    this.keyColumns = keyColumns.clone();
    this.timeColumn = timeColumn;
    this.gapMillis = gapMillis;
  }

  /** The input columns sessions are kept apart by; empty when all rows share sessions. */
  public int[] keyColumns() {
    return keyColumns.clone();
  }

  /** The input's event-time column. */
  public int timeColumn() {
    return timeColumn;
  }

  public long gapMillis() {
    return gapMillis;
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
    double n = Math.max(rows(), 1);
    return n * Math.max(1, Math.log(n) / Math.log(2));
  }

  @Override
  public String name() {
    return "Session";
  }

  @Override
  public String details() {
    List<String> names = input(0).rowType().getFieldNames();
    StringBuilder sb = new StringBuilder("time=").append(names.get(timeColumn)).append(", gap=").append(gapMillis)
        .append(" ms");
    if (keyColumns.length > 0) {
      List<String> keys = new ArrayList<>();
      for (int key : keyColumns) {
        keys.add(names.get(key));
      }
      sb.append(", keys=").append(keys);
    }
    return sb.toString();
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalSessionWindow(inputs.get(0), keyColumns, timeColumn, gapMillis, rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
