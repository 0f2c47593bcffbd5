package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A join of two streams bounded by event time (an interval join; a window join when the bound
 * equates both inputs' window bounds): each input's rows are kept until the watermark shows they
 * can match no later row of the other input, so it emits final rows only, an outer or anti join's
 * unmatched rows once their release time passes. A window join, as Flink's, emits all of a
 * window's rows (pairs and unmatched ones) once, when the window closes ({@code window_end <=
 * watermark}); an interval join emits a pair when its second row arrives. A bound on one input only keeps the other's rows
 * for the whole query. Chosen by {@code io.sluice.optimizer.stream.StreamIntervalJoinRule}, with
 * the bound its operator obeys.
 */
public final class StreamIntervalJoin extends StreamJoin {
  private final JoinTimeBound bound;

  /** @param bound the time bound and when each input's rows are released */
  public StreamIntervalJoin(PhysicalNode left, PhysicalNode right, JoinRelType joinType, int[] leftKeys,
      int[] rightKeys, @Nullable RexNode residual, RelDataType pairRowType, RelDataType rowType, double rows,
      JoinTimeBound bound) {
    super(left, right, joinType, leftKeys, rightKeys, residual, pairRowType, rowType, rows);
    this.bound = bound;
  }

  public JoinTimeBound bound() {
    return bound;
  }

  /** Whether the bound equates window bounds of both inputs. */
  public boolean windowJoin() {
    return bound.window();
  }

  @Override
  public String operatorName() {
    String kept = bound.leftKept() ? " (left rows kept)" : bound.rightKept() ? " (right rows kept)" : "";
    return super.operatorName() + kept;
  }

  @Override
  public String name() {
    return windowJoin() ? "WindowJoin" : "IntervalJoin";
  }

  @Override
  protected String decisions() {
    return "left released=" + release(bound.leftKept(), bound.leftReleaseText()) + ", right released="
        + release(bound.rightKept(), bound.rightReleaseText())
        + (windowJoin() ? ", emits=each window's rows when it closes" : "");
  }

  private static String release(boolean kept, String text) {
    return kept ? "never" : "after " + text;
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new StreamIntervalJoin(inputs.get(0), inputs.get(1), joinType(), leftKeys(), rightKeys(), residual(),
        pairRowType(), rowType(), rows(), bound);
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
