package io.sluice.optimizer.metadata;

import io.sluice.optimizer.schema.CatalogTable;
import io.sluice.optimizer.schema.SluiceTableScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMdDistinctRowCount;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Distinct values of a scan's columns from the catalog's statistics ({@link
 * CatalogTable#distinctValues}), for the join selectivity of {@link SluiceSelectivity}. Several
 * columns multiply, capped by the row count; a predicate caps them by the rows it keeps.
 */
public final class ScanDistinctValues extends RelMdDistinctRowCount {
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
}
