package io.sluice.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Calendar;
import java.util.Locale;

/**
 * Value conversions between the Java objects the engine produces and takes and what JDBC
 * getters and setters ask for. Date-time values are wall-clock values: no time zone shift is
 * applied unless a {@link Calendar} is passed.
 */
final class Conversions {
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private Conversions() {}

  /** An integral value with its fraction cut off; an error if it does not fit in [min, max]. */
  static long toLong(Object value, long min, long max, String target) throws SQLException {
    long result;
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      result = ((Number) value).longValue();
    } else if (value instanceof BigDecimal || value instanceof BigInteger) {
      BigDecimal d = value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal((BigInteger) value);
      d = d.setScale(0, RoundingMode.DOWN);
      if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
        throw outOfRange(value, target);
      }
      result = d.longValue();
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || d < -9.223372036854776E18 || d >= 9.223372036854776E18) {
        throw outOfRange(value, target);
      }
      result = (long) d;
    } else if (value instanceof Boolean) {
      result = (Boolean) value ? 1 : 0;
    } else if (value instanceof String) {
      String text = ((String) value).trim();
      try {
        result = Long.parseLong(text);
      } catch (NumberFormatException notAnInteger) {
        try {
          return toLong(new BigDecimal(text), min, max, target);
        } catch (NumberFormatException notANumber) {
          throw cannotConvert(value, target);
        }
      }
    } else {
      throw cannotConvert(value, target);
    }
    if (result < min || result > max) {
      throw outOfRange(value, target);
    }
    return result;
  }

  static double toDouble(Object value, String target) throws SQLException {
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Boolean) {
      return (Boolean) value ? 1 : 0;
    }
    if (value instanceof String) {
      try {
        return Double.parseDouble(((String) value).trim());
      } catch (NumberFormatException e) {
        throw cannotConvert(value, target);
      }
    }
    throw cannotConvert(value, target);
  }

  static BigDecimal toBigDecimal(Object value) throws SQLException {
    if (value instanceof BigDecimal) {
      return (BigDecimal) value;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger) {
      return new BigDecimal((BigInteger) value);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw cannotConvert(value, "DECIMAL");
      }
      // Float.toString keeps the digits the user sees (0.1f, not 0.100000001490116...).
      return value instanceof Float ? new BigDecimal(value.toString()) : BigDecimal.valueOf(d);
    }
    if (value instanceof Boolean) {
      return (Boolean) value ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (value instanceof String) {
      try {
        return new BigDecimal(((String) value).trim());
      } catch (NumberFormatException e) {
        throw cannotConvert(value, "DECIMAL");
      }
    }
    throw cannotConvert(value, "DECIMAL");
  }

  static boolean toBoolean(Object value) throws SQLException {
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).signum() != 0;
    }
    if (value instanceof Number) {
      return ((Number) value).doubleValue() != 0;
    }
    if (value instanceof String) {
      String text = ((String) value).trim().toLowerCase(Locale.ROOT);
      switch (text) {
        case "true": case "t": case "yes": case "y": case "1": return true;
        case "false": case "f": case "no": case "n": case "0": return false;
        default: throw cannotConvert(value, "BOOLEAN");
      }
    }
    throw cannotConvert(value, "BOOLEAN");
  }

  static LocalDate toLocalDate(Object value) throws SQLException {
    if (value instanceof LocalDate) {
      return (LocalDate) value;
    }
    if (value instanceof LocalDateTime) {
      return ((LocalDateTime) value).toLocalDate();
    }
    if (value instanceof java.sql.Date) {
      return ((java.sql.Date) value).toLocalDate();
    }
    if (value instanceof Timestamp) {
      return ((Timestamp) value).toLocalDateTime().toLocalDate();
    }
    if (value instanceof String) {
      String text = ((String) value).trim();
      try {
        return text.length() > 10 ? parseDateTime(text).toLocalDate() : LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        throw cannotConvert(value, "DATE");
      }
    }
    throw cannotConvert(value, "DATE");
  }

  static LocalTime toLocalTime(Object value) throws SQLException {
    if (value instanceof LocalTime) {
      return (LocalTime) value;
    }
    if (value instanceof LocalDateTime) {
      return ((LocalDateTime) value).toLocalTime();
    }
    if (value instanceof Time) {
      Time time = (Time) value;
      // Time.toLocalTime drops the milliseconds that java.sql.Time does carry.
      return time.toLocalTime().withNano((int) Math.floorMod(time.getTime(), 1000L) * 1_000_000);
    }
    if (value instanceof Timestamp) {
      return ((Timestamp) value).toLocalDateTime().toLocalTime();
    }
    if (value instanceof String) {
      String text = ((String) value).trim();
      try {
        return text.length() > 12 ? parseDateTime(text).toLocalTime() : LocalTime.parse(text);
      } catch (DateTimeParseException e) {
        throw cannotConvert(value, "TIME");
      }
    }
    throw cannotConvert(value, "TIME");
  }

  static LocalDateTime toLocalDateTime(Object value) throws SQLException {
    if (value instanceof LocalDateTime) {
      return (LocalDateTime) value;
    }
    if (value instanceof LocalDate) {
      return ((LocalDate) value).atStartOfDay();
    }
    if (value instanceof Timestamp) {
      return ((Timestamp) value).toLocalDateTime();
    }
    if (value instanceof java.sql.Date) {
      return ((java.sql.Date) value).toLocalDate().atStartOfDay();
    }
    if (value instanceof java.util.Date) {
      return new Timestamp(((java.util.Date) value).getTime()).toLocalDateTime();
    }
    if (value instanceof String) {
      String text = ((String) value).trim();
      try {
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay() : parseDateTime(text);
      } catch (DateTimeParseException e) {
        throw cannotConvert(value, "TIMESTAMP");
      }
    }
    throw cannotConvert(value, "TIMESTAMP");
  }

  static java.sql.Date toSqlDate(LocalDate date, Calendar calendar) {
    if (calendar == null) {
      return java.sql.Date.valueOf(date);
    }
    Calendar c = (Calendar) calendar.clone();
    c.clear();
    c.set(date.getYear(), date.getMonthValue() - 1, date.getDayOfMonth());
    return new java.sql.Date(c.getTimeInMillis());
  }

  static Time toSqlTime(LocalTime time, Calendar calendar) {
    int millis = time.getNano() / 1_000_000;
    if (calendar == null) {
      // Time.valueOf(LocalTime) keeps only whole seconds.
      return new Time(Time.valueOf(time).getTime() + millis);
    }
    Calendar c = (Calendar) calendar.clone();
    c.clear();
    c.set(1970, Calendar.JANUARY, 1, time.getHour(), time.getMinute(), time.getSecond());
    c.set(Calendar.MILLISECOND, millis);
    return new Time(c.getTimeInMillis());
  }

  static Timestamp toSqlTimestamp(LocalDateTime dateTime, Calendar calendar) {
    if (calendar == null) {
      return Timestamp.valueOf(dateTime);
    }
    Calendar c = (Calendar) calendar.clone();
    c.clear();
    c.set(dateTime.getYear(), dateTime.getMonthValue() - 1, dateTime.getDayOfMonth(), dateTime.getHour(),
        dateTime.getMinute(), dateTime.getSecond());
    Timestamp t = new Timestamp(c.getTimeInMillis());
    t.setNanos(dateTime.getNano());
    return t;
  }

  /** The wall-clock value a java.sql date-time object shows in the given calendar's zone. */
  static LocalDateTime fromCalendar(java.util.Date value, Calendar calendar) {
    Calendar c = (Calendar) calendar.clone();
    c.setTimeInMillis(value.getTime());
    int nanos = value instanceof Timestamp ? ((Timestamp) value).getNanos() : c.get(Calendar.MILLISECOND) * 1_000_000;
    return LocalDateTime.of(c.get(Calendar.YEAR), c.get(Calendar.MONTH) + 1, c.get(Calendar.DAY_OF_MONTH),
        c.get(Calendar.HOUR_OF_DAY), c.get(Calendar.MINUTE), c.get(Calendar.SECOND), nanos);
  }

  /** The object JDBC's getObject(int) returns: java.sql date-time classes instead of java.time. */
  static Object toJdbcObject(Object value) {
    if (value instanceof LocalDate) {
      return java.sql.Date.valueOf((LocalDate) value);
    }
    if (value instanceof LocalTime) {
      return toSqlTime((LocalTime) value, null);
    }
    if (value instanceof LocalDateTime) {
      return Timestamp.valueOf((LocalDateTime) value);
    }
    return value;
  }

  /** The value converted to {@code type}, for getObject(int, Class). */
  static Object toClass(Object value, Class<?> type) throws SQLException {
    if (type.isInstance(value) && !(value instanceof java.util.Date)) {
      return value;
    }
    if (type == String.class) {
      return value.toString();
    }
    if (type == Boolean.class) {
      return toBoolean(value);
    }
    if (type == Byte.class) {
      return (byte) toLong(value, Byte.MIN_VALUE, Byte.MAX_VALUE, "TINYINT");
    }
    if (type == Short.class) {
      return (short) toLong(value, Short.MIN_VALUE, Short.MAX_VALUE, "SMALLINT");
    }
    if (type == Integer.class) {
      return (int) toLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE, "INTEGER");
    }
    if (type == Long.class) {
      return toLong(value, Long.MIN_VALUE, Long.MAX_VALUE, "BIGINT");
    }
    if (type == Float.class) {
      return (float) toDouble(value, "REAL");
    }
    if (type == Double.class) {
      return toDouble(value, "DOUBLE");
    }
    if (type == BigDecimal.class) {
      return toBigDecimal(value);
    }
    if (type == BigInteger.class) {
      return toBigDecimal(value).toBigInteger();
    }
    if (type == LocalDate.class) {
      return toLocalDate(value);
    }
    if (type == LocalTime.class) {
      return toLocalTime(value);
    }
    if (type == LocalDateTime.class) {
      return toLocalDateTime(value);
    }
    if (type == java.sql.Date.class) {
      return java.sql.Date.valueOf(toLocalDate(value));
    }
    if (type == Time.class) {
      return toSqlTime(toLocalTime(value), null);
    }
    if (type == Timestamp.class || type == java.util.Date.class) {
      return Timestamp.valueOf(toLocalDateTime(value));
    }
    if (type == Period.class || type == Duration.class) {
      throw cannotConvert(value, type.getSimpleName());
    }
    if (type == Object.class) {
      return toJdbcObject(value);
    }
    throw new SQLDataException("Cannot convert a value to " + type.getName()
        + ": supported classes are String, Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal,"
        + " BigInteger, LocalDate, LocalTime, LocalDateTime, java.sql.Date, Time, Timestamp, Period, Duration",
        "22018");
  }

  static String describe(Object value) {
    String text = value instanceof String ? "'" + value + "'" : String.valueOf(value);
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  private static LocalDateTime parseDateTime(String text) {
    return LocalDateTime.parse(text.replace(' ', 'T'));
  }

  private static SQLDataException cannotConvert(Object value, String target) {
    return Errors.conversion("Cannot convert " + describe(value) + " (" + value.getClass().getSimpleName()
        + ") to " + target);
  }

  private static SQLDataException outOfRange(Object value, String target) {
    return new SQLDataException("Value " + describe(value) + " is out of range for " + target, "22003");
  }
}
