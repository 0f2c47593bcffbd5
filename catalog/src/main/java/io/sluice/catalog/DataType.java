package io.sluice.catalog;

import java.util.Objects;

/**
 * A SQL type with its parameters and nullability.
 *
 * @param kind the type
 * @param precision length for CHAR/VARCHAR, precision for DECIMAL and TIMESTAMP/TIME; -1 when not given
 * @param scale scale for DECIMAL; 0 otherwise
 * @param nullable whether values may be NULL
 */
public record DataType(TypeKind kind, int precision, int scale, boolean nullable) {

  /** Largest DECIMAL precision, as in PostgreSQL's default, DuckDB and Trino. */
  public static final int MAX_DECIMAL_PRECISION = 38;

  /**
   * Largest precision of a DECIMAL stored as an unscaled {@code long}; wider ones are stored as
   * 16-byte values in a bytes column (see {@link io.sluice.catalog.data.WideDecimal}).
   */
  public static final int MAX_LONG_DECIMAL_PRECISION = 18;

  public DataType {
    Objects.requireNonNull(kind, "kind");
    if (kind == TypeKind.DECIMAL && (precision < 1 || precision > MAX_DECIMAL_PRECISION)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED_TYPE,
          "DECIMAL precision must be between 1 and " + MAX_DECIMAL_PRECISION + ", not " + precision);
    }
    if (kind == TypeKind.DECIMAL && (scale < 0 || scale > precision)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED_TYPE,
          "DECIMAL scale must be between 0 and the precision " + precision + ", not " + scale);
    }
  }

  public static DataType of(TypeKind kind) {
    return new DataType(kind, -1, 0, true);
  }

  public static DataType decimal(int precision, int scale) {
    return new DataType(TypeKind.DECIMAL, precision, scale, true);
  }

  public static DataType varchar(int length) {
    return new DataType(TypeKind.VARCHAR, length, 0, true);
  }

  public DataType withNullable(boolean newNullable) {
    return newNullable == nullable ? this : new DataType(kind, precision, scale, newNullable);
  }

  /**
   * How values of this type are laid out in a batch: a DECIMAL wider than
   * {@link #MAX_LONG_DECIMAL_PRECISION} digits is a 16-byte value in a bytes column, every other
   * type as its kind says.
   */
  public TypeKind.PhysicalKind physical() {
    return isWideDecimal() ? TypeKind.PhysicalKind.BYTES : kind.physical();
  }

  /** Whether this is a DECIMAL too wide for a {@code long}: stored as a {@code WideDecimal}. */
  public boolean isWideDecimal() {
    return kind == TypeKind.DECIMAL && precision > MAX_LONG_DECIMAL_PRECISION;
  }

  /** The type as SQL writes it, e.g. {@code DECIMAL(10, 2)} or {@code VARCHAR}. */
  public String sql() {
    switch (kind) {
      case DECIMAL:
        return "DECIMAL(" + precision + ", " + scale + ")";
      case CHAR:
      case VARCHAR:
        return precision > 0 ? kind.sqlName() + "(" + precision + ")" : kind.sqlName();
      case TIMESTAMP:
      case TIME:
        return precision >= 0 ? kind.sqlName() + "(" + precision + ")" : kind.sqlName();
      default:
        return kind.sqlName();
    }
  }

  @Override
  public String toString() {
    return nullable ? sql() : sql() + " NOT NULL";
  }
}
