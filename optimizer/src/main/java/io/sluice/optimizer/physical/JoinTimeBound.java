package io.sluice.optimizer.physical;

import io.sluice.catalog.stream.IntervalBound;
import io.sluice.catalog.stream.RowRelease;

/**
 * The time bound of a join of two streams as the planner derived it from the join condition: the
 * bound that prunes candidate pairs and when each input's stored rows go. A {@link StreamIntervalJoin}
 * carries it for its operator.
 *
 * @param bound prunes candidates; it may be open at one end when a row bound releases that end's input
 * @param leftRelease when a stored left row can no longer match: by its time or another of its columns
 * @param rightRelease the same for a stored right row
 * @param leftReleaseText {@code leftRelease} in the user's names ("A.expires", "b.ts + 5000 ms")
 * @param rightReleaseText {@code rightRelease} in the user's names
 * @param window whether the bound equates window bounds of both sides (a window join)
 */
public record JoinTimeBound(IntervalBound bound, RowRelease leftRelease, RowRelease rightRelease,
    String leftReleaseText, String rightReleaseText, boolean window) {
  /** Whether left rows are kept for the whole query: the condition bounds only the right input's rows. */
  public boolean leftKept() {
    return leftRelease.offset() == Long.MAX_VALUE;
  }

  /** Whether right rows are kept for the whole query: the condition bounds only the left input's rows. */
  public boolean rightKept() {
    return rightRelease.offset() == Long.MAX_VALUE;
  }

  /** Whether left rows are released by the bound's left time (so that column keeps an event-time bound). */
  public boolean leftByBound() {
    return leftRelease.equals(bound.leftRowRelease());
  }

  /** Whether right rows are released by the bound's right time. */
  public boolean rightByBound() {
    return rightRelease.equals(bound.rightRowRelease());
  }
}
