package io.sluice.engine.connector.files;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.data.WideDecimal;
import io.sluice.runtime.function.Int128;
import io.sluice.runtime.function.WideDecimals;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Parses the text of one field (UTF-8 bytes) into one column of a batch, without making a
 * String on the common paths. Shared by the CSV and JSON scans.
 *
 * <p>Decoding never throws for bad text: it returns false and remembers why in {@link #failure},
 * so the caller can apply the table's malformed-row mode.
 */
final class ValueDecoder {
  static final int SYNTAX = 1;
  static final int RANGE = 2;

  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  private static final float[] FLOAT_POWERS_OF_TEN = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
  private static final long[] LONG_POWERS_OF_TEN = new long[19];

  static {
    LONG_POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < LONG_POWERS_OF_TEN.length; i++) {
      LONG_POWERS_OF_TEN[i] = LONG_POWERS_OF_TEN[i - 1] * 10;
    }
  }

  final DataType type;
  final TypeKind kind;
  final boolean text;
  /** The register of a wide DECIMAL column's parser; null for other columns. */
  private final Int128 wide;
  private final ColumnVector vector;
  private final long min;
  private final long max;
  /** Why the last decode failed: {@link #SYNTAX} or {@link #RANGE}. */
  int failure;
  /** Out-parameter of the parse methods. */
  private long parsed;
  private byte[] scratch = new byte[64];
  /**
   * The text of the last date parsed ({@code yyyy-MM-dd}: its first eight bytes, then the last
   * two) and its epoch day. Timestamps in a file mostly share their date, and the calendar
   * arithmetic is the dearest part of parsing one.
   */
  private long lastDateHead = -1;
  private int lastDateTail = -1;
  private long lastDay;

  ValueDecoder(DataType type, ColumnVector vector) {
    this.type = type;
    this.kind = type.kind();
    this.text = kind.isString();
    this.wide = type.isWideDecimal() ? new Int128() : null;
    this.vector = vector;
    switch (kind) {
      case TINYINT:
        min = Byte.MIN_VALUE;
        max = Byte.MAX_VALUE;
        break;
      case SMALLINT:
        min = Short.MIN_VALUE;
        max = Short.MAX_VALUE;
        break;
      case INTEGER:
        min = Integer.MIN_VALUE;
        max = Integer.MAX_VALUE;
        break;
      case DECIMAL:
        max = powerOfTen(type.precision()) - 1;
        min = -max;
        break;
      default:
        min = Long.MIN_VALUE;
        max = Long.MAX_VALUE;
    }
  }

  private static long powerOfTen(int exponent) {
    return exponent < LONG_POWERS_OF_TEN.length ? LONG_POWERS_OF_TEN[exponent] : Long.MAX_VALUE;
  }

  ColumnVector vector() {
    return vector;
  }

  /** Marks {@code row} NULL. */
  void setNull(int row) {
    if (vector instanceof BytesVector) {
      ((BytesVector) vector).setNullAt(row);
    } else {
      vector.setNull(row);
    }
  }

  /** Copies text bytes as they are; only for CHAR/VARCHAR columns. */
  void setText(byte[] source, int start, int end, int row) {
    ((BytesVector) vector).set(row, source, start, end - start);
  }

  /**
   * Copies a CSV field whose doubled quotes stand for one quote each.
   */
  void setUnescapedText(byte[] source, int start, int end, byte quote, int row) {
    int length = unescape(source, start, end, quote);
    ((BytesVector) vector).set(row, scratch, 0, length);
  }

  private int unescape(byte[] source, int start, int end, byte quote) {
    if (scratch.length < end - start) {
      scratch = new byte[Math.max(end - start, scratch.length * 2)];
    }
    int length = 0;
    for (int i = start; i < end; i++) {
      byte b = source[i];
      scratch[length++] = b;
      if (b == quote && i + 1 < end && source[i + 1] == quote) {
        i++;
      }
    }
    return length;
  }

  /** Decodes a value with doubled quotes into a non-text column. */
  boolean decodeUnescaped(byte[] source, int start, int end, byte quote, int row) {
    int length = unescape(source, start, end, quote);
    byte[] copy = java.util.Arrays.copyOf(scratch, length); // rare path: keeps scratch free for parsers
    return decode(copy, 0, length, row);
  }

  /**
   * Parses {@code source[start, end)} into {@code row}. For text columns the bytes are copied;
   * other types ignore surrounding blanks. Returns false (row untouched) when the text is not a
   * value of the column type.
   */
  boolean decode(byte[] source, int start, int end, int row) {
    if (text) {
      ((BytesVector) vector).set(row, source, start, end - start);
      return true;
    }
    failure = 0;
    while (start < end && isBlank(source[start])) {
      start++;
    }
    while (end > start && isBlank(source[end - 1])) {
      end--;
    }
    if (wide != null) { // a DECIMAL of more than 18 digits: 16 bytes, parsed without allocating
      int at = ((BytesVector) vector).reserve(row, WideDecimal.BYTES);
      int status = WideDecimals.decode(wide, source, start, end, type.scale(), type.precision(), ((BytesVector) vector).data, at);
      ((BytesVector) vector).rewindTo(status == WideDecimals.DECODED ? row + 1 : row);
      failure = status == WideDecimals.NOT_A_NUMBER ? SYNTAX : RANGE;
      return status == WideDecimals.DECODED;
    }
    boolean ok;
    switch (kind) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        ok = parseLong(source, start, end);
        if (ok && (parsed < min || parsed > max)) {
          failure = RANGE;
          return false;
        }
        break;
      case DECIMAL:
        ok = parseDecimal(source, start, end, type.scale());
        if (ok && (parsed < min || parsed > max)) {
          failure = RANGE;
          return false;
        }
        break;
      case REAL:
        return parseReal(source, start, end, row);
      case DOUBLE:
        return parseDouble(source, start, end, row);
      case BOOLEAN:
        return parseBoolean(source, start, end, row);
      case DATE:
        ok = parseDate(source, start, end);
        break;
      case TIME:
        ok = parseTime(source, start, end, false) && parsed < MILLIS_PER_DAY;
        break;
      case TIMESTAMP:
        ok = parseTimestamp(source, start, end);
        break;
      case INTERVAL_YEAR_MONTH:
        ok = parseLong(source, start, end) || parseYearMonth(source, start, end);
        break;
      case INTERVAL_DAY_TIME:
        ok = parseLong(source, start, end) || parseDayTime(source, start, end);
        break;
      case NULL:
        setNull(row);
        return true;
      default:
        ok = false;
    }
    if (!ok) {
      if (failure == 0) {
        failure = SYNTAX;
      }
      return false;
    }
    LongVector longs = (LongVector) vector;
    longs.values[row] = parsed;
    longs.nulls[row] = false;
    return true;
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t';
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** Optional sign and decimal digits; accumulates negatively so Long.MIN_VALUE fits. */
  private boolean parseLong(byte[] s, int start, int end) {
    if (start >= end) {
      return false;
    }
    boolean negative = false;
    int i = start;
    if (s[i] == '-' || s[i] == '+') {
      negative = s[i] == '-';
      i++;
    }
    if (i >= end) {
      return false;
    }
    long accumulated = 0;
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multiplyLimit = limit / 10;
    for (; i < end; i++) {
      int digit = s[i] - '0';
      if (digit < 0 || digit > 9) {
        return false;
      }
      if (accumulated < multiplyLimit) {
        failure = RANGE;
        return false;
      }
      accumulated *= 10;
      if (accumulated < limit + digit) {
        failure = RANGE;
        return false;
      }
      accumulated -= digit;
    }
    parsed = negative ? accumulated : -accumulated;
    return true;
  }

  /**
   * A decimal number into the unscaled value at {@code scale}, rounding HALF_UP. Exponents and
   * values beyond a long go through BigDecimal.
   */
  private boolean parseDecimal(byte[] s, int start, int end, int scale) {
    if (start >= end) {
      return false;
    }
    int i = start;
    boolean negative = false;
    if (s[i] == '-' || s[i] == '+') {
      negative = s[i] == '-';
      i++;
    }
    long unscaled = 0;
    int digits = 0;
    int fractionDigits = 0;
    boolean inFraction = false;
    boolean roundUp = false;
    for (; i < end; i++) {
      byte b = s[i];
      if (b == '.' && !inFraction) {
        inFraction = true;
        continue;
      }
      if (!isDigit(b)) {
        return b == 'e' || b == 'E' ? parseDecimalSlow(s, start, end, scale) : false;
      }
      digits++;
      if (inFraction) {
        if (fractionDigits >= scale) {
          // HALF_UP depends only on the first digit past the scale
          if (fractionDigits == scale) {
            roundUp = b >= '5';
          }
          fractionDigits++;
          continue;
        }
        fractionDigits++;
      }
      if (unscaled > (Long.MAX_VALUE - 9) / 10) {
        return parseDecimalSlow(s, start, end, scale);
      }
      unscaled = unscaled * 10 + (b - '0');
    }
    if (digits == 0) {
      return false;
    }
    int kept = Math.min(fractionDigits, scale);
    for (int k = kept; k < scale; k++) {
      if (unscaled > Long.MAX_VALUE / 10) {
        failure = RANGE;
        return false;
      }
      unscaled *= 10;
    }
    if (roundUp) {
      unscaled++;
    }
    parsed = negative ? -unscaled : unscaled;
    return true;
  }

  private boolean parseDecimalSlow(byte[] s, int start, int end, int scale) {
    try {
      BigDecimal value = new BigDecimal(new String(s, start, end - start, StandardCharsets.ISO_8859_1));
      BigInteger unscaled = value.setScale(scale, RoundingMode.HALF_UP).unscaledValue();
      if (unscaled.bitLength() > 63) {
        failure = RANGE;
        return false;
      }
      parsed = unscaled.longValue();
      return true;
    } catch (NumberFormatException | ArithmeticException e) {
      return false;
    }
  }

  private boolean parseDouble(byte[] s, int start, int end, int row) {
    double value;
    if (!fastDecimal(s, start, end)) {
      if (!plausibleFloatText(s, start, end)) {
        return false;
      }
      try {
        value = Double.parseDouble(new String(s, start, end - start, StandardCharsets.ISO_8859_1));
      } catch (NumberFormatException e) {
        return false;
      }
    } else {
      int exponent = fastExponent;
      double mantissa = fastMantissa;
      value = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
      if (fastNegative) {
        value = -value;
      }
    }
    DoubleVector doubles = (DoubleVector) vector;
    doubles.values[row] = value;
    doubles.nulls[row] = false;
    return true;
  }

  private boolean parseReal(byte[] s, int start, int end, int row) {
    float value;
    if (fastDecimal(s, start, end) && fastMantissa < (1L << 24) && Math.abs(fastExponent) <= 10) {
      float mantissa = fastMantissa;
      value = fastExponent >= 0 ? mantissa * FLOAT_POWERS_OF_TEN[fastExponent]
          : mantissa / FLOAT_POWERS_OF_TEN[-fastExponent];
      if (fastNegative) {
        value = -value;
      }
    } else {
      if (!plausibleFloatText(s, start, end)) {
        return false;
      }
      try {
        value = Float.parseFloat(new String(s, start, end - start, StandardCharsets.ISO_8859_1));
      } catch (NumberFormatException e) {
        return false;
      }
    }
    DoubleVector doubles = (DoubleVector) vector;
    doubles.values[row] = value;
    doubles.nulls[row] = false;
    return true;
  }

  private long fastMantissa;
  private int fastExponent;
  private boolean fastNegative;

  /**
   * Digits with an optional point whose value is a mantissa below 2^53 times a power of ten
   * within 10^±22: both are exact doubles, so one multiplication or division rounds correctly.
   */
  private boolean fastDecimal(byte[] s, int start, int end) {
    int i = start;
    if (i >= end) {
      return false;
    }
    fastNegative = false;
    if (s[i] == '-' || s[i] == '+') {
      fastNegative = s[i] == '-';
      i++;
    }
    long mantissa = 0;
    int exponent = 0;
    int digits = 0;
    boolean point = false;
    for (; i < end; i++) {
      byte b = s[i];
      if (b == '.' && !point) {
        point = true;
        continue;
      }
      if (!isDigit(b)) {
        if ((b == 'e' || b == 'E') && digits > 0) {
          int exponentValue = 0;
          boolean exponentNegative = false;
          int j = i + 1;
          if (j < end && (s[j] == '-' || s[j] == '+')) {
            exponentNegative = s[j] == '-';
            j++;
          }
          if (j >= end || end - j > 3) {
            return false;
          }
          for (; j < end; j++) {
            if (!isDigit(s[j])) {
              return false;
            }
            exponentValue = exponentValue * 10 + (s[j] - '0');
          }
          exponent += exponentNegative ? -exponentValue : exponentValue;
          break;
        }
        return false;
      }
      digits++;
      if (mantissa >= (1L << 53) / 10) {
        return false; // more digits than a double holds exactly
      }
      mantissa = mantissa * 10 + (b - '0');
      if (point) {
        exponent--;
      }
    }
    if (digits == 0 || exponent < -22 || exponent > 22) {
      return false;
    }
    fastMantissa = mantissa;
    fastExponent = exponent;
    return true;
  }

  /**
   * Keeps Java-only spellings (hex floats, 'd'/'f' suffixes) out of the slow path, which
   * otherwise accepts digits, signs, points, exponents, NaN and Infinity.
   */
  private static boolean plausibleFloatText(byte[] s, int start, int end) {
    int i = start;
    if (i < end && (s[i] == '-' || s[i] == '+')) {
      i++;
    }
    if (matchesExactly(s, i, end, "NaN") || matchesExactly(s, i, end, "Infinity")) {
      return true;
    }
    if (i >= end) {
      return false;
    }
    for (; i < end; i++) {
      byte b = s[i];
      if (!isDigit(b) && b != '.' && b != 'e' && b != 'E' && b != '-' && b != '+') {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesExactly(byte[] s, int start, int end, String word) {
    if (end - start != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (s[start + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean parseBoolean(byte[] s, int start, int end, int row) {
    boolean value;
    if (matchesIgnoreCase(s, start, end, "true")) {
      value = true;
    } else if (matchesIgnoreCase(s, start, end, "false")) {
      value = false;
    } else {
      failure = SYNTAX;
      return false;
    }
    BooleanVector booleans = (BooleanVector) vector;
    booleans.values[row] = value;
    booleans.nulls[row] = false;
    return true;
  }

  private static boolean matchesIgnoreCase(byte[] s, int start, int end, String word) {
    if (end - start != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if ((s[start + i] | 0x20) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int digits(byte[] s, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      int d = s[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  /** yyyy-MM-dd into days since 1970-01-01. */
  private boolean parseDate(byte[] s, int start, int end) {
    if (end - start != 10 || !parseDatePrefix(s, start)) {
      return false;
    }
    return true;
  }

  private boolean parseDatePrefix(byte[] s, int start) {
    if (s[start + 4] != '-' || s[start + 7] != '-') {
      return false;
    }
    int year = digits(s, start, 4);
    int month = digits(s, start + 5, 2);
    int day = digits(s, start + 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return false;
    }
    parsed = epochDay(year, month, day);
    return true;
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days from 1970-01-01 in the proleptic Gregorian calendar, counting eras of 400 years. */
  static long epochDay(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    int shiftedMonth = month > 2 ? month - 3 : month + 9;
    long dayOfYear = (153L * shiftedMonth + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  /**
   * HH:mm[:ss[.fraction]] into milliseconds of the day; digits past milliseconds are dropped.
   * With {@code allowZone}, parsing stops at the end of the fraction and leaves the position in
   * {@link #timeEnd}.
   */
  private boolean parseTime(byte[] s, int start, int end, boolean allowZone) {
    if (end - start < 5 || s[start + 2] != ':') {
      return false;
    }
    int hour = digits(s, start, 2);
    int minute = digits(s, start + 3, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return false;
    }
    int i = start + 5;
    int second = 0;
    int millis = 0;
    if (i < end && s[i] == ':') {
      if (end - i < 3) {
        return false;
      }
      second = digits(s, i + 1, 2);
      if (second < 0 || second > 59) {
        return false;
      }
      i += 3;
      if (i < end && s[i] == '.') {
        i++;
        int fractionStart = i;
        int scale = 100;
        while (i < end && isDigit(s[i])) {
          millis += (s[i] - '0') * scale;
          scale /= 10;
          i++;
        }
        if (i == fractionStart || i - fractionStart > 9) {
          return false;
        }
      }
    }
    if (i != end && !allowZone) {
      return false;
    }
    timeEnd = i;
    parsed = ((hour * 60L + minute) * 60L + second) * 1000L + millis;
    return true;
  }

  private int timeEnd;

  /**
   * 'yyyy-MM-dd HH:mm:ss[.fraction]', the ISO form with 'T', or a date alone. An ISO zone
   * ('Z' or ±HH:mm) moves the value to UTC.
   */
  private boolean parseTimestamp(byte[] s, int start, int end) {
    if (end - start < 10) {
      return false;
    }
    long head = (long) LONGS.get(s, start);
    int tail = (s[start + 8] & 0xFF) | (s[start + 9] & 0xFF) << 8;
    long day;
    if (head == lastDateHead && tail == lastDateTail) {
      day = lastDay;
    } else {
      if (!parseDatePrefix(s, start)) {
        return false;
      }
      day = parsed;
      lastDateHead = head;
      lastDateTail = tail;
      lastDay = day;
    }
    if (end - start == 23 && parseMillisecondTime(s, start + 10)) {
      parsed += day * MILLIS_PER_DAY;
      return true;
    }
    if (end - start == 10) {
      parsed = day * MILLIS_PER_DAY;
      return true;
    }
    byte separator = s[start + 10];
    if (separator != ' ' && separator != 'T' && separator != 't') {
      return false;
    }
    if (!parseTime(s, start + 11, end, true)) {
      return false;
    }
    long millis = day * MILLIS_PER_DAY + parsed;
    int i = timeEnd;
    if (i < end) {
      if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == end) {
        // already UTC
      } else if (s[i] == '+' || s[i] == '-') {
        int sign = s[i] == '-' ? -1 : 1;
        int hours;
        int minutes;
        if (end - i == 6 && s[i + 3] == ':') {
          hours = digits(s, i + 1, 2);
          minutes = digits(s, i + 4, 2);
        } else if (end - i == 5) {
          hours = digits(s, i + 1, 2);
          minutes = digits(s, i + 3, 2);
        } else if (end - i == 3) {
          hours = digits(s, i + 1, 2);
          minutes = 0;
        } else {
          return false;
        }
        if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
          return false;
        }
        millis -= sign * (hours * 3_600_000L + minutes * 60_000L);
      } else {
        return false;
      }
    }
    parsed = millis;
    return true;
  }

  /**
   * The common fixed form " HH:mm:ss.SSS" (or with 'T') at {@code at} into milliseconds of the
   * day; false sends the text to the general parser, which also reports what is wrong.
   */
  private boolean parseMillisecondTime(byte[] s, int at) {
    byte separator = s[at];
    if ((separator != ' ' && separator != 'T') || s[at + 3] != ':' || s[at + 6] != ':' || s[at + 9] != '.') {
      return false;
    }
    int hour = twoDigits(s, at + 1);
    int minute = twoDigits(s, at + 4);
    int second = twoDigits(s, at + 7);
    int hundreds = s[at + 10] - '0';
    int tens = s[at + 11] - '0';
    int ones = s[at + 12] - '0';
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
        || (hundreds | tens | ones) < 0 || hundreds > 9 || tens > 9 || ones > 9) {
      return false;
    }
    parsed = ((hour * 60L + minute) * 60L + second) * 1000L + hundreds * 100 + tens * 10 + ones;
    return true;
  }

  /** Two decimal digits, or -1. */
  private static int twoDigits(byte[] s, int at) {
    int tens = s[at] - '0';
    int ones = s[at + 1] - '0';
    if ((tens | ones) < 0 || tens > 9 || ones > 9) {
      return -1;
    }
    return tens * 10 + ones;
  }

  /** The form Values.formatMonths writes: [+-]years-months. */
  private boolean parseYearMonth(byte[] s, int start, int end) {
    int i = start;
    long sign = 1;
    if (i < end && (s[i] == '+' || s[i] == '-')) {
      sign = s[i] == '-' ? -1 : 1;
      i++;
    }
    int dash = indexOf(s, i, end, (byte) '-');
    if (dash < 0) {
      return false;
    }
    long years = digitsLong(s, i, dash);
    long months = digitsLong(s, dash + 1, end);
    if (years < 0 || months < 0 || months > 11) {
      return false;
    }
    parsed = sign * (years * 12 + months);
    return true;
  }

  /** The form Values.formatMillisInterval writes: [+-]days HH:mm:ss[.SSS]. */
  private boolean parseDayTime(byte[] s, int start, int end) {
    int i = start;
    long sign = 1;
    if (i < end && (s[i] == '+' || s[i] == '-')) {
      sign = s[i] == '-' ? -1 : 1;
      i++;
    }
    int space = indexOf(s, i, end, (byte) ' ');
    if (space < 0) {
      return false;
    }
    long days = digitsLong(s, i, space);
    if (days < 0 || !parseTime(s, space + 1, end, false)) {
      return false;
    }
    parsed = sign * (days * MILLIS_PER_DAY + parsed);
    return true;
  }

  private static int indexOf(byte[] s, int start, int end, byte b) {
    for (int i = start; i < end; i++) {
      if (s[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static long digitsLong(byte[] s, int start, int end) {
    if (start >= end || end - start > 15) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      if (!isDigit(s[i])) {
        return -1;
      }
      value = value * 10 + (s[i] - '0');
    }
    return value;
  }
}
