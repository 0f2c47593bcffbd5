package io.sluice.catalog;

/**
 * The SQL types Sluice supports, each with the physical form its values take inside a
 * columnar batch.
 *
 * <p>Physical forms follow Calcite's internal representation so that literals cross the
 * planner boundary unchanged: DATE is days since the epoch, TIME milliseconds of the day,
 * TIMESTAMP milliseconds since the epoch, year-month intervals months, day-time intervals
 * milliseconds, and DECIMAL(p, s) the unscaled value (p at most 18).
 */
public enum TypeKind {
  BOOLEAN(PhysicalKind.BOOLEAN, "BOOLEAN"),
  TINYINT(PhysicalKind.LONG, "TINYINT"),
  SMALLINT(PhysicalKind.LONG, "SMALLINT"),
  INTEGER(PhysicalKind.LONG, "INTEGER"),
  BIGINT(PhysicalKind.LONG, "BIGINT"),
  DECIMAL(PhysicalKind.LONG, "DECIMAL"),
  REAL(PhysicalKind.DOUBLE, "REAL"),
  DOUBLE(PhysicalKind.DOUBLE, "DOUBLE"),
  CHAR(PhysicalKind.BYTES, "CHAR"),
  VARCHAR(PhysicalKind.BYTES, "VARCHAR"),
  DATE(PhysicalKind.LONG, "DATE"),
  TIME(PhysicalKind.LONG, "TIME"),
  TIMESTAMP(PhysicalKind.LONG, "TIMESTAMP"),
  INTERVAL_YEAR_MONTH(PhysicalKind.LONG, "INTERVAL YEAR TO MONTH"),
  INTERVAL_DAY_TIME(PhysicalKind.LONG, "INTERVAL DAY TO SECOND"),
  /** The type of an untyped NULL literal; stored as a column that is null everywhere. */
  NULL(PhysicalKind.LONG, "NULL");

  /** How values of a type are laid out in a batch. */
  public enum PhysicalKind { BOOLEAN, LONG, DOUBLE, BYTES }

  private final PhysicalKind physical;
  private final String sqlName;

  TypeKind(PhysicalKind physical, String sqlName) {
    this.physical = physical;
    this.sqlName = sqlName;
  }

  public PhysicalKind physical() {
    return physical;
  }

  public String sqlName() {
    return sqlName;
  }

  public boolean isIntegral() {
    return this == TINYINT || this == SMALLINT || this == INTEGER || this == BIGINT;
  }

  public boolean isNumeric() {
    return isIntegral() || this == DECIMAL || this == REAL || this == DOUBLE;
  }

  public boolean isString() {
    return this == CHAR || this == VARCHAR;
  }
}
