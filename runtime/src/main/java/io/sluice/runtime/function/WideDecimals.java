package io.sluice.runtime.function;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.WideDecimal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * DECIMAL arithmetic where an operand or the result is wider than 18 digits, called by generated
 * code. Each operand comes as the two halves of its 128-bit unscaled value with its scale (a
 * {@code long} decimal or integer {@code v} as {@code v >> 63, v}); a wide result is written as a
 * {@link WideDecimal} into {@code out}, a buffer the expression reuses for every row. The work is
 * done in an {@link Int128} register, so the common cases allocate nothing; an intermediate past
 * 128 bits (say, the product of two values of more than 18 digits each) falls back to BigDecimal.
 * Results are rounded HALF_UP to the result scale and checked against the result precision
 * (SQLSTATE 22003).
 */
public final class WideDecimals {
  private WideDecimals() {}

  static SluiceException overflow(int precision, int scale) {
    return new SluiceException(ErrorCode.NUMERIC_OVERFLOW,
        "Value out of range for DECIMAL(" + precision + ", " + scale + ")");
  }

  public static void add(Int128 r, long ah, long al, int sa, long bh, long bl, int sb,
      int scale, int precision, byte[] out) {
    if (!sum(r, ah, al, sa, bh, bl, sb, false)) {
      store(big(ah, al, sa).add(big(bh, bl, sb)), scale, precision, out);
      return;
    }
    finish(r, Math.max(sa, sb), scale, precision, out);
  }

  public static void subtract(Int128 r, long ah, long al, int sa, long bh, long bl, int sb,
      int scale, int precision, byte[] out) {
    if (!sum(r, ah, al, sa, bh, bl, sb, true)) {
      store(big(ah, al, sa).subtract(big(bh, bl, sb)), scale, precision, out);
      return;
    }
    finish(r, Math.max(sa, sb), scale, precision, out);
  }

  /** r = a ± b at the larger of the two scales; false when that does not fit 128 bits. */
  private static boolean sum(Int128 r, long ah, long al, int sa, long bh, long bl, int sb, boolean minus) {
    int s = Math.max(sa, sb);
    if (!upscale(r, bh, bl, s - sb)) {
      return false;
    }
    if (minus) {
      if (r.high == Long.MIN_VALUE && r.low == 0) {
        return false;
      }
      r.negate();
    }
    long yh = r.high;
    long yl = r.low;
    if (!upscale(r, ah, al, s - sa)) {
      return false;
    }
    return r.add(yh, yl);
  }

  public static void multiply(Int128 r, long ah, long al, int sa, long bh, long bl, int sb,
      int scale, int precision, byte[] out) {
    if (ah == (al >> 63) && bh == (bl >> 63)) {
      r.set(Math.multiplyHigh(al, bl), al * bl);
      finish(r, sa + sb, scale, precision, out);
      return;
    }
    store(big(ah, al, sa).multiply(big(bh, bl, sb)), scale, precision, out);
  }

  /** a / b rounded HALF_UP to {@code scale}: a * 10^(scale - sa + sb) / b. */
  public static void divide(Int128 r, long ah, long al, int sa, long bh, long bl, int sb,
      int scale, int precision, byte[] out) {
    if (bh == 0 && bl == 0) {
      throw Arith.divisionByZero();
    }
    int shift = scale - sa + sb;
    boolean negative = (ah < 0) != (bh < 0);
    long divisor = bh < 0 ? -bl : bl;
    boolean divisorFits = bh == (bl >> 63) && bl != Long.MIN_VALUE;
    r.set(ah, al);
    if (shift >= 0 && divisorFits && !(ah == Long.MIN_VALUE && al == 0)) {
      if (r.isNegative()) {
        r.negate();
      }
      if (r.upscaleMagnitude(shift)) {
        long remainder = r.divideUnsigned(divisor);
        if (Long.compareUnsigned(remainder, divisor - remainder) >= 0) {
          r.add(0, 1);
        }
        if (negative) {
          r.negate();
        }
        finish(r, scale, scale, precision, out);
        return;
      }
    }
    store(big(ah, al, sa).divide(big(bh, bl, sb), scale, RoundingMode.HALF_UP), scale, precision, out);
  }

  public static void mod(long ah, long al, int sa, long bh, long bl, int sb, int scale, int precision, byte[] out) {
    if (bh == 0 && bl == 0) {
      throw Arith.divisionByZero();
    }
    store(big(ah, al, sa).remainder(big(bh, bl, sb)), scale, precision, out);
  }

  /** Changes the scale and checks the precision: CAST of a decimal or integer to a wide DECIMAL. */
  public static void rescale(Int128 r, long h, long l, int from, int scale, int precision, byte[] out) {
    r.set(h, l);
    finish(r, from, scale, precision, out);
  }

  /** CAST of a decimal to a DECIMAL of at most 18 digits. */
  public static long toNarrow(Int128 r, long h, long l, int from, int scale, int precision) {
    r.set(h, l);
    if (!rescaleInPlace(r, from, scale) || !r.fitsLong()) {
      throw Decimals.overflow(precision, scale);
    }
    return Decimals.check(r.low, precision, scale);
  }

  /** CAST to an integer type: rounded HALF_UP, 22003 when past 64 bits. */
  public static long toLong(Int128 r, long h, long l, int scale) {
    r.set(h, l);
    rescaleInPlace(r, scale, 0);
    if (!r.fitsLong()) {
      throw new SluiceException(ErrorCode.NUMERIC_OVERFLOW,
          "Value " + big(h, l, scale).toPlainString() + " out of range for BIGINT");
    }
    return r.low;
  }

  public static double toDouble(long h, long l, int scale) {
    if (h == (l >> 63)) {
      return Decimals.toDouble(l, scale);
    }
    return big(h, l, scale).doubleValue();
  }

  public static int compare(Int128 r, long ah, long al, int sa, long bh, long bl, int sb) {
    if (sa == sb) {
      return ah != bh ? Long.compare(ah, bh) : Long.compareUnsigned(al, bl);
    }
    int s = Math.max(sa, sb);
    if (upscale(r, ah, al, s - sa)) {
      long xh = r.high;
      long xl = r.low;
      if (upscale(r, bh, bl, s - sb)) {
        return xh != r.high ? Long.compare(xh, r.high) : Long.compareUnsigned(xl, r.low);
      }
    }
    return big(ah, al, sa).compareTo(big(bh, bl, sb));
  }

  public static void fromDouble(double d, int scale, int precision, byte[] out) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new SluiceException(ErrorCode.INVALID_CAST,
          "Cannot cast " + d + " to DECIMAL(" + precision + ", " + scale + ")");
    }
    store(BigDecimal.valueOf(d), scale, precision, out);
  }

  /** {@link #decode} succeeded. */
  public static final int DECODED = 0;
  /** {@link #decode}: the text is not a number. */
  public static final int NOT_A_NUMBER = 1;
  /** {@link #decode}: the number has more digits than the type allows. */
  public static final int OUT_OF_RANGE = 2;

  /** Decimal text to a wide DECIMAL(p, s): CAST from text. */
  public static void parse(Int128 r, byte[] b, int off, int len, int scale, int precision, byte[] out) {
    int status = decode(r, b, off, off + len, scale, precision, out, 0);
    if (status == NOT_A_NUMBER) {
      throw Casts.invalid(b, off, len, "DECIMAL(" + precision + ", " + scale + ")");
    }
    if (status == OUT_OF_RANGE) {
      throw overflow(precision, scale);
    }
  }

  /**
   * Parses decimal text in {@code b[start, end)} (blanks around it allowed) into the 16 bytes at
   * {@code out[at]}, rounding HALF_UP to {@code scale}; returns {@link #DECODED},
   * {@link #NOT_A_NUMBER} or {@link #OUT_OF_RANGE}. Plain digits with an optional sign and point
   * are read into the register without allocating; an exponent goes through BigDecimal.
   */
  public static int decode(Int128 r, byte[] b, int start, int end, int scale, int precision, byte[] out, int at) {
    while (start < end && (b[start] == ' ' || b[start] == '\t')) {
      start++;
    }
    while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
      end--;
    }
    int i = start;
    boolean negative = false;
    if (i < end && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    r.set(0, 0);
    int digits = 0;
    int fraction = 0;
    boolean inFraction = false;
    boolean roundUp = false;
    int dropped = 0;
    for (; i < end; i++) {
      byte c = b[i];
      if (c == '.' && !inFraction) {
        inFraction = true;
      } else if (c >= '0' && c <= '9') {
        digits++;
        if (inFraction && fraction == scale) {
          // a digit past the scale: only the first one dropped decides the rounding
          if (dropped++ == 0) {
            roundUp = c >= '5';
          }
          continue;
        }
        if (inFraction) {
          fraction++;
        }
        if (!r.multiplyMagnitude(10) || !r.add(0, c - '0')) {
          return OUT_OF_RANGE;
        }
      } else if (c == 'e' || c == 'E') {
        return decodeSlowly(b, start, end, scale, precision, out, at);
      } else {
        return NOT_A_NUMBER;
      }
    }
    if (digits == 0) {
      return NOT_A_NUMBER;
    }
    if (!r.upscaleMagnitude(scale - fraction) || roundUp && !r.add(0, 1)) {
      return OUT_OF_RANGE;
    }
    if (!r.magnitudeBelowPowerOfTen(precision)) {
      return OUT_OF_RANGE;
    }
    if (negative) {
      r.negate();
    }
    WideDecimal.write(r.high, r.low, out, at);
    return DECODED;
  }

  private static int decodeSlowly(byte[] b, int start, int end, int scale, int precision, byte[] out, int at) {
    BigDecimal value;
    try {
      value = new BigDecimal(new String(b, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1));
    } catch (NumberFormatException e) {
      return NOT_A_NUMBER;
    }
    BigInteger unscaled = value.setScale(scale, RoundingMode.HALF_UP).unscaledValue();
    if (!WideDecimal.fits(unscaled, precision)) {
      return OUT_OF_RANGE;
    }
    WideDecimal.write(unscaled, out, at);
    return DECODED;
  }

  /** A wide decimal as text into {@code scratch}; returns its length. */
  public static int format(long h, long l, int scale, Scratch scratch) {
    byte[] text = big(h, l, scale).toPlainString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    scratch.ensure(text.length);
    System.arraycopy(text, 0, scratch.buf, 0, text.length);
    return text.length;
  }

  /** {@link #unary}'s functions. */
  public static final int ABS = 0;
  public static final int SIGN = 1;
  public static final int ROUND = 2;
  public static final int TRUNCATE = 3;
  public static final int FLOOR = 4;
  public static final int CEIL = 5;

  /**
   * ABS, SIGN, ROUND(x, digits), TRUNCATE(x, digits), FLOOR or CEIL of a wide decimal, written at
   * the result's scale and checked against its precision. Through BigDecimal: these functions
   * are rare on wide values, and their rounding rules are BigDecimal's own.
   */
  public static void unary(int function, long h, long l, int scale, long digits, int resultScale,
      int resultPrecision, byte[] out) {
    BigDecimal v = big(h, l, scale);
    int places = (int) Math.max(-DataType.MAX_DECIMAL_PRECISION, Math.min(digits, DataType.MAX_DECIMAL_PRECISION));
    BigDecimal r;
    switch (function) {
      case ABS:
        r = v.abs();
        break;
      case SIGN:
        r = BigDecimal.valueOf(v.signum());
        break;
      case ROUND:
        r = v.setScale(Math.min(places, scale), RoundingMode.HALF_UP);
        break;
      case TRUNCATE:
        r = v.setScale(Math.min(places, scale), RoundingMode.DOWN);
        break;
      case FLOOR:
        r = v.setScale(0, RoundingMode.FLOOR);
        break;
      default:
        r = v.setScale(0, RoundingMode.CEILING);
    }
    store(r, resultScale, resultPrecision, out);
  }

  /** r = h:l * 10^digits; false when that does not fit. */
  private static boolean upscale(Int128 r, long h, long l, int digits) {
    r.set(h, l);
    if (digits == 0) {
      return true;
    }
    boolean negative = r.isNegative();
    if (negative) {
      if (h == Long.MIN_VALUE && l == 0) {
        return false;
      }
      r.negate();
    }
    if (!r.upscaleMagnitude(digits)) {
      return false;
    }
    if (negative) {
      r.negate();
    }
    return true;
  }

  /** Moves r from scale {@code from} to {@code to}, rounding HALF_UP; false on overflow. */
  private static boolean rescaleInPlace(Int128 r, int from, int to) {
    if (to == from) {
      return true;
    }
    if (r.high == Long.MIN_VALUE && r.low == 0) {
      return false;
    }
    boolean negative = r.isNegative();
    if (negative) {
      r.negate();
    }
    if (to > from) {
      if (!r.upscaleMagnitude(to - from)) {
        return false;
      }
    } else {
      r.downscaleMagnitude(from - to);
    }
    if (negative) {
      r.negate();
    }
    return true;
  }

  /** Rescales r from {@code from} to the result scale, checks the precision and stores it. */
  private static void finish(Int128 r, int from, int scale, int precision, byte[] out) {
    if (!rescaleInPlace(r, from, scale)) {
      throw overflow(precision, scale);
    }
    if (r.high == Long.MIN_VALUE && r.low == 0) {
      throw overflow(precision, scale);
    }
    boolean negative = r.isNegative();
    if (negative) {
      r.negate();
    }
    boolean fits = r.magnitudeBelowPowerOfTen(precision);
    if (negative) {
      r.negate();
    }
    if (!fits) {
      throw overflow(precision, scale);
    }
    WideDecimal.write(r.high, r.low, out, 0);
  }

  private static void store(BigDecimal value, int scale, int precision, byte[] out) {
    BigInteger unscaled = value.setScale(scale, RoundingMode.HALF_UP).unscaledValue();
    if (!WideDecimal.fits(unscaled, precision)) {
      throw overflow(precision, scale);
    }
    WideDecimal.write(unscaled, out, 0);
  }

  private static BigDecimal big(long h, long l, int scale) {
    return new BigDecimal(WideDecimal.toBigInteger(h, l), scale);
  }
}
