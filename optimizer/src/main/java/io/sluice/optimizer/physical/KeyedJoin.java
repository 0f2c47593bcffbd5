package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A join that matches rows on equal keys, then on the rest of its condition, bounded ({@link
 * PhysicalHashJoin}) or over a stream ({@link StreamJoin}): its type, the key columns of each
 * side, the rest of the condition and the pair row that condition is written over. Output is the
 * left columns then the right (left only for semi and anti joins).
 */
public abstract class KeyedJoin extends PhysicalNode {
  private final JoinRelType joinType;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final @Nullable RexNode residual;
  private final RelDataType pairRowType;

  /**
   * @param leftKeys the left input's key columns; empty when the condition has no equality (a
   *     stream join bounded by time alone)
   * @param rightKeys the right input's, matching {@code leftKeys}
   * @param residual the rest of the condition over the pair row; null for none
   * @param pairRowType left columns then right columns: the row type the residual is written over
   */
  protected KeyedJoin(PhysicalNode left, PhysicalNode right, JoinRelType joinType, int[] leftKeys, int[] rightKeys,
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
   * {@code type=inner, keys=[a = b, ...]} for EXPLAIN, the key columns by their input's names, then
   * {@code extra} (empty for none) and the residual when there is one.
   */
  protected final StringBuilder typeKeysAndResidual(String extra) {
    List<String> l = input(0).rowType().getFieldNames();
    List<String> r = input(1).rowType().getFieldNames();
    StringBuilder sb = new StringBuilder("type=").append(joinType.lowerName).append(", keys=[");
    for (int i = 0; i < leftKeys.length; i++) {
      sb.append(i > 0 ? ", " : "").append(l.get(leftKeys[i])).append(" = ").append(r.get(rightKeys[i]));
    }
    sb.append(']').append(extra);
    if (residual != null) {
      sb.append(", residual=").append(residual);
    }
    return sb;
  }
}
