package io.sluice.catalog.connector;

import io.sluice.catalog.data.CodePointOrder;

/**
 * A simple comparison of a table column with a constant, pushed to a scan so it can skip data
 * by statistics.
 *
 * @param column index into the table's schema
 * @param operator the comparison
 * @param value the constant in the column type's internal form (Long, Double, Boolean or
 *     String); null for the IS [NOT] NULL operators
 */
public record ColumnPredicate(int column, Operator operator, Object value) {
  /**
   * The value of a comparison with a {@code ?} parameter while planning, before a run binds it
   * (see {@link Table#indexAccess}); scans never receive it.
   */
  public static final Object PARAMETER = new Object() {
    @Override
    public String toString() {
      return "?";
    }
  };

  /** Comparisons a scan can evaluate against min/max statistics. */
  public enum Operator {
    EQUALS("="), NOT_EQUALS("<>"), LESS_THAN("<"), LESS_THAN_OR_EQUAL("<="), GREATER_THAN(">"),
    GREATER_THAN_OR_EQUAL(">="), IS_NULL("IS NULL"), IS_NOT_NULL("IS NOT NULL");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /**
   * Whether a block whose values of this column lie in {@code [min, max]} with
   * {@code nullCount} nulls of {@code rowCount} rows may hold a row that satisfies this
   * predicate. Unknown bounds (null) mean it may.
   */
  public boolean mayMatch(Object min, Object max, long nullCount, long rowCount) {
    switch (operator) {
      case IS_NULL:
        return nullCount != 0;
      case IS_NOT_NULL:
        return nullCount < rowCount;
      default:
        break;
    }
    if (nullCount >= rowCount && rowCount > 0) {
      return false; // only nulls: no comparison holds
    }
    if (min == null || max == null || value == null || !(value instanceof Comparable)
        || min.getClass() != value.getClass() || max.getClass() != value.getClass()) {
      return true;
    }
    int toMin = compare(value, min);
    int toMax = compare(value, max);
    switch (operator) {
      case EQUALS:
        return toMin >= 0 && toMax <= 0;
      case NOT_EQUALS:
        return !(toMin == 0 && toMax == 0);
      case LESS_THAN:
        return toMin > 0;
      case LESS_THAN_OR_EQUAL:
        return toMin >= 0;
      case GREATER_THAN:
        return toMax < 0;
      case GREATER_THAN_OR_EQUAL:
        return toMax <= 0;
      default:
        return true;
    }
  }

  /** Text by code point, as rows compare (not by UTF-16 unit); other values by their own order. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    return a instanceof String ? CodePointOrder.compare((String) a, (String) b) : ((Comparable) a).compareTo(b);
  }
}
