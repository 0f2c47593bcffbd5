package io.sluice.server.pgwire;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * Values in PostgreSQL's text and binary formats: a result's columns out, a statement's
 * parameters in. The formats are PostgreSQL's ({@code boolout}, {@code int8send}, {@code numeric_send},
 * {@code timestamp_send}: dates count days and timestamps microseconds from 2000-01-01).
 */
final class PgValues {
  private static final LocalDate EPOCH = LocalDate.of(2000, 1, 1);
  private static final LocalDateTime EPOCH_TIME = EPOCH.atStartOfDay();
  private static final short NUMERIC_POSITIVE = 0x0000;
  private static final short NUMERIC_NEGATIVE = 0x4000;

  private PgValues() {}

  /** Column {@code column} of the current row in the text format, or null for SQL NULL. */
  static byte[] text(ResultSet rows, int column, PgType type) throws SQLException {
    switch (type) {
      case BOOL: {
        boolean b = rows.getBoolean(column);
        return rows.wasNull() ? null : new byte[] {(byte) (b ? 't' : 'f')};
      }
      case FLOAT4:
      case FLOAT8: {
        double d = rows.getDouble(column);
        return rows.wasNull() ? null : ascii(type == PgType.FLOAT4 ? floatText((float) d) : doubleText(d));
      }
      case NUMERIC: {
        BigDecimal d = rows.getBigDecimal(column);
        return d == null ? null : ascii(d.toPlainString());
      }
      case TIME:
      case TIMESTAMP: {
        String s = rows.getString(column);
        return s == null ? null : ascii(secondsText(s));
      }
      default: {
        String s = rows.getString(column);
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  /** Column {@code column} of the current row in the binary format, or null for SQL NULL. */
  static byte[] binary(ResultSet rows, int column, PgType type) throws SQLException {
    switch (type) {
      case BOOL: {
        boolean b = rows.getBoolean(column);
        return rows.wasNull() ? null : new byte[] {(byte) (b ? 1 : 0)};
      }
      case INT2: {
        short v = rows.getShort(column);
        return rows.wasNull() ? null : ByteBuffer.allocate(2).putShort(v).array();
      }
      case INT4: {
        int v = rows.getInt(column);
        return rows.wasNull() ? null : ByteBuffer.allocate(4).putInt(v).array();
      }
      case INT8: {
        long v = rows.getLong(column);
        return rows.wasNull() ? null : ByteBuffer.allocate(8).putLong(v).array();
      }
      case FLOAT4: {
        float v = rows.getFloat(column);
        return rows.wasNull() ? null : ByteBuffer.allocate(4).putFloat(v).array();
      }
      case FLOAT8: {
        double v = rows.getDouble(column);
        return rows.wasNull() ? null : ByteBuffer.allocate(8).putDouble(v).array();
      }
      case NUMERIC: {
        BigDecimal v = rows.getBigDecimal(column);
        return v == null ? null : numericBinary(v);
      }
      case DATE: {
        LocalDate v = rows.getObject(column, LocalDate.class);
        return v == null ? null : ByteBuffer.allocate(4).putInt((int) ChronoUnit.DAYS.between(EPOCH, v)).array();
      }
      case TIME: {
        LocalTime v = rows.getObject(column, LocalTime.class);
        return v == null ? null : ByteBuffer.allocate(8).putLong(v.toNanoOfDay() / 1000).array();
      }
      case TIMESTAMP: {
        LocalDateTime v = rows.getObject(column, LocalDateTime.class);
        return v == null ? null : ByteBuffer.allocate(8).putLong(ChronoUnit.MICROS.between(EPOCH_TIME, v)).array();
      }
      default:
        return text(rows, column, type);
    }
  }

  /**
   * A parameter's value for {@code PreparedStatement.setObject}: text or binary bytes read as
   * {@code type}. Text of a type Sluice infers itself stays a string; the engine converts it.
   */
  static Object parameter(byte[] bytes, boolean binary, PgType type) throws ProtocolException {
    if (bytes == null) {
      return null;
    }
    try {
      if (!binary) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        switch (type) {
          case BOOL: return parseBoolean(text);
          case INT2: return Short.parseShort(text.strip());
          case INT4: return Integer.parseInt(text.strip());
          case INT8: return Long.parseLong(text.strip());
          case FLOAT4: return Float.parseFloat(text.strip());
          case FLOAT8: return Double.parseDouble(text.strip());
          case NUMERIC: return new BigDecimal(text.strip());
          case DATE: return LocalDate.parse(text.strip());
          case TIMESTAMP: return LocalDateTime.parse(text.strip().replace(' ', 'T'));
          case TIME: return LocalTime.parse(text.strip());
          default: return text;
        }
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      switch (type) {
        case BOOL: return exactly(bytes, 1) && bytes[0] != 0;
        case INT2: return exactly(bytes, 2) ? b.getShort() : null;
        case INT4: return exactly(bytes, 4) ? b.getInt() : null;
        case INT8: return exactly(bytes, 8) ? b.getLong() : null;
        case FLOAT4: return exactly(bytes, 4) ? b.getFloat() : null;
        case FLOAT8: return exactly(bytes, 8) ? b.getDouble() : null;
        case NUMERIC: return numericFromBinary(b);
        case DATE: return exactly(bytes, 4) ? EPOCH.plusDays(b.getInt()) : null;
        case TIME: return exactly(bytes, 8) ? LocalTime.ofNanoOfDay(b.getLong() * 1000) : null;
        case TIMESTAMP: return exactly(bytes, 8) ? EPOCH_TIME.plus(b.getLong(), ChronoUnit.MICROS) : null;
        case TEXT:
        case VARCHAR:
        case BPCHAR:
        case UNKNOWN: return new String(bytes, StandardCharsets.UTF_8);
        default:
          throw new ProtocolException("22P03", "binary parameters of type " + type.typeName + " are not supported");
      }
    } catch (NumberFormatException | java.time.DateTimeException | java.nio.BufferUnderflowException e) {
      throw new ProtocolException("22P02", "invalid " + (binary ? "binary" : "text") + " value for a parameter of type "
          + type.typeName + ": " + e.getMessage());
    }
  }

  private static boolean exactly(byte[] bytes, int length) throws ProtocolException {
    if (bytes.length != length) {
      throw new ProtocolException("22P03", "a binary value of " + bytes.length + " bytes where " + length
          + " were expected");
    }
    return true;
  }

  private static Boolean parseBoolean(String text) throws ProtocolException {
    switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "t": case "true": case "y": case "yes": case "on": case "1": return Boolean.TRUE;
      case "f": case "false": case "n": case "no": case "off": case "0": return Boolean.FALSE;
      default: throw new ProtocolException("22P02", "invalid input syntax for type boolean: \"" + text + "\"");
    }
  }

  /**
   * A time or timestamp as PostgreSQL writes it: fractional seconds without trailing zeros
   * ({@code 03:15:00.25}, not {@code 03:15:00.250}), none when whole.
   */
  static String secondsText(String text) {
    if (text.indexOf('.') < 0) {
      return text;
    }
    int end = text.length();
    while (text.charAt(end - 1) == '0') {
      end--;
    }
    return text.charAt(end - 1) == '.' ? text.substring(0, end - 1) : text.substring(0, end);
  }

  /** PostgreSQL's text of a double: the shortest that reads back exactly, 'Infinity', 'NaN'. */
  static String doubleText(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return shortestText(Double.toString(d), Math.abs(d));
  }

  static String floatText(float f) {
    if (Float.isNaN(f)) {
      return "NaN";
    }
    if (Float.isInfinite(f)) {
      return f > 0 ? "Infinity" : "-Infinity";
    }
    return shortestText(Float.toString(f), Math.abs(f));
  }

  /** Java's shortest digits, written as PostgreSQL does: plain between 1e-4 and 1e15, else 1.5e+20. */
  private static String shortestText(String java, double magnitude) {
    BigDecimal exact = new BigDecimal(java);
    if (magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e15)) {
      String plain = exact.stripTrailingZeros().toPlainString();
      return plain.equals("0") && java.startsWith("-") ? "-0" : plain;
    }
    BigDecimal unscaled = exact.stripTrailingZeros();
    int exponent = unscaled.precision() - unscaled.scale() - 1;
    BigDecimal mantissa = unscaled.movePointLeft(exponent);
    return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** numeric_send: base-10000 digits with the weight of the first, sign and display scale. */
  static byte[] numericBinary(BigDecimal value) {
    int scale = Math.max(value.scale(), 0);
    BigInteger unscaled = value.setScale(scale).unscaledValue().abs();
    // align the fraction to whole base-10000 digits
    int fractionGroups = (scale + 3) / 4;
    BigInteger aligned = unscaled.multiply(BigInteger.TEN.pow(fractionGroups * 4 - scale));
    java.util.ArrayDeque<Short> digits = new java.util.ArrayDeque<>();
    BigInteger tenThousand = BigInteger.valueOf(10_000);
    while (aligned.signum() > 0) {
      BigInteger[] qr = aligned.divideAndRemainder(tenThousand);
      digits.addFirst(qr[1].shortValue());
      aligned = qr[0];
    }
    int weight = digits.size() - fractionGroups - 1;
    // trailing zero groups carry nothing
    while (!digits.isEmpty() && digits.peekLast() == 0) {
      digits.removeLast();
    }
    // leading zero groups (a value below 1) move the weight down
    while (!digits.isEmpty() && digits.peekFirst() == 0) {
      digits.removeFirst();
      weight--;
    }
    ByteBuffer b = ByteBuffer.allocate(8 + 2 * digits.size());
    b.putShort((short) digits.size());
    b.putShort((short) (digits.isEmpty() ? 0 : weight));
    b.putShort(value.signum() < 0 ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE);
    b.putShort((short) scale);
    for (short d : digits) {
      b.putShort(d);
    }
    return b.array();
  }

  static BigDecimal numericFromBinary(ByteBuffer b) throws ProtocolException {
    int count = b.getShort();
    int weight = b.getShort();
    int sign = b.getShort() & 0xffff;
    int scale = b.getShort();
    if (count < 0 || scale < 0 || b.remaining() != 2 * count) {
      throw new ProtocolException("22P03", "malformed binary numeric parameter");
    }
    if (sign == 0xC000) {
      throw new ProtocolException("22P03", "NaN is not a valid DECIMAL");
    }
    BigDecimal result = BigDecimal.ZERO;
    for (int i = 0; i < count; i++) {
      result = result.add(BigDecimal.valueOf(b.getShort()).scaleByPowerOfTen(4 * (weight - i)));
    }
    result = result.setScale(scale, java.math.RoundingMode.UNNECESSARY);
    return sign == (NUMERIC_NEGATIVE & 0xffff) ? result.negate() : result;
  }

}
