package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * DECIMAL arithmetic on unscaled {@code long} values with explicit scales, called by generated
 * code. Results are rounded HALF_UP to the result scale and checked against the result precision
 * (at most 18 digits). Fast paths stay in {@code long}; the rare intermediate that does not fit
 * falls back to BigInteger.
 */
public final class Decimals {
  private Decimals() {}

  public static final long[] POW10 = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
    10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
    1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L
  };

  static SluiceException overflow(int precision, int scale) {
    return new SluiceException(ErrorCode.NUMERIC_OVERFLOW,
        "Value out of range for DECIMAL(" + precision + ", " + scale + ")");
  }

  /** Checks that {@code v} has at most {@code precision} digits. */
  public static long check(long v, int precision, int scale) {
    if (v >= POW10[precision] || v <= -POW10[precision]) {
      throw overflow(precision, scale);
    }
    return v;
  }

  /** Changes the scale of an unscaled value, rounding HALF_UP when digits are dropped. */
  public static long rescale(long v, int from, int to, int precision) {
    if (to == from) {
      return check(v, precision, to);
    }
    if (to > from) {
      int d = to - from;
      if (d > 18) {
        if (v == 0) {
          return 0;
        }
        throw overflow(precision, to);
      }
      long p = POW10[d];
      long hi = Math.multiplyHigh(v, p);
      long lo = v * p;
      if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
        throw overflow(precision, to);
      }
      return check(lo, precision, to);
    }
    return check(divideHalfUp(v, from - to), precision, to);
  }

  /** v / 10^digits rounded HALF_UP (away from zero on ties). */
  static long divideHalfUp(long v, int digits) {
    if (digits > 18) {
      return 0;
    }
    long p = POW10[digits];
    long q = v / p;
    long rem = v % p;
    if (rem != 0 && Math.abs(rem) >= p - Math.abs(rem)) {
      q += v < 0 ? -1 : 1;
    }
    return q;
  }

  public static long add(long a, int sa, long b, int sb, int scale, int precision) {
    int s = Math.max(sa, sb);
    long x = upscale(a, s - sa);
    long y = upscale(b, s - sb);
    long r = x + y;
    if (x == Long.MIN_VALUE || y == Long.MIN_VALUE || ((x ^ r) & (y ^ r)) < 0) {
      return slow(big(a, sa).add(big(b, sb)), scale, precision);
    }
    return rescale(r, s, scale, precision);
  }

  public static long subtract(long a, int sa, long b, int sb, int scale, int precision) {
    int s = Math.max(sa, sb);
    long x = upscale(a, s - sa);
    long y = upscale(b, s - sb);
    long r = x - y;
    if (x == Long.MIN_VALUE || y == Long.MIN_VALUE || ((x ^ y) & (x ^ r)) < 0) {
      return slow(big(a, sa).subtract(big(b, sb)), scale, precision);
    }
    return rescale(r, s, scale, precision);
  }

  public static long multiply(long a, int sa, long b, int sb, int scale, int precision) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
      return slow(big(a, sa).multiply(big(b, sb)), scale, precision);
    }
    return rescale(lo, sa + sb, scale, precision);
  }

  public static long divide(long a, int sa, long b, int sb, int scale, int precision) {
    if (b == 0) {
      throw Arith.divisionByZero();
    }
    // a/10^sa / (b/10^sb) at scale s = a * 10^(s - sa + sb) / b
    int shift = scale - sa + sb;
    if (shift >= 0 && shift <= 18) {
      long p = POW10[shift];
      long hi = Math.multiplyHigh(a, p);
      long lo = a * p;
      if (((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) && lo != Long.MIN_VALUE) {
        long q = lo / b;
        long rem = lo % b;
        if (rem != 0 && Math.abs(rem) >= Math.abs(b) - Math.abs(rem)) {
          q += (lo < 0) == (b < 0) ? 1 : -1;
        }
        return check(q, precision, scale);
      }
    }
    return slow(big(a, sa).divide(big(b, sb), scale, RoundingMode.HALF_UP), scale, precision);
  }

  public static long mod(long a, int sa, long b, int sb, int scale, int precision) {
    if (b == 0) {
      throw Arith.divisionByZero();
    }
    return slow(big(a, sa).remainder(big(b, sb)), scale, precision);
  }

  public static int compare(long a, int sa, long b, int sb) {
    if (sa == sb) {
      return Long.compare(a, b);
    }
    int s = Math.max(sa, sb);
    int da = s - sa;
    int db = s - sb;
    boolean aFits = fits(a, da);
    boolean bFits = fits(b, db);
    if (aFits && bFits) {
      return Long.compare(upscale(a, da), upscale(b, db));
    }
    // one side is not scaled (its difference is 0) and the other passes 64 bits once scaled: it is the larger in magnitude
    if (da == 0 && !bFits) {
      return b > 0 ? -1 : 1;
    }
    if (db == 0 && !aFits) {
      return a > 0 ? 1 : -1;
    }
    return big(a, sa).compareTo(big(b, sb));
  }

  /** Decimal to an integer value, rounding HALF_UP (the way CAST to an integer type does). */
  public static long toLong(long v, int scale) {
    return divideHalfUp(v, scale);
  }

  public static double toDouble(long v, int scale) {
    if (scale == 0) {
      return v;
    }
    if (Math.abs(v) < (1L << 53) && scale <= 22) {
      // both operands exact, so the one division is correctly rounded
      return v / POW10D[scale];
    }
    return BigDecimal.valueOf(v, scale).doubleValue();
  }

  private static final double[] POW10D = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
    1e18, 1e19, 1e20, 1e21, 1e22
  };

  /** DOUBLE to DECIMAL(p, s): the double's shortest decimal form, rounded HALF_UP. */
  public static long fromDouble(double d, int scale, int precision) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new SluiceException(ErrorCode.INVALID_CAST, "Cannot cast " + d + " to DECIMAL(" + precision + ", " + scale + ")");
    }
    return slow(BigDecimal.valueOf(d), scale, precision);
  }

  /** FLOOR of a decimal, as an unscaled value at scale {@code resultScale}. */
  public static long floor(long v, int scale, int resultScale, int precision) {
    long p = POW10[scale];
    long q = Math.floorDiv(v, p);
    return rescale(q, 0, resultScale, precision);
  }

  public static long ceil(long v, int scale, int resultScale, int precision) {
    long p = POW10[scale];
    long q = -Math.floorDiv(-v, p);
    return rescale(q, 0, resultScale, precision);
  }

  /** ROUND(v, digits) keeping scale {@code scale}. */
  public static long round(long v, int scale, long digits) {
    if (digits >= scale) {
      return v;
    }
    int drop = (int) Math.min(19, scale - digits);
    if (drop > 18) {
      return 0;
    }
    long q = divideHalfUp(v, drop);
    long p = POW10[drop];
    long hi = Math.multiplyHigh(q, p);
    long lo = q * p;
    if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
      throw overflow(18, scale);
    }
    return lo;
  }

  /** TRUNCATE(v, digits) keeping scale {@code scale}. */
  public static long truncate(long v, int scale, long digits) {
    if (digits >= scale) {
      return v;
    }
    int drop = (int) Math.min(19, scale - digits);
    if (drop > 18) {
      return 0;
    }
    long p = POW10[drop];
    return v / p * p;
  }

  private static boolean fits(long v, int digits) {
    if (digits == 0) {
      return true;
    }
    if (digits > 18) {
      return v == 0;
    }
    long limit = Long.MAX_VALUE / POW10[digits];
    return v <= limit && v >= -limit;
  }

  private static long upscale(long v, int digits) {
    if (digits == 0) {
      return v;
    }
    if (!fits(v, digits)) {
      return Long.MIN_VALUE; // marks "does not fit"; callers take the slow path
    }
    return v * POW10[digits];
  }

  private static BigDecimal big(long v, int scale) {
    return BigDecimal.valueOf(v, scale);
  }

  private static long slow(BigDecimal value, int scale, int precision) {
    BigInteger unscaled = value.setScale(scale, RoundingMode.HALF_UP).unscaledValue();
    if (unscaled.bitLength() > 63) {
      throw overflow(precision, scale);
    }
    return check(unscaled.longValue(), precision, scale);
  }

  /** Parses decimal text (digits, optional sign, point and exponent) to DECIMAL(p, s); null when malformed. */
  public static long parse(byte[] b, int off, int len, int scale, int precision) {
    int start = off;
    int end = off + len;
    while (start < end && b[start] == ' ') {
      start++;
    }
    while (end > start && b[end - 1] == ' ') {
      end--;
    }
    String text = new String(b, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    BigDecimal value;
    try {
      if (text.isEmpty() || text.indexOf('_') >= 0) {
        throw new NumberFormatException();
      }
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw Casts.invalid(b, off, len, "DECIMAL(" + precision + ", " + scale + ")");
    }
    return slow(value, scale, precision);
  }
}
