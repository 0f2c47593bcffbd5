package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Values;
import java.nio.charset.StandardCharsets;

/**
 * Conversions between text (UTF-8 bytes) and internal values, called by generated code for
 * CAST. Text is trimmed of spaces before parsing; malformed text raises INVALID_CAST naming the
 * value and the target type, out-of-range numbers NUMERIC_OVERFLOW. Formatting matches
 * {@link Values#format}.
 */
public final class Casts {
  private Casts() {}

  public static SluiceException invalid(byte[] b, int off, int len, String target) {
    String text = new String(b, off, len, StandardCharsets.UTF_8);
    return new SluiceException(ErrorCode.INVALID_CAST, "Cannot cast '" + text + "' to " + target);
  }

  private static int trimStart(byte[] b, int off, int len) {
    int s = off;
    int e = off + len;
    while (s < e && (b[s] == ' ' || b[s] == '\t')) {
      s++;
    }
    return s;
  }

  private static int trimEnd(byte[] b, int start, int off, int len) {
    int e = off + len;
    while (e > start && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
      e--;
    }
    return e;
  }

  /** Parses an integer; the caller narrows to the target type. */
  public static long parseLong(byte[] b, int off, int len, String target) {
    int s = trimStart(b, off, len);
    int e = trimEnd(b, s, off, len);
    if (s == e) {
      throw invalid(b, off, len, target);
    }
    boolean negative = false;
    if (b[s] == '-' || b[s] == '+') {
      negative = b[s] == '-';
      s++;
      if (s == e) {
        throw invalid(b, off, len, target);
      }
    }
    long v = 0;
    for (int i = s; i < e; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw invalid(b, off, len, target);
      }
      // accumulate negatively so that Long.MIN_VALUE parses
      if (v < (Long.MIN_VALUE + d) / 10) {
        throw Arith.overflow(target);
      }
      v = v * 10 - d;
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        throw Arith.overflow(target);
      }
      v = -v;
    }
    return v;
  }

  public static double parseDouble(byte[] b, int off, int len, String target) {
    int s = trimStart(b, off, len);
    int e = trimEnd(b, s, off, len);
    String text = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    boolean plain = !text.isEmpty();
    for (int i = 0; i < text.length() && plain; i++) {
      char c = text.charAt(i);
      plain = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+';
    }
    if (!plain && !text.equals("NaN") && !text.equals("Infinity") && !text.equals("-Infinity")
        && !text.equals("+Infinity")) {
      throw invalid(b, off, len, target);
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException ex) {
      throw invalid(b, off, len, target);
    }
  }

  public static boolean parseBoolean(byte[] b, int off, int len) {
    int s = trimStart(b, off, len);
    int e = trimEnd(b, s, off, len);
    if (e - s == 4 && (b[s] | 32) == 't' && (b[s + 1] | 32) == 'r' && (b[s + 2] | 32) == 'u' && (b[s + 3] | 32) == 'e') {
      return true;
    }
    if (e - s == 5 && (b[s] | 32) == 'f' && (b[s + 1] | 32) == 'a' && (b[s + 2] | 32) == 'l'
        && (b[s + 3] | 32) == 's' && (b[s + 4] | 32) == 'e') {
      return false;
    }
    throw invalid(b, off, len, "BOOLEAN");
  }

  /** Reads digits at {@code pos[0]}; returns the value or -1 when there are none, advancing pos. */
  private static long digits(byte[] b, int[] pos, int end, int max) {
    int i = pos[0];
    long v = 0;
    int n = 0;
    while (i < end && n < max && b[i] >= '0' && b[i] <= '9') {
      v = v * 10 + (b[i] - '0');
      i++;
      n++;
    }
    pos[0] = i;
    return n == 0 ? -1 : v;
  }

  private static long parseDatePart(byte[] b, int[] pos, int end, byte[] src, int off, int len, String target) {
    long y = digits(b, pos, end, 9);
    if (y < 0 || pos[0] >= end || b[pos[0]] != '-') {
      throw invalid(src, off, len, target);
    }
    pos[0]++;
    long m = digits(b, pos, end, 2);
    if (m < 1 || m > 12 || pos[0] >= end || b[pos[0]] != '-') {
      throw invalid(src, off, len, target);
    }
    pos[0]++;
    long d = digits(b, pos, end, 2);
    if (d < 1 || d > DateTimes.daysInMonth(y, m)) {
      throw invalid(src, off, len, target);
    }
    return DateTimes.daysFromCivil(y, m, d);
  }

  private static long parseTimePart(byte[] b, int[] pos, int end, byte[] src, int off, int len, String target) {
    long h = digits(b, pos, end, 2);
    if (h < 0 || h > 23 || pos[0] >= end || b[pos[0]] != ':') {
      throw invalid(src, off, len, target);
    }
    pos[0]++;
    long mi = digits(b, pos, end, 2);
    if (mi < 0 || mi > 59) {
      throw invalid(src, off, len, target);
    }
    long s = 0;
    long ms = 0;
    if (pos[0] < end && b[pos[0]] == ':') {
      pos[0]++;
      s = digits(b, pos, end, 2);
      if (s < 0 || s > 59) {
        throw invalid(src, off, len, target);
      }
      if (pos[0] < end && b[pos[0]] == '.') {
        pos[0]++;
        int start = pos[0];
        long f = digits(b, pos, end, 9);
        if (f < 0) {
          throw invalid(src, off, len, target);
        }
        int n = pos[0] - start;
        // keep milliseconds, truncating finer digits
        ms = n >= 3 ? f / Decimals.POW10[n - 3] : f * Decimals.POW10[3 - n];
      }
    }
    return h * DateTimes.MILLIS_PER_HOUR + mi * DateTimes.MILLIS_PER_MINUTE + s * 1000 + ms;
  }

  /** CAST(string AS DATE), and DATE(string), PostgreSQL's function-style spelling of it. */
  @SqlFunction("DATE")
  public static long parseDate(byte[] b, int off, int len) {
    int s = trimStart(b, off, len);
    int e = trimEnd(b, s, off, len);
    int[] pos = {s};
    long days = parseDatePart(b, pos, e, b, off, len, "DATE");
    if (pos[0] != e) {
      throw invalid(b, off, len, "DATE");
    }
    return days;
  }

  public static long parseTime(byte[] b, int off, int len) {
    int s = trimStart(b, off, len);
    int e = trimEnd(b, s, off, len);
    int[] pos = {s};
    long t = parseTimePart(b, pos, e, b, off, len, "TIME");
    if (pos[0] != e) {
      throw invalid(b, off, len, "TIME");
    }
    return t;
  }

  public static long parseTimestamp(byte[] b, int off, int len) {
    int s = trimStart(b, off, len);
    int e = trimEnd(b, s, off, len);
    int[] pos = {s};
    long days = parseDatePart(b, pos, e, b, off, len, "TIMESTAMP");
    long time = 0;
    if (pos[0] < e) {
      if (b[pos[0]] != ' ' && b[pos[0]] != 'T') {
        throw invalid(b, off, len, "TIMESTAMP");
      }
      pos[0]++;
      time = parseTimePart(b, pos, e, b, off, len, "TIMESTAMP");
      if (pos[0] != e && !isZone(b, pos[0], e)) {
        throw invalid(b, off, len, "TIMESTAMP");
      }
    }
    return Arith.addLong(Arith.mulLong(days, DateTimes.MILLIS_PER_DAY), time);
  }

  /**
   * Whether {@code b[p .. e)} is a time zone after a timestamp's time: {@code Z}, or an offset
   * {@code +HH}, {@code +HH:MM}, {@code +HHMM} (or {@code -}), after an optional space. A TIMESTAMP
   * (without time zone) ignores it, as PostgreSQL does, so ISO 8601 text such as Grafana's time
   * range ({@code '2024-01-02T03:00:00Z'}) compares with a TIMESTAMP column.
   */
  private static boolean isZone(byte[] b, int p, int e) {
    if (p < e && b[p] == ' ') {
      p++;
    }
    if (e - p == 1) {
      return b[p] == 'Z' || b[p] == 'z';
    }
    if (p >= e || (b[p] != '+' && b[p] != '-')) {
      return false;
    }
    p++;
    int digits = 0;
    for (int i = p; i < e; i++) {
      if (b[i] >= '0' && b[i] <= '9') {
        digits++;
      } else if (b[i] != ':' || i != p + 2) {
        return false;
      }
    }
    return digits == 2 || digits == 4;
  }

  /** Parses a year-month interval: {@code [+-]Y-M}, or {@code [+-]N} in the qualifier's leading unit. */
  public static long parseMonths(byte[] b, int off, int len, boolean leadingYear, String target) {
    int s = trimStart(b, off, len);
    int e = trimEnd(b, s, off, len);
    boolean negative = false;
    if (s < e && (b[s] == '-' || b[s] == '+')) {
      negative = b[s] == '-';
      s++;
    }
    int[] pos = {s};
    long first = digits(b, pos, e, 9);
    if (first < 0) {
      throw invalid(b, off, len, target);
    }
    long months;
    if (pos[0] < e && b[pos[0]] == '-') {
      pos[0]++;
      long m = digits(b, pos, e, 2);
      if (m < 0 || m > 11) {
        throw invalid(b, off, len, target);
      }
      months = first * 12 + m;
    } else {
      months = leadingYear ? first * 12 : first;
    }
    if (pos[0] != e) {
      throw invalid(b, off, len, target);
    }
    return negative ? -months : months;
  }

  private static final long[] UNIT_MILLIS = {
    DateTimes.MILLIS_PER_DAY, DateTimes.MILLIS_PER_HOUR, DateTimes.MILLIS_PER_MINUTE, DateTimes.MILLIS_PER_SECOND
  };

  /**
   * Parses a day-time interval such as {@code [+-]D HH:MM:SS.fff}; the first number is in the
   * qualifier's leading unit ({@code leadingUnit}: 0 day, 1 hour, 2 minute, 3 second).
   */
  public static long parseMillis(byte[] b, int off, int len, int leadingUnit, String target) {
    int s = trimStart(b, off, len);
    int e = trimEnd(b, s, off, len);
    boolean negative = false;
    if (s < e && (b[s] == '-' || b[s] == '+')) {
      negative = b[s] == '-';
      s++;
    }
    int[] pos = {s};
    int unit = leadingUnit;
    long total = 0;
    long n = digits(b, pos, e, 12);
    if (n < 0) {
      throw invalid(b, off, len, target);
    }
    total = Arith.mulLong(n, UNIT_MILLIS[unit]);
    while (pos[0] < e) {
      byte sep = b[pos[0]++];
      if (sep == '.' && unit == 3) {
        int start = pos[0];
        long f = digits(b, pos, e, 9);
        if (f < 0) {
          throw invalid(b, off, len, target);
        }
        int k = pos[0] - start;
        total += k >= 3 ? f / Decimals.POW10[k - 3] : f * Decimals.POW10[3 - k];
      } else if ((sep == ' ' && unit == 0) || (sep == ':' && unit > 0 && unit < 3)) {
        unit++;
        long v = digits(b, pos, e, 2);
        if (v < 0) {
          throw invalid(b, off, len, target);
        }
        total = Arith.addLong(total, v * UNIT_MILLIS[unit]);
      } else {
        throw invalid(b, off, len, target);
      }
    }
    return negative ? -total : total;
  }

  // ---- formatting ----

  private static int ascii(String s, Scratch out) {
    int n = s.length();
    byte[] d = out.ensure(n);
    for (int i = 0; i < n; i++) {
      d[i] = (byte) s.charAt(i);
    }
    return n;
  }

  public static int formatLong(long v, Scratch out) {
    byte[] d = out.ensure(20);
    if (v == Long.MIN_VALUE) {
      return ascii("-9223372036854775808", out);
    }
    int n = 0;
    if (v < 0) {
      d[n++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long p = 10; digits < 19 && v >= p; p *= 10) {
      digits++;
    }
    for (int i = n + digits - 1; i >= n; i--) {
      d[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return n + digits;
  }

  /** As BigDecimal.toPlainString of the unscaled value at {@code scale}. */
  public static int formatDecimal(long unscaled, int scale, Scratch out) {
    if (scale == 0) {
      return formatLong(unscaled, out);
    }
    if (unscaled == Long.MIN_VALUE) {
      return ascii(java.math.BigDecimal.valueOf(unscaled, scale).toPlainString(), out);
    }
    byte[] d = out.ensure(22 + scale);
    int n = 0;
    long v = unscaled;
    if (v < 0) {
      d[n++] = '-';
      v = -v;
    }
    long p = Decimals.POW10[scale];
    long intPart = v / p;
    long frac = v % p;
    // integer digits
    int digits = 1;
    for (long q = 10; digits < 19 && intPart >= q; q *= 10) {
      digits++;
    }
    for (int i = n + digits - 1; i >= n; i--) {
      d[i] = (byte) ('0' + intPart % 10);
      intPart /= 10;
    }
    n += digits;
    d[n++] = '.';
    for (int i = n + scale - 1; i >= n; i--) {
      d[i] = (byte) ('0' + frac % 10);
      frac /= 10;
    }
    return n + scale;
  }

  public static int formatDouble(double v, Scratch out) {
    return ascii(Values.formatDouble(v), out);
  }

  public static int formatReal(double v, Scratch out) {
    return ascii(Values.formatDouble((float) v), out);
  }

  public static int formatBoolean(boolean v, Scratch out) {
    return ascii(v ? "true" : "false", out);
  }

  private static int two(byte[] d, int at, long v) {
    d[at] = (byte) ('0' + v / 10);
    d[at + 1] = (byte) ('0' + v % 10);
    return at + 2;
  }

  private static int writeDate(byte[] d, int n, long days) {
    long y = DateTimes.year(days);
    d[n++] = (byte) ('0' + y / 1000);
    d[n++] = (byte) ('0' + y / 100 % 10);
    n = two(d, n, y % 100);
    d[n++] = '-';
    n = two(d, n, DateTimes.month(days));
    d[n++] = '-';
    return two(d, n, DateTimes.dayOfMonth(days));
  }

  private static int writeTime(byte[] d, int n, long t) {
    n = two(d, n, t / DateTimes.MILLIS_PER_HOUR);
    d[n++] = ':';
    n = two(d, n, t / DateTimes.MILLIS_PER_MINUTE % 60);
    d[n++] = ':';
    n = two(d, n, t / 1000 % 60);
    long ms = t % 1000;
    if (ms != 0) {
      d[n++] = '.';
      d[n++] = (byte) ('0' + ms / 100);
      n = two(d, n, ms % 100);
    }
    return n;
  }

  private static boolean plainYear(long days) {
    // 0000-01-01 .. 9999-12-31: LocalDate prints other years with a sign
    return days >= -719528 && days <= 2932896;
  }

  public static int formatDate(long days, Scratch out) {
    if (!plainYear(days)) {
      return ascii(java.time.LocalDate.ofEpochDay(days).toString(), out);
    }
    return writeDate(out.ensure(10), 0, days);
  }

  public static int formatTime(long millisOfDay, Scratch out) {
    return writeTime(out.ensure(12), 0, Math.floorMod(millisOfDay, DateTimes.MILLIS_PER_DAY));
  }

  public static int formatTimestamp(long ts, Scratch out) {
    long days = Math.floorDiv(ts, DateTimes.MILLIS_PER_DAY);
    if (!plainYear(days)) {
      return ascii(Values.formatTimestamp(ts), out);
    }
    byte[] d = out.ensure(23);
    int n = writeDate(d, 0, days);
    d[n++] = ' ';
    return writeTime(d, n, Math.floorMod(ts, DateTimes.MILLIS_PER_DAY));
  }

  public static int formatMonths(long months, Scratch out) {
    return ascii(Values.formatMonths(months), out);
  }

  public static int formatMillisInterval(long millis, Scratch out) {
    return ascii(Values.formatMillisInterval(millis), out);
  }
}
