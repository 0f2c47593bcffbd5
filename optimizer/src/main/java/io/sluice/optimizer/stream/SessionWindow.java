package io.sluice.optimizer.stream;

/**
 * SESSION windows over a stream: rows wait in their open session until the watermark passes the
 * session's end (last row + gap).
 *
 * @param emitsUpdates whether open sessions are emitted every batch as a changelog (update mode),
 *     rather than once when they close
 */
public record SessionWindow(boolean emitsUpdates) implements StreamOperator {
  @Override
  public String name() {
    return emitsUpdates ? "SessionWindows (update)" : "SessionWindows";
  }

  @Override
  public StateNeed state() {
    return new StateNeed(StateNeed.Kind.SESSIONS, true, "until the watermark passes the session's end");
  }
}
