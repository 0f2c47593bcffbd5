package io.sluice.optimizer.physical;

import io.sluice.catalog.stream.OutputMode;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;

/**
 * An aggregation of a stream kept as one row of state per group and updated every batch: without
 * a window, or over sessions shown as they grow (update mode). Chosen by the planner's streaming
 * rule ({@code io.sluice.optimizer.stream.StreamGroupAggregateRule}) with the decisions its
 * run-time operator obeys as they are, so that the engine need not look at the rest of the plan.
 */
public final class StreamGroupAggregate extends PhysicalHashAggregate {
  private final boolean retractingInput;
  private final int sessionEndKey;
  private final boolean valueCounts;
  private final OutputMode mode;

  /**
   * @param retractingInput whether its input is a changelog, so that accumulators must give rows back
   * @param sessionEndKey the position among the group keys of a session's window_end, whose groups
   *     are dropped once the watermark passes it; -1 when no key bounds the groups
   * @param valueCounts whether, over a changelog, some aggregate (MIN, MAX, DISTINCT) keeps each
   *     value's row count per group
   * @param mode the output mode it emits in: its changes (update) or its whole result every batch
   */
  public StreamGroupAggregate(PhysicalNode input, int[] groupKeys, List<AggregateCall> aggregates, RelDataType rowType,
      double rows, boolean retractingInput, int sessionEndKey, boolean valueCounts, OutputMode mode) {
    super(input, groupKeys, aggregates, rowType, rows);
    this.retractingInput = retractingInput;
    this.sessionEndKey = sessionEndKey;
    this.valueCounts = valueCounts;
    this.mode = mode;
  }

  public boolean retractingInput() {
    return retractingInput;
  }

  public int sessionEndKey() {
    return sessionEndKey;
  }

  public boolean valueCounts() {
    return valueCounts;
  }

  public OutputMode mode() {
    return mode;
  }

  /** Whether its groups are sessions, final once the watermark passes their end. */
  public boolean overSessions() {
    return sessionEndKey >= 0;
  }

  /**
   * The name of its run-time operator: progress and EXPLAIN show it, and checkpoints keep its
   * state under it, so it must not change.
   */
  public String operatorName() {
    return overSessions() ? "WindowAggregate (sessions, update)"
        : "GroupAggregate (" + mode.name().toLowerCase(Locale.ROOT) + ")";
  }

  @Override
  public String name() {
    return "GroupAggregate";
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new StreamGroupAggregate(inputs.get(0), groupKeys(), aggregates(), rowType(), rows(), retractingInput,
        sessionEndKey, valueCounts, mode);
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
