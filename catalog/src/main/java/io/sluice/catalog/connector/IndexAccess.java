package io.sluice.catalog.connector;

/**
 * How a table would read the rows of a scan through one of its indexes, for EXPLAIN and costing:
 * which index, the part of the scan's predicates it looks up, how many rows that gives and why it
 * is (or is not) used.
 *
 * @param index the index's name
 * @param kind "btree" (ordered: equality on leading columns, then a range) or "hash" (equality)
 * @param condition the predicates looked up, as "a = 1, b > 5"
 * @param rows the rows the lookup gives (exact for known values), or -1 when values come at run
 *     time and the choice is made then
 * @param tableRows the table's rows
 * @param chosen whether the scan reads through the index rather than every row
 */
public record IndexAccess(String index, String kind, String condition, long rows, long tableRows, boolean chosen) {
  /** As EXPLAIN shows it: {@code ix (a > 5): btree, 12 of 1000 rows}. */
  public String describe() {
    return index + " (" + condition + "): " + kind + ", "
        + (rows < 0 ? "rows chosen at run time" : rows + " of " + tableRows + " rows");
  }
}
