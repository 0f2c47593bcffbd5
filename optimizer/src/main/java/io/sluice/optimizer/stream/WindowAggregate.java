package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.StreamWindowAggregate;

/**
 * An aggregation of a stream by event-time window: each window's groups are kept until the
 * watermark passes the window's end, then emitted once (append) or every batch they change
 * (update). Over SESSION windows in append mode each session arrives whole when it closes, so
 * the aggregate keeps nothing between batches. In complete mode (Spark's complete mode ignores the
 * watermark) every window's groups are kept for the whole query and the whole result emitted every
 * batch, and rows behind the watermark are still counted: no window is ever dropped.
 *
 * <p>The streaming traits' view of a {@link StreamWindowAggregate}, the node that carries the
 * decisions the runtime obeys.
 *
 * @param node the node
 * @param window the group key that bounds the window
 */
public record WindowAggregate(StreamWindowAggregate node, WindowKeys.WindowKey window) implements StreamOperator {
  /** For each group key, what it adds to reach its window's end when that is the same for every row of a window, else -1. */
  public long[] windowOffsets() {
    return node.windowOffsets();
  }

  /** Whether it runs in complete mode: every window kept, late rows taken. */
  public boolean complete() {
    return node.complete();
  }

  /** Whether its input are closed sessions: each session's rows come in the batch that closes it. */
  public boolean overClosedSessions() {
    return node.overClosedSessions();
  }

  @Override
  public String name() {
    return overClosedSessions() ? "WindowAggregate (sessions)" : "WindowAggregate";
  }

  @Override
  public String operatorName(OutputMode mode) {
    return node.operatorName();
  }

  @Override
  public boolean waitsOnWatermark(OutputMode mode) {
    return !complete() && !overClosedSessions();
  }

  @Override
  public String explainState(OutputMode mode) {
    if (complete()) {
      return operatorName(mode) + " - every window's groups, kept for the whole query (complete mode drops no"
          + " window and takes rows behind the watermark); the whole result every batch";
    }
    if (overClosedSessions()) {
      return null;
    }
    return operatorName(mode) + (window.eventTime()
        ? " - one group table per event time not yet reached by the watermark, dropped when it is"
        : " - one group table per open window, dropped when the watermark passes the window's end")
        + (mode == OutputMode.UPDATE ? "; changed groups emitted every batch" : "; the window emitted then, once");
  }

  @Override
  public StateNeed state() {
    if (complete()) {
      return new StateNeed(StateNeed.Kind.WINDOWS, false, "kept for the whole query (complete mode drops none)");
    }
    return overClosedSessions()
        ? new StateNeed(StateNeed.Kind.WINDOWS, true, "none between batches: each session arrives whole")
        : new StateNeed(StateNeed.Kind.WINDOWS, true, window.eventTime() ? "until the watermark reaches their event time"
            : "until the watermark passes the window's end");
  }
}
