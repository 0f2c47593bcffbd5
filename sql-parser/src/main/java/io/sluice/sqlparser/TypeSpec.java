package io.sluice.sqlparser;

/**
 * A column type as written, under its canonical name: BOOLEAN, TINYINT, SMALLINT, INTEGER,
 * BIGINT, REAL, DOUBLE, DECIMAL, CHAR, VARCHAR, DATE, TIME, TIMESTAMP,
 * "INTERVAL YEAR TO MONTH" or "INTERVAL DAY TO SECOND". Precision and scale are -1 when absent;
 * for intervals they hold the leading field precision and the fractional second precision.
 */
public record TypeSpec(String name, int precision, int scale) {
  /** Canonical name of year-month intervals. */
  public static final String INTERVAL_YEAR_MONTH = "INTERVAL YEAR TO MONTH";
  /** Canonical name of day-time intervals. */
  public static final String INTERVAL_DAY_SECOND = "INTERVAL DAY TO SECOND";

  /** A type without precision or scale. */
  public static TypeSpec of(String name) {
    return new TypeSpec(name, -1, -1);
  }
}
