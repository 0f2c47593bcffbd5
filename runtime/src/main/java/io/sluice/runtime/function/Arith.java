package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;

/**
 * Checked arithmetic on integer and floating-point values, called by generated code. Integer
 * values of every width travel as {@code long}; the {@code check*} methods enforce the range of
 * the SQL result type.
 */
public final class Arith {
  private Arith() {}

  public static SluiceException overflow(String type) {
    return new SluiceException(ErrorCode.NUMERIC_OVERFLOW, "Value out of range for " + type);
  }

  public static SluiceException divisionByZero() {
    return new SluiceException(ErrorCode.DIVISION_BY_ZERO, "Division by zero");
  }

  public static long addLong(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      throw overflow("BIGINT");
    }
    return r;
  }

  public static long subLong(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      throw overflow("BIGINT");
    }
    return r;
  }

  public static long mulLong(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
      throw overflow("BIGINT");
    }
    return lo;
  }

  /** Integer division, truncating toward zero. */
  public static long divLong(long a, long b) {
    if (b == 0) {
      throw divisionByZero();
    }
    if (a == Long.MIN_VALUE && b == -1) {
      throw overflow("BIGINT");
    }
    return a / b;
  }

  /** Remainder with the sign of the dividend, as SQL's MOD. */
  public static long modLong(long a, long b) {
    if (b == 0) {
      throw divisionByZero();
    }
    return b == -1 ? 0 : a % b;
  }

  public static long negLong(long a) {
    if (a == Long.MIN_VALUE) {
      throw overflow("BIGINT");
    }
    return -a;
  }

  public static long absLong(long a) {
    if (a == Long.MIN_VALUE) {
      throw overflow("BIGINT");
    }
    return a < 0 ? -a : a;
  }

  public static long checkInt(long v) {
    if (v != (int) v) {
      throw overflow("INTEGER");
    }
    return v;
  }

  public static long checkSmallint(long v) {
    if (v != (short) v) {
      throw overflow("SMALLINT");
    }
    return v;
  }

  public static long checkTinyint(long v) {
    if (v != (byte) v) {
      throw overflow("TINYINT");
    }
    return v;
  }

  public static double divDouble(double a, double b) {
    if (b == 0) {
      throw divisionByZero();
    }
    return a / b;
  }

  public static double modDouble(double a, double b) {
    if (b == 0) {
      throw divisionByZero();
    }
    return a % b;
  }

  /** Rounds to the precision of REAL; REAL values travel as doubles. */
  public static double toReal(double v) {
    return (float) v;
  }

  /** Rounds half away from zero to an integer-valued double. */
  public static double roundHalfUp(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d) || Math.abs(d) >= 4.503599627370496E15) {
      return d;
    }
    double f = Math.floor(d);
    double diff = d - f;
    if (diff > 0.5 || (diff == 0.5 && d > 0)) {
      return f + 1;
    }
    return f;
  }

  /** DOUBLE to BIGINT, rounding half away from zero, range checked. */
  public static long doubleToLong(double d) {
    if (Double.isNaN(d)) {
      throw new SluiceException(ErrorCode.INVALID_CAST, "Cannot cast NaN to an integer type");
    }
    double r = roundHalfUp(d);
    if (r < -9.223372036854775808E18 || r >= 9.223372036854775808E18) {
      throw overflow("BIGINT");
    }
    return (long) r;
  }

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
    1e18, 1e19, 1e20, 1e21, 1e22
  };

  /**
   * ROUND(x, digits) for DOUBLE: half away from zero at {@code digits} decimal places of the
   * exact binary value, as BigDecimal would do it. The fast path is exact unless the scaled value
   * lies very near a tie, which falls back to BigDecimal.
   */
  public static double roundDouble(double x, long digits) {
    return roundOrTruncate(x, digits, true);
  }

  /** TRUNCATE(x, digits) for DOUBLE: toward zero at {@code digits} decimal places. */
  public static double truncateDouble(double x, long digits) {
    return roundOrTruncate(x, digits, false);
  }

  private static double roundOrTruncate(double x, long digits, boolean round) {
    if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) {
      return x;
    }
    if (digits >= -22 && digits <= 22) {
      int d = (int) digits;
      double scaled = d >= 0 ? x * POW10[d] : x / POW10[-d];
      if (Math.abs(scaled) < 1e15) {
        double t = scaled < 0 ? Math.ceil(scaled) : Math.floor(scaled);
        double frac = Math.abs(scaled - t);
        double nearest = round ? Math.abs(frac - 0.5) : Math.min(frac, 1 - frac);
        if (nearest > 1e-6) {
          double r = round && frac > 0.5 ? t + Math.signum(scaled) : t;
          return d >= 0 ? r / POW10[d] : r * POW10[-d];
        }
      }
    }
    java.math.BigDecimal b = new java.math.BigDecimal(x);
    int scale = (int) Math.max(-400, Math.min(400, digits));
    return b.setScale(scale, round ? java.math.RoundingMode.HALF_UP : java.math.RoundingMode.DOWN).doubleValue();
  }

  /** ROUND(x, digits) for integers: only negative digits change the value. */
  public static long roundLong(long x, long digits) {
    if (digits >= 0) {
      return x;
    }
    if (digits < -18) {
      return 0;
    }
    long p = Decimals.POW10[(int) -digits];
    long q = x / p;
    long rem = x % p;
    if (Math.abs(rem) * 2 >= p) {
      q += x < 0 ? -1 : 1;
    }
    return mulLong(q, p);
  }

  /** TRUNCATE(x, digits) for integers. */
  public static long truncateLong(long x, long digits) {
    if (digits >= 0) {
      return x;
    }
    if (digits < -18) {
      return 0;
    }
    long p = Decimals.POW10[(int) -digits];
    return x / p * p;
  }
}
