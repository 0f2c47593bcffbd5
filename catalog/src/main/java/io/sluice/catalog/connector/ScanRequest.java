package io.sluice.catalog.connector;

import java.util.List;

/**
 * What a query needs from a table scan.
 *
 * @param columns indexes into the table's schema of the columns to produce, in output order
 * @param predicates conjuncts the scan may use to skip data (row groups, files). They are hints:
 *     the engine still applies every predicate to the rows the scan returns.
 */
public record ScanRequest(int[] columns, List<ColumnPredicate> predicates) {

  public static ScanRequest all(int columnCount) {
    int[] columns = new int[columnCount];
    for (int i = 0; i < columnCount; i++) {
      columns[i] = i;
    }
    return new ScanRequest(columns, List.of());
  }
}
