package io.sluice.optimizer.stream;

import io.sluice.optimizer.physical.JoinTimeBound;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.StreamIntervalJoin;

/**
 * Turns a join of two streams that only insert into a {@link StreamIntervalJoin} when its condition
 * bounds the event times it joins ({@link TimeBounds}): the bound, and when each input's rows are
 * released, are decided here once. A semi or anti join with such a bound runs this way too.
 */
final class StreamIntervalJoinRule {
  private StreamIntervalJoinRule() {}

  /**
   * The interval join {@code join} (a hash or nested-loop join) runs as, or null when it runs as another.
   *
   * @param sides which of its inputs stream and which are changelogs
   */
  static StreamIntervalJoin convert(PhysicalNode join, JoinSides sides) {
    if (!sides.bothStream() || sides.anyChangelog()) {
      return null;
    }
    JoinSpec spec = JoinSpec.of(join);
    JoinTimeBound bound = TimeBounds.tryDerive(spec);
    if (bound == null) {
      return null;
    }
    return new StreamIntervalJoin(spec.left(), spec.right(), spec.type(), spec.leftKeys(), spec.rightKeys(),
        spec.residual(), spec.pairType(), join.rowType(), join.rows(), bound);
  }
}
