package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import java.util.Locale;

/**
 * An aggregation of a stream by event-time window: each window's groups are kept until the
 * watermark passes the window's end, then emitted once (append) or every batch they change
 * (update). Over SESSION windows in append mode each session arrives whole when it closes, so
 * the aggregate keeps nothing between batches.
 *
 * @param window the group key that bounds the window
 * @param windowOffsets for each group key, what it adds to reach its window's end when it is the
 *     same for every row of a window, else -1 (such keys need no per-window table)
 */
public record WindowAggregate(WindowKeys.WindowKey window, long[] windowOffsets) implements StreamOperator {
  public WindowAggregate {
    windowOffsets = windowOffsets.clone();
  }

  @Override
  public long[] windowOffsets() {
    return windowOffsets.clone();
  }

  /** Whether its input are closed sessions: each session's rows come in the batch that closes it. */
  public boolean overClosedSessions() {
    return window.closedUpstream();
  }

  @Override
  public String name() {
    return overClosedSessions() ? "WindowAggregate (sessions)" : "WindowAggregate";
  }

  @Override
  public String operatorName(OutputMode mode) {
    return overClosedSessions() ? "WindowAggregate (closed windows)"
        : "WindowAggregate (" + mode.name().toLowerCase(Locale.ROOT) + ")";
  }

  @Override
  public boolean waitsOnWatermark(OutputMode mode) {
    return !overClosedSessions();
  }

  @Override
  public String explainState(OutputMode mode) {
    if (overClosedSessions()) {
      return null;
    }
    return operatorName(mode) + " - one group table per open window,"
        + " dropped when the watermark passes the window's end"
        + (mode == OutputMode.UPDATE ? "; changed groups emitted every batch" : "; the window emitted then, once");
  }

  @Override
  public StateNeed state() {
    return overClosedSessions()
        ? new StateNeed(StateNeed.Kind.WINDOWS, true, "none between batches: each session arrives whole")
        : new StateNeed(StateNeed.Kind.WINDOWS, true, "until the watermark passes the window's end");
  }
}
