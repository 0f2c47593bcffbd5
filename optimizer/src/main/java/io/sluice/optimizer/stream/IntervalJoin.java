package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import java.util.Locale;
import org.apache.calcite.rel.core.JoinRelType;

/**
 * A join of two streams bounded by event time: each input's rows are kept until the watermark
 * shows they can match no later row of the other input ({@link TimeBounds}). A window join is
 * the case whose bound equates the window bounds of both inputs.
 *
 * @param join the join's inputs, keys and condition
 * @param bound the time bound and when each input's rows are released
 */
public record IntervalJoin(JoinSpec join, TimeBounds.Derived bound) implements StreamOperator {
  /** Whether the bound equates window bounds of both inputs. */
  public boolean windowJoin() {
    return bound.window();
  }

  @Override
  public String name() {
    return windowJoin() ? "WindowJoin" : "IntervalJoin";
  }

  @Override
  public String operatorName(OutputMode mode) {
    return name() + " " + join.type().name().toLowerCase(Locale.ROOT);
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
    return new StateNeed(StateNeed.Kind.JOIN_ROWS, true, "until the watermark passes their release time");
  }

  /**
   * When each input's rows are released, in the user's names ("rows of stream 'auction'
   * released when the watermark passes auction.expires"), and when an outer join's unmatched rows
   * come out. Inputs are named, not called left and right: the planner may have swapped them.
   */
  public String explainRelease() {
    String left = StreamInputs.describe(join.left());
    String right = StreamInputs.describe(join.right());
    String text = "rows of " + left + " released when the watermark passes " + bound.leftReleaseText()
        + ", rows of " + right + " when it passes " + bound.rightReleaseText();
    JoinRelType type = join.type();
    switch (type) {
      case LEFT:
        return text + "; unmatched rows of " + left + " emitted padded with NULLs then";
      case RIGHT:
        return text + "; unmatched rows of " + right + " emitted padded with NULLs then";
      case FULL:
        return text + "; unmatched rows of both emitted padded with NULLs then";
      default:
        return text;
    }
  }
}
