package io.sluice.optimizer.physical;

import io.sluice.catalog.stream.OutputMode;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;

/**
 * An aggregation of a stream by event-time window: each window's groups kept until the watermark
 * passes the window's end, then emitted once (append) or every batch they change (update); in
 * complete mode every window kept for the whole query; over closed SESSION windows nothing kept
 * between batches, since each session arrives whole. Chosen by the planner's streaming rule
 * ({@code io.sluice.optimizer.stream.StreamWindowAggregateRule}) with the decisions its run-time
 * operator obeys as they are.
 */
public final class StreamWindowAggregate extends PhysicalHashAggregate {
  private final int windowKey;
  private final long addToEnd;
  private final long[] windowOffsets;
  private final boolean overClosedSessions;
  private final boolean complete;
  private final OutputMode mode;

  /**
   * @param windowKey the group key (its input column) that bounds the window
   * @param addToEnd what the window key adds to reach its window's end
   * @param windowOffsets for each group key, what it adds to reach its window's end when it is the
   *     same for every row of a window, else -1 (such keys need no per-window table)
   * @param overClosedSessions whether its input are closed sessions, each whole in the batch that closes it
   * @param complete whether it runs in complete mode: every window kept, late rows taken
   * @param mode the output mode it emits in
   */
  public StreamWindowAggregate(PhysicalNode input, int[] groupKeys, List<AggregateCall> aggregates,
      RelDataType rowType, double rows, int windowKey, long addToEnd, long[] windowOffsets,
      boolean overClosedSessions, boolean complete, OutputMode mode) {
    super(input, groupKeys, aggregates, rowType, rows);
    this.windowKey = windowKey;
    this.addToEnd = addToEnd;
    this.windowOffsets = windowOffsets.clone();
    this.overClosedSessions = overClosedSessions;
    this.complete = complete;
    this.mode = mode;
  }

  public int windowKey() {
    return windowKey;
  }

  public long addToEnd() {
    return addToEnd;
  }

  public long[] windowOffsets() {
    return windowOffsets.clone();
  }

  public boolean overClosedSessions() {
    return overClosedSessions;
  }

  public boolean complete() {
    return complete;
  }

  public OutputMode mode() {
    return mode;
  }

  /**
   * The name of its run-time operator: progress and EXPLAIN show it, and checkpoints keep its
   * state under it, so it must not change.
   */
  public String operatorName() {
    return complete ? "WindowAggregate (complete)" : overClosedSessions ? "WindowAggregate (closed windows)"
        : "WindowAggregate (" + mode.name().toLowerCase(Locale.ROOT) + ")";
  }

  @Override
  public String name() {
    return "WindowAggregate";
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new StreamWindowAggregate(inputs.get(0), groupKeys(), aggregates(), rowType(), rows(), windowKey, addToEnd,
        windowOffsets, overClosedSessions, complete, mode);
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
