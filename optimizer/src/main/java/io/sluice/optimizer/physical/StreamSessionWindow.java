package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * SESSION windows over a stream: rows wait in their open session until the watermark passes the
 * session's end (last row + gap). Chosen by the planner's streaming rule
 * ({@code io.sluice.optimizer.stream.StreamSessionWindowRule}) with the one decision its run-time
 * operator obeys: whether open sessions are emitted every batch as a changelog (update mode) or
 * once, whole, when they close.
 */
public final class StreamSessionWindow extends PhysicalSessionWindow {
  private final boolean emitsUpdates;

  public StreamSessionWindow(PhysicalNode input, int[] keyColumns, int timeColumn, long gapMillis,
      RelDataType rowType, double rows, boolean emitsUpdates) {
    super(input, keyColumns, timeColumn, gapMillis, rowType, rows);
    this.emitsUpdates = emitsUpdates;
  }

  /** Whether open sessions are emitted every batch as a changelog rather than once when they close. */
  public boolean emitsUpdates() {
    return emitsUpdates;
  }

  /**
   * The name of its run-time operator: progress and EXPLAIN show it, and checkpoints keep its
   * state under it, so it must not change.
   */
  public String operatorName() {
    return emitsUpdates ? "SessionWindows (update)" : "SessionWindows";
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new StreamSessionWindow(inputs.get(0), keyColumns(), timeColumn(), gapMillis(), rowType(), rows(),
        emitsUpdates);
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
