package io.sluice.catalog.data;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Conversions between values inside batches and the Java objects seen at the edges of the
 * engine (JDBC, literals in tests, display). Never used on a per-row hot path inside a query.
 */
public final class Values {
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final DateTimeFormatter TIME_MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final DateTimeFormatter TIME_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Values() {}

  /** The value at {@code row} as the Java object JDBC's getObject returns, or null. */
  public static Object toJava(DataType type, ColumnVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    switch (type.kind()) {
      case BOOLEAN:
        return ((BooleanVector) vector).values[row];
      case TINYINT:
        return (byte) ((LongVector) vector).values[row];
      case SMALLINT:
        return (short) ((LongVector) vector).values[row];
      case INTEGER:
        return (int) ((LongVector) vector).values[row];
      case BIGINT:
        return ((LongVector) vector).values[row];
      case DECIMAL:
        return decimal(type, vector, row);
      case REAL:
        return (float) ((DoubleVector) vector).values[row];
      case DOUBLE:
        return ((DoubleVector) vector).values[row];
      case CHAR:
      case VARCHAR:
        return ((BytesVector) vector).getString(row);
      case DATE:
        return LocalDate.ofEpochDay(((LongVector) vector).values[row]);
      case TIME:
        return LocalTime.ofNanoOfDay(((LongVector) vector).values[row] * 1_000_000L);
      case TIMESTAMP:
        return timestampToJava(((LongVector) vector).values[row]);
      case INTERVAL_YEAR_MONTH:
        return Period.ofMonths((int) ((LongVector) vector).values[row]).normalized();
      case INTERVAL_DAY_TIME:
        return Duration.ofMillis(((LongVector) vector).values[row]);
      case NULL:
      default:
        return null;
    }
  }

  private static BigDecimal decimal(DataType type, ColumnVector vector, int row) {
    if (type.isWideDecimal()) {
      BytesVector bytes = (BytesVector) vector;
      return WideDecimal.toBigDecimal(bytes.data, bytes.start(row), type.scale());
    }
    return BigDecimal.valueOf(((LongVector) vector).values[row], type.scale());
  }

  public static LocalDateTime timestampToJava(long millis) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
        (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC);
  }

  public static long timestampFromJava(LocalDateTime value) {
    return value.toEpochSecond(ZoneOffset.UTC) * 1000L + value.getNano() / 1_000_000;
  }

  /** Writes a Java object (as {@link #toJava} returns, or a compatible one) at {@code row}. */
  public static void write(DataType type, ColumnVector vector, int row, Object value) {
    if (value == null) {
      if (vector instanceof BytesVector) {
        ((BytesVector) vector).setNullAt(row);
      } else {
        vector.setNull(row);
      }
      return;
    }
    vector.nulls[row] = false;
    switch (type.physical()) {
      case BOOLEAN:
        ((BooleanVector) vector).values[row] = (Boolean) value;
        break;
      case DOUBLE:
        ((DoubleVector) vector).values[row] = ((Number) value).doubleValue();
        break;
      case BYTES:
        if (type.isWideDecimal()) {
          ((BytesVector) vector).set(row, value instanceof byte[] ? (byte[]) value
              : WideDecimal.encode(value instanceof BigDecimal ? (BigDecimal) value
                  : new BigDecimal(value.toString()), type));
        } else if (value instanceof byte[]) {
          ((BytesVector) vector).set(row, (byte[]) value);
        } else {
          ((BytesVector) vector).setString(row, value.toString());
        }
        break;
      default:
        ((LongVector) vector).values[row] = toInternalLong(type, value);
    }
  }

  /** The internal {@code long} form of a value of a LONG-physical type. */
  public static long toInternalLong(DataType type, Object value) {
    switch (type.kind()) {
      case DECIMAL: {
        BigDecimal d = value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString());
        BigInteger unscaled = d.setScale(type.scale(), java.math.RoundingMode.HALF_UP).unscaledValue();
        if (unscaled.bitLength() > 63 || unscaled.abs().compareTo(BigInteger.TEN.pow(type.precision())) >= 0) {
          throw new SluiceException(ErrorCode.NUMERIC_OVERFLOW,
              "Value " + d.toPlainString() + " does not fit " + type.sql());
        }
        return unscaled.longValue();
      }
      case DATE:
        return value instanceof LocalDate ? ((LocalDate) value).toEpochDay() : ((Number) value).longValue();
      case TIME:
        return value instanceof LocalTime ? ((LocalTime) value).toNanoOfDay() / 1_000_000L : ((Number) value).longValue();
      case TIMESTAMP:
        return value instanceof LocalDateTime ? timestampFromJava((LocalDateTime) value) : ((Number) value).longValue();
      case INTERVAL_YEAR_MONTH:
        return value instanceof Period ? ((Period) value).toTotalMonths() : ((Number) value).longValue();
      case INTERVAL_DAY_TIME:
        return value instanceof Duration ? ((Duration) value).toMillis() : ((Number) value).longValue();
      default:
        return ((Number) value).longValue();
    }
  }

  /** The value at {@code row} as text, the way the shell and CSV output show it; null for NULL. */
  public static String format(DataType type, ColumnVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    switch (type.kind()) {
      case CHAR:
      case VARCHAR:
        return ((BytesVector) vector).getString(row);
      case DECIMAL:
        return decimal(type, vector, row).toPlainString();
      case REAL:
        return formatDouble((float) ((DoubleVector) vector).values[row]);
      case DOUBLE:
        return formatDouble(((DoubleVector) vector).values[row]);
      case DATE:
        return LocalDate.ofEpochDay(((LongVector) vector).values[row]).toString();
      case TIME: {
        LocalTime t = LocalTime.ofNanoOfDay(((LongVector) vector).values[row] * 1_000_000L);
        return t.getNano() == 0 ? TIME_SECONDS.format(t) : TIME_MILLIS.format(t);
      }
      case TIMESTAMP:
        return formatTimestamp(((LongVector) vector).values[row]);
      case INTERVAL_YEAR_MONTH:
        return formatMonths(((LongVector) vector).values[row]);
      case INTERVAL_DAY_TIME:
        return formatMillisInterval(((LongVector) vector).values[row]);
      default:
        Object o = toJava(type, vector, row);
        return String.valueOf(o);
    }
  }

  /**
   * A value in a type's internal form (Long, Double, Boolean or String) as a SQL literal, e.g.
   * {@code DATE '2015-01-01'}, {@code 12.50} or {@code 'tea'}; for EXPLAIN and messages.
   */
  public static String literal(DataType type, Object internal) {
    if (internal == null) {
      return "NULL";
    }
    switch (type.kind()) {
      case CHAR:
      case VARCHAR:
        return "'" + internal.toString().replace("'", "''") + "'";
      case DECIMAL:
        if (internal instanceof Long) {
          return BigDecimal.valueOf((Long) internal, type.scale()).toPlainString();
        }
        return internal instanceof byte[] ? WideDecimal.toBigDecimal((byte[]) internal, 0, type.scale()).toPlainString()
            : internal.toString();
      case DATE:
        return "DATE '" + LocalDate.ofEpochDay(((Number) internal).longValue()) + "'";
      case TIME:
        return "TIME '" + LocalTime.ofNanoOfDay(((Number) internal).longValue() * 1_000_000L) + "'";
      case TIMESTAMP:
        return "TIMESTAMP '" + formatTimestamp(((Number) internal).longValue()) + "'";
      default:
        return internal.toString();
    }
  }

  public static String formatDouble(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d) + ".0";
    }
    return Double.toString(d);
  }

  public static String formatDouble(float f) {
    if (f == Math.rint(f) && !Float.isInfinite(f) && Math.abs(f) < 1e7) {
      return Long.toString((long) f) + ".0";
    }
    return Float.toString(f);
  }

  public static String formatTimestamp(long millis) {
    LocalDateTime t = timestampToJava(millis);
    String date = t.toLocalDate().toString();
    LocalTime time = t.toLocalTime();
    return date + " " + (time.getNano() == 0 ? TIME_SECONDS.format(time) : TIME_MILLIS.format(time));
  }

  public static String formatMonths(long months) {
    String sign = months < 0 ? "-" : "+";
    long m = Math.abs(months);
    return sign + (m / 12) + "-" + String.format("%02d", m % 12);
  }

  public static String formatMillisInterval(long millis) {
    String sign = millis < 0 ? "-" : "+";
    long m = Math.abs(millis);
    long days = m / MILLIS_PER_DAY;
    long rest = m % MILLIS_PER_DAY;
    long h = rest / 3_600_000L;
    long min = rest / 60_000L % 60;
    long s = rest / 1000L % 60;
    long ms = rest % 1000L;
    String base = String.format("%s%d %02d:%02d:%02d", sign, days, h, min, s);
    return ms == 0 ? base : base + String.format(".%03d", ms);
  }

  public static String utf8(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }
}
