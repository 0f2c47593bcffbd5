package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A join of two streams with no time bound (Flink's regular join): both inputs' rows are kept for
 * the life of the query, or until the state time-to-live expires them. Its output is a changelog
 * when an input retracts or when it is an outer or anti join (a row without a match is emitted at
 * once and taken back when its first match arrives). Chosen by
 * {@code io.sluice.optimizer.stream.StreamRegularJoinRule}.
 */
public final class StreamRegularJoin extends StreamJoin {
  private final boolean leftRetracts;
  private final boolean rightRetracts;

  /**
   * @param leftRetracts whether the left input is a changelog, whose retractions take back their pairs
   * @param rightRetracts the same for the right input
   */
  public StreamRegularJoin(PhysicalNode left, PhysicalNode right, JoinRelType joinType, int[] leftKeys,
      int[] rightKeys, @Nullable RexNode residual, RelDataType pairRowType, RelDataType rowType, double rows,
      boolean leftRetracts, boolean rightRetracts) {
    super(left, right, joinType, leftKeys, rightKeys, residual, pairRowType, rowType, rows);
    this.leftRetracts = leftRetracts;
    this.rightRetracts = rightRetracts;
  }

  public boolean leftRetracts() {
    return leftRetracts;
  }

  public boolean rightRetracts() {
    return rightRetracts;
  }

  /** Whether it takes back rows it emitted: an input retracts, or a row without a match is emitted before one comes. */
  public boolean emitsChangelog() {
    JoinRelType type = joinType();
    return leftRetracts || rightRetracts || type != JoinRelType.INNER && type != JoinRelType.SEMI;
  }

  @Override
  public String name() {
    return "Join";
  }

  @Override
  protected String decisions() {
    String retracting = leftRetracts && rightRetracts ? "both" : leftRetracts ? "left" : rightRetracts ? "right"
        : "none";
    return "retracting inputs=" + retracting + ", emits=" + (emitsChangelog() ? "changelog" : "final rows");
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new StreamRegularJoin(inputs.get(0), inputs.get(1), joinType(), leftKeys(), rightKeys(), residual(),
        pairRowType(), rowType(), rows(), leftRetracts, rightRetracts);
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
