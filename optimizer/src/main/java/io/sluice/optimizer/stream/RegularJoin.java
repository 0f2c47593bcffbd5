package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.StreamRegularJoin;

/**
 * A join of two streams with no time bound (Flink's regular join): both inputs' rows are kept for
 * the life of the query, or until {@code pipeline.state-ttl} expires them, since any later row of
 * the other input may match them. Chosen when the condition does not bound the event times of
 * both inputs, when an input is itself a changelog (its retractions must find the rows they take
 * back), and for IN, EXISTS, NOT IN and NOT EXISTS between streams (semi and anti joins).
 *
 * <p>Its output is final for an inner or semi join of inputs that only insert; otherwise it is a
 * changelog: an outer join's row without a match is emitted padded with NULLs at once and taken
 * back when its first match arrives, an anti join's row is taken back when its first match
 * arrives, and a retracted input row takes back its pairs.
 *
 * <p>The streaming traits' view of a {@link StreamRegularJoin}, the node that carries the decisions.
 *
 * @param node the node
 */
public record RegularJoin(StreamRegularJoin node) implements JoinOperator {
  /**
   * Why a regular join of {@code join} emits rows it changes later, with inputs that only insert;
   * null when its rows are final. Asked before the rule chose the node, to decide the output mode.
   */
  static String whyNotAppendOnly(JoinSpec join) {
    String left = StreamInputs.describe(join.left());
    String right = StreamInputs.describe(join.right());
    String preserved;
    switch (join.type()) {
      case LEFT:
        preserved = left;
        break;
      case RIGHT:
        preserved = right;
        break;
      case FULL:
        preserved = left + " or " + right;
        break;
      case ANTI:
        return "This NOT IN or NOT EXISTS of " + right + " in " + left + " has no time bound, so a row of " + left
            + " is emitted while it has no match and taken back when its first match arrives";
      default:
        return null;
    }
    // inputs are named, not called left and right: the planner may have swapped them
    return "This outer join of two streams has no time bound, so a row of " + preserved + " without a match is"
        + " emitted padded with NULLs at once and taken back when its first match arrives";
  }

  @Override
  public boolean waitsOnWatermark(OutputMode mode) {
    return false;
  }

  @Override
  public String explainState(OutputMode mode) {
    JoinSpec join = join();
    String left = StreamInputs.describe(join.left());
    String right = StreamInputs.describe(join.right());
    String text = operatorName(mode) + " - rows of " + left + " and of " + right + " " + state().releasedBy();
    switch (join.type()) {
      case LEFT:
        return text + "; a row of " + left + " without a match emitted padded with NULLs at once, taken back (-D)"
            + " when its first match arrives";
      case RIGHT:
        return text + "; a row of " + right + " without a match emitted padded with NULLs at once, taken back (-D)"
            + " when its first match arrives";
      case FULL:
        return text + "; a row of either without a match emitted padded with NULLs at once, taken back (-D) when"
            + " its first match arrives";
      case ANTI:
        return text + "; a row of " + left + " emitted while it has no match, taken back (-D) when one arrives";
      default:
        return text;
    }
  }

  @Override
  public StateNeed state() {
    return new StateNeed(StateNeed.Kind.JOIN_ROWS, false,
        "kept for the whole query (unbounded state; or until pipeline.state-ttl after they arrive)");
  }
}
