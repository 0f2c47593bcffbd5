package io.sluice.optimizer.metadata;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMdSelectivity;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The selectivity of an inner join's condition from the distinct values of its keys: an equality
 * of a left and a right column keeps {@code 1 / max(distinct left, distinct right)} of the pairs,
 * the textbook estimate for a join on a key (System R; Trino's and Spark's cost models alike).
 * Calcite guesses 0.15 for every equality, which makes a join of two large tables look larger than
 * their product with a small one, so the join orderer built cross products (TPC-H q5).
 */
public final class JoinSelectivity extends RelMdSelectivity {
  @Override
  public @Nullable Double getSelectivity(Join join, RelMetadataQuery mq, @Nullable RexNode predicate) {
    if (predicate == null || join.getJoinType() != JoinRelType.INNER) {
      return super.getSelectivity(join, mq, predicate);
    }
    int leftCount = join.getLeft().getRowType().getFieldCount();
    double selectivity = 1;
    for (RexNode conjunct : RelOptUtil.conjunctions(predicate)) {
      double key = keySelectivity(join, mq, conjunct, leftCount);
      selectivity *= Double.isNaN(key) ? RelMdUtil.guessSelectivity(conjunct) : key;
    }
    return selectivity;
  }

  /** {@code 1 / max(distinct values)} for an equality of a left and a right column; NaN otherwise. */
  private static double keySelectivity(Join join, RelMetadataQuery mq, RexNode conjunct, int leftCount) {
    if (conjunct.getKind() != SqlKind.EQUALS) {
      return Double.NaN;
    }
    RexCall call = (RexCall) conjunct;
    if (!(call.getOperands().get(0) instanceof RexInputRef a) || !(call.getOperands().get(1) instanceof RexInputRef b)) {
      return Double.NaN;
    }
    int left = Math.min(a.getIndex(), b.getIndex());
    int right = Math.max(a.getIndex(), b.getIndex());
    if (left >= leftCount || right < leftCount) {
      return Double.NaN;
    }
    double distinct = Math.max(distinctValues(join.getLeft(), mq, left),
        distinctValues(join.getRight(), mq, right - leftCount));
    return 1 / Math.max(1, distinct);
  }

  private static double distinctValues(RelNode input, RelMetadataQuery mq, int column) {
    Double distinct = mq.getDistinctRowCount(input, ImmutableBitSet.of(column), null);
    if (distinct != null) {
      return distinct;
    }
    Double rows = mq.getRowCount(input);
    return rows == null ? 1 : rows;
  }
}
