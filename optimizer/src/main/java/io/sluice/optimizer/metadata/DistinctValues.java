package io.sluice.optimizer.metadata;

import io.sluice.optimizer.schema.CatalogTable;
import io.sluice.optimizer.schema.SluiceTableScan;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMdDistinctRowCount;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Distinct values of columns, for the join selectivity of {@link SluiceSelectivity}: of a scan's
 * columns from the catalog's statistics ({@link CatalogTable#distinctValues}), several columns
 * multiplying, capped by the row count, a predicate capping them by the rows it keeps; of a join's
 * columns that all come from one of its inputs, from that input.
 */
public final class DistinctValues extends RelMdDistinctRowCount {
  @Override
  public @Nullable Double getDistinctRowCount(TableScan scan, RelMetadataQuery mq, ImmutableBitSet groupKey,
      @Nullable RexNode predicate) {
    CatalogTable table = scan.getTable().unwrap(CatalogTable.class);
    if (!(scan instanceof SluiceTableScan sluiceScan) || table == null || groupKey.isEmpty()) {
      return super.getDistinctRowCount(scan, mq, groupKey, predicate);
    }
    double rows = scan.getTable().getRowCount();
    int[] columns = sluiceScan.columns();
    double distinct = 1;
    for (int key : groupKey) {
      distinct *= table.distinctValues(columns[key], rows);
    }
    distinct = Math.min(distinct, rows);
    if (predicate != null) {
      Double selectivity = mq.getSelectivity(scan, predicate);
      distinct = Math.min(distinct, rows * (selectivity == null ? 1 : selectivity));
    }
    return Math.max(1, distinct);
  }

  /**
   * Columns of one input of a join have the values they have in that input, as many as the join's
   * rows can hold. Calcite multiplies the two inputs' counts, and the other input's count of no
   * columns is unknown (null), so a join's key column had no count and {@link SluiceSelectivity}
   * took it for a key: the join of 1.5 M orders-with-customers with 25 nations was estimated at 25
   * rows, and the hash join above it built its 1.5 M-row side (TPC-H q7, q9).
   */
  @Override
  public @Nullable Double getDistinctRowCount(Join join, RelMetadataQuery mq, ImmutableBitSet groupKey,
      @Nullable RexNode predicate) {
    int leftCount = join.getLeft().getRowType().getFieldCount();
    boolean left = groupKey.nextSetBit(leftCount) < 0;
    boolean right = groupKey.nextSetBit(0) >= leftCount;
    if (predicate != null || groupKey.isEmpty() || !(left || right) || !join.getJoinType().projectsRight()) {
      return super.getDistinctRowCount(join, mq, groupKey, predicate);
    }
    Double distinct = left ? mq.getDistinctRowCount(join.getLeft(), groupKey, null)
        : mq.getDistinctRowCount(join.getRight(), groupKey.shift(-leftCount), null);
    Double rows = mq.getRowCount(join);
    if (distinct == null || rows == null) {
      return super.getDistinctRowCount(join, mq, groupKey, predicate);
    }
    return RelMdUtil.numDistinctVals(distinct, rows);
  }
}
