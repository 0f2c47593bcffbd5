package io.sluice.optimizer.stream;

/**
 * An aggregation of a stream without a window (or over sessions in update mode): one row of
 * state per group, updated every batch, its changes emitted as {@code -U}/{@code +U}.
 *
 * @param retractingInput whether its input is a changelog, so that accumulators must give rows back
 * @param sessionEndKey the position among the group keys of a session's window_end, whose groups
 *     are dropped once the watermark passes it; -1 when no key bounds the groups
 */
public record GroupAggregate(boolean retractingInput, int sessionEndKey) implements StreamOperator {
  @Override
  public String name() {
    return "GroupAggregate";
  }

  @Override
  public StateNeed state() {
    return sessionEndKey >= 0
        ? new StateNeed(StateNeed.Kind.GROUPS, true, "until the watermark passes their session's end")
        : new StateNeed(StateNeed.Kind.GROUPS, false, "kept for the whole query (or its state time-to-live)");
  }
}
