package io.sluice.jdbc;

import io.sluice.catalog.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The values bound to a prepared statement's {@code ?} markers. Each value is converted to
 * the Java class the engine expects for the parameter's type when it is set, so a bad value
 * is reported by the setter that gave it.
 */
final class Parameters {
  private final List<DataType> types;
  private final Object[] values;
  private final boolean[] set;

  Parameters(List<DataType> types) {
    this.types = List.copyOf(types);
    this.values = new Object[types.size()];
    this.set = new boolean[types.size()];
  }

  int size() {
    return types.size();
  }

  List<DataType> types() {
    return types;
  }

  void set(int index, Object value) throws SQLException {
    if (index < 1 || index > values.length) {
      throw new SQLException("Parameter index " + index + " is out of range: the statement has " + values.length
          + " parameter" + (values.length == 1 ? "" : "s"), "07009");
    }
    values[index - 1] = value == null ? null : coerce(types.get(index - 1), value, index);
    set[index - 1] = true;
  }

  void clear() {
    Arrays.fill(values, null);
    Arrays.fill(set, false);
  }

  /** The values in order; an error naming the first parameter that has none. */
  List<Object> values() throws SQLException {
    for (int i = 0; i < set.length; i++) {
      if (!set[i]) {
        throw new SQLException("No value specified for parameter " + (i + 1), "07002");
      }
    }
    return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(values)));
  }

  /** Converts a value to what the engine takes for the parameter type (see Values.toJava). */
  static Object coerce(DataType type, Object value, int index) throws SQLException {
    Object v = normalize(value);
    try {
      switch (type.kind()) {
        case BOOLEAN: return Conversions.toBoolean(v);
        case TINYINT: return (byte) Conversions.toLong(v, Byte.MIN_VALUE, Byte.MAX_VALUE, "TINYINT");
        case SMALLINT: return (short) Conversions.toLong(v, Short.MIN_VALUE, Short.MAX_VALUE, "SMALLINT");
        case INTEGER: return (int) Conversions.toLong(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "INTEGER");
        case BIGINT: return Conversions.toLong(v, Long.MIN_VALUE, Long.MAX_VALUE, "BIGINT");
        case DECIMAL: return Conversions.toBigDecimal(v);
        case REAL: return (float) Conversions.toDouble(v, "REAL");
        case DOUBLE: return Conversions.toDouble(v, "DOUBLE");
        case CHAR:
        case VARCHAR: return v.toString();
        case DATE: return Conversions.toLocalDate(v);
        case TIME: return Conversions.toLocalTime(v);
        case TIMESTAMP: return Conversions.toLocalDateTime(v);
        case INTERVAL_YEAR_MONTH:
          if (v instanceof Period) {
            return v;
          }
          break;
        case INTERVAL_DAY_TIME:
          if (v instanceof Duration) {
            return v;
          }
          break;
        default:
          return v; // type not known yet (e.g. NULL): let the engine decide
      }
    } catch (SQLException e) {
      throw new java.sql.SQLDataException(e.getMessage() + " for parameter " + index + " of type " + type.sql(),
          e.getSQLState(), e);
    }
    throw Errors.conversion("Cannot use " + Conversions.describe(value) + " (" + value.getClass().getSimpleName()
        + ") for parameter " + index + " of type " + type.sql());
  }

  /** java.sql date-time classes and other JDBC-isms to the java.time / plain forms the engine takes. */
  static Object normalize(Object value) throws SQLException {
    if (value instanceof java.sql.Date) {
      return ((java.sql.Date) value).toLocalDate();
    }
    if (value instanceof java.sql.Time) {
      return Conversions.toLocalTime(value);
    }
    if (value instanceof java.sql.Timestamp) {
      return ((java.sql.Timestamp) value).toLocalDateTime();
    }
    if (value instanceof java.util.Date) {
      return Conversions.toLocalDateTime(value);
    }
    if (value instanceof Character) {
      return value.toString();
    }
    if (value instanceof BigInteger) {
      return new BigDecimal((BigInteger) value);
    }
    if (value instanceof Boolean || value instanceof Number || value instanceof String || value instanceof LocalDate
        || value instanceof LocalTime || value instanceof LocalDateTime || value instanceof Period
        || value instanceof Duration) {
      return value;
    }
    throw Errors.unsupported("Parameter values of class " + value.getClass().getName());
  }
}
