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

  /** Largest DECIMAL precision: decimal values are stored unscaled in a {@code long}. */
  public static final int MAX_DECIMAL_PRECISION = 18;

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

  public TypeKind.PhysicalKind physical() {
    return kind.physical();
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
