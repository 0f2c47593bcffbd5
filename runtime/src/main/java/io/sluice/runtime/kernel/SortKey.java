package io.sluice.runtime.kernel;

/**
 * One key of an ORDER BY: a column of the rows being sorted, its direction, and where NULLs go.
 * Strings compare as unsigned bytes (UTF-8 order is code point order); doubles put NaN above
 * every other value and treat -0.0 as equal to 0.0.
 */
public record SortKey(int column, boolean descending, boolean nullsFirst) {
  /** Ascending with NULLs last, SQL's default for ASC. */
  public static SortKey ascending(int column) {
    return new SortKey(column, false, false);
  }

  /** Descending with NULLs first, SQL's default for DESC. */
  public static SortKey descending(int column) {
    return new SortKey(column, true, true);
  }
}
