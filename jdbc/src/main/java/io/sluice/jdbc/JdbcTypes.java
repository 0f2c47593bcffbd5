package io.sluice.jdbc;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.sql.Types;

/**
 * How Sluice types look through JDBC: the {@link Types} code, name, precision, scale, display
 * size and the Java class {@code getObject} returns.
 */
final class JdbcTypes {
  /** Reported size of a VARCHAR declared without a length: Sluice puts no limit on it. */
  static final int UNBOUNDED_LENGTH = Integer.MAX_VALUE;
  /** TIME and TIMESTAMP values are kept in milliseconds, so that is their precision when none is declared. */
  static final int DEFAULT_FRACTION_DIGITS = 3;

  private JdbcTypes() {}

  static int sqlType(TypeKind kind) {
    switch (kind) {
      case BOOLEAN: return Types.BOOLEAN;
      case TINYINT: return Types.TINYINT;
      case SMALLINT: return Types.SMALLINT;
      case INTEGER: return Types.INTEGER;
      case BIGINT: return Types.BIGINT;
      case DECIMAL: return Types.DECIMAL;
      case REAL: return Types.REAL;
      case DOUBLE: return Types.DOUBLE;
      case CHAR: return Types.CHAR;
      case VARCHAR: return Types.VARCHAR;
      case DATE: return Types.DATE;
      case TIME: return Types.TIME;
      case TIMESTAMP: return Types.TIMESTAMP;
      case NULL: return Types.NULL;
      default: return Types.OTHER; // intervals have no java.sql.Types code
    }
  }

  static int sqlType(DataType type) {
    return sqlType(type.kind());
  }

  static String typeName(DataType type) {
    return type.kind().sqlName();
  }

  /** Digits of the fraction for TIME/TIMESTAMP. */
  static int fractionDigits(DataType type) {
    return type.precision() >= 0 ? type.precision() : DEFAULT_FRACTION_DIGITS;
  }

  /** JDBC precision: digits for numbers, characters for text, length of the text form for date-times. */
  static int precision(DataType type) {
    switch (type.kind()) {
      case BOOLEAN: return 1;
      case TINYINT: return 3;
      case SMALLINT: return 5;
      case INTEGER: return 10;
      case BIGINT: return 19;
      case DECIMAL: return type.precision();
      case REAL: return 7;
      case DOUBLE: return 15;
      case CHAR:
      case VARCHAR: return type.precision() > 0 ? type.precision() : UNBOUNDED_LENGTH;
      case DATE: return 10;
      case TIME: return 8 + fractionWidth(type);
      case TIMESTAMP: return 19 + fractionWidth(type);
      case INTERVAL_YEAR_MONTH: return 12;
      case INTERVAL_DAY_TIME: return 25;
      default: return 0;
    }
  }

  static int scale(DataType type) {
    switch (type.kind()) {
      case DECIMAL: return type.scale();
      case TIME:
      case TIMESTAMP: return fractionDigits(type);
      default: return 0;
    }
  }

  static int displaySize(DataType type) {
    switch (type.kind()) {
      case BOOLEAN: return 5;
      case TINYINT: return 4;
      case SMALLINT: return 6;
      case INTEGER: return 11;
      case BIGINT: return 20;
      case DECIMAL: return type.precision() + (type.scale() > 0 ? 2 : 1);
      case REAL: return 15;
      case DOUBLE: return 24;
      default: return precision(type);
    }
  }

  static boolean isSigned(TypeKind kind) {
    return kind.isNumeric() || kind == TypeKind.INTERVAL_DAY_TIME || kind == TypeKind.INTERVAL_YEAR_MONTH;
  }

  /** Radix of the precision: 10 for numbers, none (0) for everything else. */
  static int radix(TypeKind kind) {
    return kind.isNumeric() ? 10 : 0;
  }

  /** The class of what {@link SluiceResultSet#getObject(int)} returns for the type. */
  static String className(TypeKind kind) {
    switch (kind) {
      case BOOLEAN: return Boolean.class.getName();
      case TINYINT: return Byte.class.getName();
      case SMALLINT: return Short.class.getName();
      case INTEGER: return Integer.class.getName();
      case BIGINT: return Long.class.getName();
      case DECIMAL: return java.math.BigDecimal.class.getName();
      case REAL: return Float.class.getName();
      case DOUBLE: return Double.class.getName();
      case CHAR:
      case VARCHAR: return String.class.getName();
      case DATE: return java.sql.Date.class.getName();
      case TIME: return java.sql.Time.class.getName();
      case TIMESTAMP: return java.sql.Timestamp.class.getName();
      case INTERVAL_YEAR_MONTH: return java.time.Period.class.getName();
      case INTERVAL_DAY_TIME: return java.time.Duration.class.getName();
      default: return Object.class.getName();
    }
  }

  /** Types usable in DDL, in the order getTypeInfo lists them (by java.sql.Types code). */
  static TypeKind[] declarableKinds() {
    return new TypeKind[] {
        TypeKind.TINYINT, TypeKind.BIGINT, TypeKind.CHAR, TypeKind.DECIMAL, TypeKind.INTEGER,
        TypeKind.SMALLINT, TypeKind.REAL, TypeKind.DOUBLE, TypeKind.VARCHAR, TypeKind.BOOLEAN,
        TypeKind.DATE, TypeKind.TIME, TypeKind.TIMESTAMP, TypeKind.INTERVAL_YEAR_MONTH,
        TypeKind.INTERVAL_DAY_TIME};
  }

  private static int fractionWidth(DataType type) {
    int digits = fractionDigits(type);
    return digits > 0 ? digits + 1 : 0;
  }
}
