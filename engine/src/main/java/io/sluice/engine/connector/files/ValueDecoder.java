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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
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
  /** Where decoded values go: a column of the reader's batch, replaced when the batch is handed over. */
  private ColumnVector vector;
  private final long min;
  private final long max;
  /** Why the last decode failed: {@link #SYNTAX} or {@link #RANGE}. */
  int failure;
  /** Out-parameter of the parse methods. */
  private long parsed;
  private byte[] scratch = new byte[64];
  /** Parses dates, times, timestamps and intervals. */
  private final TemporalText temporal = new TemporalText();

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

  /** Decodes into {@code target} from now on (a column of the next batch, of this decoder's type). */
  void decodeInto(ColumnVector target) {
    vector = target;
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
        ok = temporal.parseDate(source, start, end);
        parsed = temporal.parsed;
        break;
      case TIME:
        ok = temporal.parseTime(source, start, end, false) && temporal.parsed < TemporalText.MILLIS_PER_DAY;
        parsed = temporal.parsed;
        break;
      case TIMESTAMP:
        ok = temporal.parseTimestamp(source, start, end);
        parsed = temporal.parsed;
        break;
      case INTERVAL_YEAR_MONTH:
        ok = parseLong(source, start, end) || temporal.parseYearMonth(source, start, end) && takeTemporal();
        break;
      case INTERVAL_DAY_TIME:
        ok = parseLong(source, start, end) || temporal.parseDayTime(source, start, end) && takeTemporal();
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

  /** Takes the value the temporal parser left; true. */
  private boolean takeTemporal() {
    parsed = temporal.parsed;
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

}
