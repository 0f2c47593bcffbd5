package io.sluice.optimizer.schema;

import io.sluice.catalog.Statistics;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.registry.Catalog;
import io.sluice.optimizer.analysis.TypeMapping;
import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A catalog table as Calcite sees it: row type, statistics, and a {@link SluiceTableScan}. */
public final class CatalogTable extends AbstractTable implements TranslatableTable {
  private final Catalog.Entry entry;
  private final boolean statisticsReadable;

  public CatalogTable(Catalog.Entry entry) {
    this(entry, true);
  }

  /** A table whose statistics are unknown to the planner unless {@code statisticsReadable}. */
  public CatalogTable(Catalog.Entry entry, boolean statisticsReadable) {
    this.entry = entry;
    this.statisticsReadable = statisticsReadable;
  }

  public Catalog.Entry entry() {
    return entry;
  }

  public Table table() {
    return entry.table();
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return TypeMapping.toRowType(typeFactory, entry.definition().schema());
  }

  /**
   * Distinct values of the table's column {@code column} (its index in the table), for join
   * estimates: an integer column has at most {@code max - min + 1} of them; without statistics a
   * column is taken for a key, with as many values as rows (the join of a foreign key with a key).
   */
  public double distinctValues(int column, double rows) {
    if (entry.table() == null || !statisticsReadable) {
      return rows;
    }
    String name = entry.definition().schema().columns().get(column).name().toLowerCase(java.util.Locale.ROOT);
    Statistics.ColumnStatistics stats = entry.table().statistics().columns().get(name);
    if (stats != null && stats.min() instanceof Long min && stats.max() instanceof Long max && max >= min) {
      return Math.min(rows, (double) max - min + 1);
    }
    return rows;
  }

  /**
   * The smallest and largest value of the table's column {@code column} where the statistics hold
   * them as whole numbers (integers, dates as days), for the share of rows a range keeps; or null.
   */
  public long @Nullable [] longBounds(int column) {
    if (entry.table() == null || !statisticsReadable) {
      return null;
    }
    String name = entry.definition().schema().columns().get(column).name().toLowerCase(java.util.Locale.ROOT);
    Statistics.ColumnStatistics stats = entry.table().statistics().columns().get(name);
    if (stats != null && stats.min() instanceof Long min && stats.max() instanceof Long max && max >= min) {
      return new long[] {min, max};
    }
    return null;
  }

  @Override
  public Statistic getStatistic() {
    Statistics stats = entry.table() == null || !statisticsReadable ? Statistics.UNKNOWN : entry.table().statistics();
    final double rows = stats.hasRowCount() ? stats.rowCount() : 1_000_000d;
    return new Statistic() {
      @Override
      public @Nullable Double getRowCount() {
        return rows;
      }

      @Override
      public boolean isKey(ImmutableBitSet columns) {
        return false;
      }

      @Override
      public @Nullable List<ImmutableBitSet> getKeys() {
        return List.of();
      }
    };
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return SluiceTableScan.of(context.getCluster(), relOptTable);
  }
}
