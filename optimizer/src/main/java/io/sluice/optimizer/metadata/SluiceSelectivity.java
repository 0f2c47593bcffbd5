package io.sluice.optimizer.metadata;

import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.catalog.connector.IndexAccess;
import io.sluice.catalog.connector.Table;
import io.sluice.optimizer.rules.ScanPredicates;
import io.sluice.optimizer.schema.SluiceTableScan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMdSelectivity;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Sluice's selectivity estimates, in front of Calcite's guesses.
 *
 * <p>An inner join's condition, from the distinct values of its keys: an equality
 * of a left and a right column keeps {@code 1 / max(distinct left, distinct right)} of the pairs,
 * the textbook estimate for a join on a key (System R; Trino's and Spark's cost models alike);
 * several key columns count their combinations of values.
 * Calcite guesses 0.15 for every equality, which makes a join of two large tables look larger than
 * their product with a small one, so the join orderer built cross products (TPC-H q5).
 *
 * <p>A scan's predicate, from the table's index when one looks it up with known values: the index
 * counts the rows it gives exactly ({@link Table#indexAccess}), so a lookup of 10 rows in a
 * million is estimated as 10 rows, not as Calcite's 15 % (which made a join of a point lookup look
 * like a join of a large table). Conjuncts the index does not take are guessed as before.
 */
public final class SluiceSelectivity extends RelMdSelectivity {
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

  public @Nullable Double getSelectivity(TableScan scan, RelMetadataQuery mq, @Nullable RexNode predicate) {
    Double indexed = scan instanceof SluiceTableScan sluiceScan && predicate != null ? indexed(sluiceScan, predicate) : null;
    return indexed != null ? indexed : super.getSelectivity(scan, mq, predicate);
  }

  /**
   * The share of the table's rows the index chosen for {@code predicate}'s comparisons with
   * literals gives, times Calcite's guess for the other conjuncts; null when no index looks any
   * of them up with known values.
   */
  private static @Nullable Double indexed(SluiceTableScan scan, RexNode predicate) {
    Table table = scan.connectorTable();
    int[] columns = scan.columns();
    List<RelDataType> types = RelOptUtil.getFieldTypeList(scan.getRowType());
    List<ColumnPredicate> lookups = new ArrayList<>();
    List<RexNode> others = new ArrayList<>();
    RexNode expanded = RexUtil.expandSearch(scan.getCluster().getRexBuilder(), null, predicate); // ranges as comparisons
    for (RexNode conjunct : RelOptUtil.conjunctions(expanded)) {
      ColumnPredicate lookup = isComparison(conjunct) ? ScanPredicates.of(conjunct, columns, types) : null;
      if (lookup != null && lookup.value() != null && lookup.value() != ColumnPredicate.PARAMETER) {
        lookups.add(lookup);
      } else {
        others.add(conjunct);
      }
    }
    if (lookups.isEmpty()) {
      return null;
    }
    IndexAccess access = table.indexAccess(lookups);
    if (access == null || access.rows() < 0 || access.tableRows() <= 0) {
      return null;
    }
    double selectivity = (double) access.rows() / access.tableRows();
    for (RexNode other : others) {
      selectivity *= RelMdUtil.guessSelectivity(other);
    }
    return selectivity;
  }

  /** A comparison of a column (possibly cast) with a literal, which {@link ScanPredicates#of} takes. */
  private static boolean isComparison(RexNode conjunct) {
    switch (conjunct.getKind()) {
      case EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
        return true;
      default:
        return false;
    }
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
