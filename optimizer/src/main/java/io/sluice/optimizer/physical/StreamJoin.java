package io.sluice.optimizer.physical;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A join that reads a stream on at least one side, as the planner's streaming rules chose to run
 * it: what every stream join carries (type, equi-keys, the rest of the condition) and one EXPLAIN
 * line that shows the decisions of its kind. Output is the left columns then the right (left only
 * for semi and anti joins), as for {@link PhysicalHashJoin}.
 */
public abstract class StreamJoin extends PhysicalNode {
  private final JoinRelType joinType;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final @Nullable RexNode residual;
  private final RelDataType pairRowType;

  /**
   * @param leftKeys the left input's equi-key columns; empty when the condition has no equality to hash on
   * @param rightKeys the right input's, matching {@code leftKeys}
   * @param residual the rest of the condition over the pair row; null for none
   * @param pairRowType left columns then right columns: the row type the residual is written over
   */
  protected StreamJoin(PhysicalNode left, PhysicalNode right, JoinRelType joinType, int[] leftKeys, int[] rightKeys,
      @Nullable RexNode residual, RelDataType pairRowType, RelDataType rowType, double rows) {
    super(List.of(left, right), rowType, rows);
    this.joinType = joinType;
    this.leftKeys = leftKeys.clone();
    this.rightKeys = rightKeys.clone();
    this.residual = residual;
    this.pairRowType = pairRowType;
  }

  public JoinRelType joinType() {
    return joinType;
  }

  public int[] leftKeys() {
    return leftKeys.clone();
  }

  public int[] rightKeys() {
    return rightKeys.clone();
  }

  /** The condition beyond the equi-keys, over left columns then right columns; null if none. */
  public @Nullable RexNode residual() {
    return residual;
  }

  /** Left columns then right columns: the row type join conditions are written over. */
  public RelDataType pairRowType() {
    return pairRowType;
  }

  /**
   * The name of its run-time operator: progress and EXPLAIN show it, and checkpoints keep its
   * state under it, so it must not change.
   */
  public String operatorName() {
    return name() + " " + joinType.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public double selfCost() {
    return input(0).rows() + input(1).rows() + rows();
  }

  @Override
  public final String details() {
    StringBuilder sb = PhysicalHashJoin.typeAndKeys(this, joinType, leftKeys, rightKeys);
    if (residual != null) {
      sb.append(", residual=").append(residual);
    }
    return sb.append(", ").append(decisions()).toString();
  }

  /** The decisions of its kind for EXPLAIN, e.g. {@code stream=left, table read again when it changes}. */
  protected abstract String decisions();
}
