package io.sluice.catalog;

import java.util.Map;

/**
 * What the planner knows about a table's contents. Values of min and max are in the internal
 * form of the column's type (Long, Double, Boolean, or String for text).
 *
 * @param rowCount number of rows, or {@link Double#NaN} when unknown
 * @param exact whether the row count is exact (in-memory tables, Parquet footers) or estimated
 * @param columns statistics per column name, lower case; missing columns have none
 */
public record Statistics(double rowCount, boolean exact, Map<String, ColumnStatistics> columns) {

  public static final Statistics UNKNOWN = new Statistics(Double.NaN, false, Map.of());

  public static Statistics exactRows(double rowCount) {
    return new Statistics(rowCount, true, Map.of());
  }

  public boolean hasRowCount() {
    return !Double.isNaN(rowCount);
  }

  /** Per-column statistics; min/max null when unknown. */
  public record ColumnStatistics(Object min, Object max, long nullCount) {}
}
