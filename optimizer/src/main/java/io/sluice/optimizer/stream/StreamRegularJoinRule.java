package io.sluice.optimizer.stream;

import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.StreamRegularJoin;

/**
 * Turns a join of two streams into a {@link StreamRegularJoin} when nothing releases its rows: an
 * input is a changelog (its retractions must find the rows they take back), or the condition does
 * not bound the event times of both inputs ({@link TimeBounds}). It decides which inputs retract.
 */
final class StreamRegularJoinRule {
  private StreamRegularJoinRule() {}

  /** Whether {@code join}, with inputs {@code sides}, runs as a regular join. */
  static boolean matches(PhysicalNode join, JoinSides sides) {
    return sides.bothStream() && (sides.anyChangelog() || TimeBounds.tryDerive(JoinSpec.of(join)) == null);
  }

  /** The regular join {@code join} (a hash or nested-loop join) runs as, or null when it runs as another. */
  static StreamRegularJoin convert(PhysicalNode join, JoinSides sides) {
    if (!matches(join, sides)) {
      return null;
    }
    JoinSpec spec = JoinSpec.of(join);
    return new StreamRegularJoin(spec.left(), spec.right(), spec.type(), spec.leftKeys(), spec.rightKeys(),
        spec.residual(), spec.pairType(), join.rowType(), join.rows(), sides.leftChangelog(),
        sides.rightChangelog());
  }
}
