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
 * the textbook estimate for a join on a key (System R; Trino's and Spark's cost models alike);
 * several key columns count their combinations of values.
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
    ImmutableBitSet.Builder leftKeys = ImmutableBitSet.builder();
    ImmutableBitSet.Builder rightKeys = ImmutableBitSet.builder();
    double selectivity = 1;
    for (RexNode conjunct : RelOptUtil.conjunctions(predicate)) {
      int[] key = keyColumns(conjunct, leftCount);
      if (key == null) {
        selectivity *= RelMdUtil.guessSelectivity(conjunct);
      } else {
        leftKeys.set(key[0]);
        rightKeys.set(key[1] - leftCount);
      }
    }
    ImmutableBitSet left = leftKeys.build();
    if (!left.isEmpty()) {
      // all keys together: a composite key is as selective as its combinations of values, not as
      // the product of its columns' selectivities (partsupp's key is two columns of lineitem's)
      double distinct = Math.max(distinctValues(join.getLeft(), mq, left),
          distinctValues(join.getRight(), mq, rightKeys.build()));
      selectivity /= Math.max(1, distinct);
    }
    return selectivity;
  }

  /** The left and the right column of an equality between the two inputs, or null. */
  private static int @Nullable [] keyColumns(RexNode conjunct, int leftCount) {
    if (conjunct.getKind() != SqlKind.EQUALS) {
      return null;
    }
    RexCall call = (RexCall) conjunct;
    if (!(call.getOperands().get(0) instanceof RexInputRef a) || !(call.getOperands().get(1) instanceof RexInputRef b)) {
      return null;
    }
    int left = Math.min(a.getIndex(), b.getIndex());
    int right = Math.max(a.getIndex(), b.getIndex());
    return left < leftCount && right >= leftCount ? new int[] {left, right} : null;
  }

  private static double distinctValues(RelNode input, RelMetadataQuery mq, ImmutableBitSet columns) {
    Double distinct = mq.getDistinctRowCount(input, columns, null);
    if (distinct != null) {
      return distinct;
    }
    Double rows = mq.getRowCount(input);
    return rows == null ? 1 : rows;
  }
}
