package io.sluice.catalog.connector;

import java.util.List;

/**
 * What a query needs from a table scan.
 *
 * @param columns indexes into the table's schema of the columns to produce, in output order
 * @param predicates conjuncts the scan may use to skip data (row groups, files). They are hints:
 *     the engine still applies every predicate to the rows the scan returns.
 * @param rejects where the scan reports rows it dropped or kept with NULLs because they were malformed
 * @param partEventTimes where a source made of parts reports each part's largest event time
 */
public record ScanRequest(int[] columns, List<ColumnPredicate> predicates, RejectedRows rejects,
    PartEventTimes partEventTimes) {

  public ScanRequest {
    rejects = rejects == null ? RejectedRows.NONE : rejects;
    partEventTimes = partEventTimes == null ? PartEventTimes.NONE : partEventTimes;
  }

  /** A request whose parts' event times go unreported (tables, and sources not made of parts). */
  public ScanRequest(int[] columns, List<ColumnPredicate> predicates, RejectedRows rejects) {
    this(columns, predicates, rejects, PartEventTimes.NONE);
  }

  /** A request whose rejected rows go unreported (tests, internal counts). */
  public ScanRequest(int[] columns, List<ColumnPredicate> predicates) {
    this(columns, predicates, RejectedRows.NONE);
  }

  public static ScanRequest all(int columnCount) {
    int[] columns = new int[columnCount];
    for (int i = 0; i < columnCount; i++) {
      columns[i] = i;
    }
    return new ScanRequest(columns, List.of());
  }
}
