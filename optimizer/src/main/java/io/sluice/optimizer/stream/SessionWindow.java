package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.StreamSessionWindow;

/**
 * SESSION windows over a stream: rows wait in their open session until the watermark passes the
 * session's end (last row + gap).
 *
 * <p>The streaming traits' view of a {@link StreamSessionWindow}, the node that carries the decision.
 */
public record SessionWindow(StreamSessionWindow node) implements StreamOperator {
  /** Whether open sessions are emitted every batch as a changelog (update mode), rather than once when they close. */
  public boolean emitsUpdates() {
    return node.emitsUpdates();
  }

  @Override
  public String name() {
    return node.operatorName();
  }

  @Override
  public String operatorName(OutputMode mode) {
    return name();
  }

  @Override
  public boolean waitsOnWatermark(OutputMode mode) {
    return true;
  }

  @Override
  public String explainState(OutputMode mode) {
    return name() + " - the rows of each open session, dropped when the watermark passes the session's end (last"
        + " row + gap)" + (emitsUpdates() ? "; every batch, the rows of a session that grew or merged are retracted"
        + " (-D) with its old bounds and inserted (+I) with its new ones, so a session of n rows costs up to n rows"
        + " each batch it grows" : "; the session's rows emitted then, once, with its final bounds");
  }

  @Override
  public StateNeed state() {
    return new StateNeed(StateNeed.Kind.SESSIONS, true, "until the watermark passes the session's end");
  }
}
