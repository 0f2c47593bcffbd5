package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.JoinTimeBound;
import io.sluice.optimizer.physical.StreamIntervalJoin;
import org.apache.calcite.rel.core.JoinRelType;

/**
 * A join of two streams bounded by event time: each input's rows are kept until the watermark
 * shows they can match no later row of the other input ({@link TimeBounds}). A window join is
 * the case whose bound equates the window bounds of both inputs. A condition that bounds one
 * input only keeps the other's rows for the whole query ({@link JoinTimeBound#leftKept}).
 *
 * <p>The streaming traits' view of a {@link StreamIntervalJoin}, the node that carries the decisions.
 *
 * @param node the node
 */
public record IntervalJoin(StreamIntervalJoin node) implements JoinOperator {
  /** The time bound and when each input's rows are released. */
  public JoinTimeBound bound() {
    return node.bound();
  }

  /** Whether the bound equates window bounds of both inputs. */
  public boolean windowJoin() {
    return node.windowJoin();
  }

  private static String windowOutput(JoinRelType type, String left, String right) {
    switch (type) {
      case LEFT:
        return "pairs and unmatched rows of " + left + " (padded with NULLs)";
      case RIGHT:
        return "pairs and unmatched rows of " + right + " (padded with NULLs)";
      case FULL:
        return "pairs and unmatched rows of both (padded with NULLs)";
      case SEMI:
        return "rows of " + left + " that matched";
      case ANTI:
        return "rows of " + left + " that never matched";
      default:
        return "pairs";
    }
  }

  @Override
  public boolean waitsOnWatermark(OutputMode mode) {
    return true;
  }

  @Override
  public String explainState(OutputMode mode) {
    return operatorName(mode) + " - " + explainRelease();
  }

  @Override
  public StateNeed state() {
    if (node.bound().leftKept() || node.bound().rightKept()) {
      return new StateNeed(StateNeed.Kind.JOIN_ROWS, false, "the bounded side's until the watermark passes their"
          + " release time, the other side's for the whole query (or until pipeline.state-ttl after they arrive)");
    }
    return new StateNeed(StateNeed.Kind.JOIN_ROWS, true, "until the watermark passes their release time");
  }

  /**
   * When each input's rows are released, in the user's names ("rows of stream 'auction'
   * released when the watermark passes auction.expires"), and when an outer join's unmatched rows
   * come out. Inputs are named, not called left and right: the planner may have swapped them.
   */
  public String explainRelease() {
    JoinTimeBound bound = node.bound();
    JoinSpec join = join();
    String left = StreamInputs.describe(join.left());
    String right = StreamInputs.describe(join.right());
    String text;
    if (bound.leftKept() || bound.rightKept()) {
      // bounded on one side only
      String released = bound.leftKept() ? right : left;
      String kept = bound.leftKept() ? left : right;
      text = "rows of " + released + " released when the watermark passes "
          + (bound.leftKept() ? bound.rightReleaseText() : bound.leftReleaseText()) + " (the bounded side), rows of "
          + kept + " kept for the whole query (the condition never bounds them) or until pipeline.state-ttl after"
          + " they arrive";
    } else {
      text = "rows of " + left + " released when the watermark passes " + bound.leftReleaseText()
          + ", rows of " + right + " when it passes " + bound.rightReleaseText();
    }
    if (node.windowJoin()) {
      return text + "; each window's " + windowOutput(join.type(), left, right)
          + " emitted when the window closes (window_end <= watermark), nothing before";
    }
    JoinRelType type = join.type();
    switch (type) {
      case LEFT:
        return text + "; unmatched rows of " + left + " emitted padded with NULLs then";
      case RIGHT:
        return text + "; unmatched rows of " + right + " emitted padded with NULLs then";
      case FULL:
        return text + "; unmatched rows of both emitted padded with NULLs then";
      case SEMI:
        return text + "; a row of " + left + " emitted once, at its first match";
      case ANTI:
        return text + "; a row of " + left + " that never matched emitted then";
      default:
        return text;
    }
  }
}
