package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;

/**
 * Numeric SQL functions called by generated code (see {@link SqlFunction}): those computed in
 * double, each one call of {@link Math} that the JIT compiler inlines, integer ones such as GCD,
 * and those whose result has their argument's type (ABS, SIGN, ROUND, TRUNCATE), one method per
 * argument form: integer, floating point, DECIMAL of up to 18 digits, wider DECIMAL.
 */
public final class Maths {
  private Maths() {}

  @SqlFunction("POWER")
  public static double power(double base, double exponent) {
    return Math.pow(base, exponent);
  }

  @SqlFunction("SINH")
  public static double sinh(double x) {
    return Math.sinh(x);
  }

  @SqlFunction("COSH")
  public static double cosh(double x) {
    return Math.cosh(x);
  }

  @SqlFunction("TANH")
  public static double tanh(double x) {
    return Math.tanh(x);
  }

  /**
   * RANDOM(): a new value in [0, 1) for every row, from the thread's own generator (no shared state,
   * no allocation); not deterministic, so the planner never folds it and a continuous query refuses it.
   */
  @SqlFunction("RANDOM")
  public static double random() {
    return java.util.concurrent.ThreadLocalRandom.current().nextDouble();
  }

  @SqlFunction("SQRT")
  public static double sqrt(double x) {
    return Math.sqrt(x);
  }

  @SqlFunction("CBRT")
  public static double cbrt(double x) {
    return Math.cbrt(x);
  }

  @SqlFunction("EXP")
  public static double exp(double x) {
    return Math.exp(x);
  }

  @SqlFunction("LN")
  public static double ln(double x) {
    return Math.log(x);
  }

  @SqlFunction("LOG10")
  public static double log10(double x) {
    return Math.log10(x);
  }

  /** LOG(x): the base-10 logarithm, as PostgreSQL's one-argument {@code log}. */
  @SqlFunction("LOG")
  public static double log(double x) {
    return Math.log10(positive(x, "LOG"));
  }

  /** LOG(base, x): the logarithm of {@code x} to {@code base}, as PostgreSQL's two-argument {@code log}. */
  @SqlFunction("LOG")
  public static double log(double base, double x) {
    double denominator = Math.log(positive(base, "LOG"));
    if (denominator == 0) {
      throw new SluiceException(ErrorCode.DIVISION_BY_ZERO, "LOG(" + base + ", " + x + "): division by zero");
    }
    return Math.log(positive(x, "LOG")) / denominator;
  }

  /** PostgreSQL refuses the logarithm of zero and of a negative number (its SQLSTATE 2201E); so does Sluice. */
  private static double positive(double x, String function) {
    if (x <= 0) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, function + ": cannot take logarithm of "
          + (x == 0 ? "zero" : "a negative number"));
    }
    return x;
  }

  /** DIV(y, x): the integer quotient of y by x, truncated toward zero, as PostgreSQL's {@code div}. */
  @SqlFunction("DIV")
  public static long div(long y, long x) {
    if (x == 0) {
      throw new SluiceException(ErrorCode.DIVISION_BY_ZERO, "DIV(" + y + ", 0): division by zero");
    }
    if (y == Long.MIN_VALUE && x == -1) {
      throw new SluiceException(ErrorCode.NUMERIC_OVERFLOW, "DIV(" + y + ", -1): BIGINT out of range");
    }
    return y / x;
  }

  @SqlFunction("SIN")
  public static double sin(double x) {
    return Math.sin(x);
  }

  @SqlFunction("COS")
  public static double cos(double x) {
    return Math.cos(x);
  }

  @SqlFunction("TAN")
  public static double tan(double x) {
    return Math.tan(x);
  }

  @SqlFunction("COT")
  public static double cot(double x) {
    return 1.0 / Math.tan(x);
  }

  @SqlFunction("ASIN")
  public static double asin(double x) {
    return Math.asin(x);
  }

  @SqlFunction("ACOS")
  public static double acos(double x) {
    return Math.acos(x);
  }

  @SqlFunction("ATAN")
  public static double atan(double x) {
    return Math.atan(x);
  }

  @SqlFunction("ATAN2")
  public static double atan2(double y, double x) {
    return Math.atan2(y, x);
  }

  @SqlFunction("DEGREES")
  public static double degrees(double radians) {
    return Math.toDegrees(radians);
  }

  @SqlFunction("RADIANS")
  public static double radians(double degrees) {
    return Math.toRadians(degrees);
  }

  /** GCD(a, b): the greatest common divisor, never negative; 0 when both are 0. */
  /**
   * WIDTH_BUCKET(operand, low, high, count), as PostgreSQL's: which of {@code count} equal buckets
   * between {@code low} and {@code high} (either may be the larger) the operand falls in, from 1; 0
   * before the first and {@code count + 1} past the last. A count below 1, equal bounds and bounds or
   * operands that are not finite numbers are errors.
   */
  @SqlFunction("WIDTH_BUCKET")
  public static long widthBucket(double operand, double low, double high, long count) {
    if (count <= 0) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "WIDTH_BUCKET: count must be greater than zero");
    }
    if (low == high) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "WIDTH_BUCKET: lower bound cannot equal upper bound");
    }
    if (Double.isNaN(operand) || !Double.isFinite(low) || !Double.isFinite(high)) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "WIDTH_BUCKET: operand, lower bound and upper bound"
          + " must be numbers, the bounds finite");
    }
    boolean rising = low < high;
    if (rising ? operand < low : operand > low) {
      return 0;
    }
    if (rising ? operand >= high : operand <= high) {
      return Math.addExact(count, 1);
    }
    long bucket = (long) (count * ((operand - low) / (high - low)));
    return Math.min(bucket, count - 1) + 1; // the quotient may round up to 1.0
  }

  /**
   * FACTORIAL(n): n!, 1 for 0; a negative n is an error, as in PostgreSQL, and so is one past 20,
   * whose factorial is larger than a BIGINT (PostgreSQL's numeric result goes further).
   */
  @SqlFunction("FACTORIAL")
  public static long factorial(long n) {
    if (n < 0) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "FACTORIAL(" + n + "): factorial of a negative number is"
          + " undefined");
    }
    if (n > 20) {
      throw new SluiceException(ErrorCode.NUMERIC_OVERFLOW, "FACTORIAL(" + n + "): value out of range for BIGINT"
          + " (the largest factorial a BIGINT holds is 20!)");
    }
    long f = 1;
    for (long k = 2; k <= n; k++) {
      f *= k;
    }
    return f;
  }

  @SqlFunction("GCD")
  public static long gcd(long a, long b) {
    long x = a;
    long y = b;
    while (y != 0) {
      long r = x % y;
      x = y;
      y = r;
    }
    if (x == Long.MIN_VALUE) {
      throw Arith.overflow("BIGINT"); // its absolute value is not a BIGINT
    }
    return Math.abs(x);
  }

  /** LCM(a, b): the least common multiple, never negative; 0 when either is 0. */
  @SqlFunction("LCM")
  public static long lcm(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    long multiple = Arith.mulLong(a / gcd(a, b), b);
    if (multiple == Long.MIN_VALUE) {
      throw Arith.overflow("BIGINT");
    }
    return Math.abs(multiple);
  }

  @SqlFunction("ABS")
  public static long abs(long x) {
    return Arith.absLong(x);
  }

  @SqlFunction("ABS")
  public static double abs(double x) {
    return Math.abs(x);
  }

  /** A DECIMAL of up to 18 digits cannot overflow: its negation has as many digits. */
  @SqlFunction("ABS")
  public static long abs(@SqlFunction.Decimal long unscaled, int precision, int scale) {
    return Math.abs(unscaled);
  }

  @SqlFunction("ABS")
  public static void abs(@SqlFunction.WideDecimal long high, long low, int precision, int scale, byte[] out) {
    WideDecimals.unary(WideDecimals.ABS, high, low, scale, 0L, scale, precision, out);
  }

  @SqlFunction("SIGN")
  public static long sign(long x) {
    return Long.signum(x);
  }

  @SqlFunction("SIGN")
  public static double sign(double x) {
    return Math.signum(x);
  }

  @SqlFunction("SIGN")
  public static long sign(@SqlFunction.Decimal long unscaled, int precision, int scale) {
    return Long.signum(unscaled) * Decimals.POW10[scale];
  }

  @SqlFunction("SIGN")
  public static void sign(@SqlFunction.WideDecimal long high, long low, int precision, int scale, byte[] out) {
    WideDecimals.unary(WideDecimals.SIGN, high, low, scale, 0L, scale, precision, out);
  }

  @SqlFunction("ROUND")
  public static long round(long x) {
    return x;
  }

  /** ROUND(x, places) of an integer: half away from zero, at tens, hundreds, ... for negative places. */
  @SqlFunction("ROUND")
  public static long round(long x, long places) {
    return Arith.roundLong(x, places);
  }

  @SqlFunction("ROUND")
  public static double round(double x) {
    return Arith.roundDouble(x, 0L);
  }

  @SqlFunction("ROUND")
  public static double round(double x, long places) {
    return Arith.roundDouble(x, places);
  }

  @SqlFunction("ROUND")
  public static long round(@SqlFunction.Decimal long unscaled, int precision, int scale) {
    return round(unscaled, precision, scale, 0L);
  }

  /** Rounding may carry into one digit more than the precision allows: 22003 then. */
  @SqlFunction("ROUND")
  public static long round(@SqlFunction.Decimal long unscaled, int precision, int scale, long places) {
    return Decimals.check(Decimals.round(unscaled, scale, places), precision, scale);
  }

  @SqlFunction("ROUND")
  public static void round(@SqlFunction.WideDecimal long high, long low, int precision, int scale, byte[] out) {
    round(high, low, precision, scale, 0L, out);
  }

  @SqlFunction("ROUND")
  public static void round(@SqlFunction.WideDecimal long high, long low, int precision, int scale, long places,
      byte[] out) {
    WideDecimals.unary(WideDecimals.ROUND, high, low, scale, places, scale, precision, out);
  }

  @SqlFunction({"TRUNCATE", "TRUNC"})
  public static long truncate(long x) {
    return x;
  }

  /** TRUNCATE(x, places) of an integer: toward zero, at tens, hundreds, ... for negative places. */
  @SqlFunction({"TRUNCATE", "TRUNC"})
  public static long truncate(long x, long places) {
    return Arith.truncateLong(x, places);
  }

  @SqlFunction({"TRUNCATE", "TRUNC"})
  public static double truncate(double x) {
    return Arith.truncateDouble(x, 0L);
  }

  @SqlFunction({"TRUNCATE", "TRUNC"})
  public static double truncate(double x, long places) {
    return Arith.truncateDouble(x, places);
  }

  @SqlFunction({"TRUNCATE", "TRUNC"})
  public static long truncate(@SqlFunction.Decimal long unscaled, int precision, int scale) {
    return truncate(unscaled, precision, scale, 0L);
  }

  @SqlFunction({"TRUNCATE", "TRUNC"})
  public static long truncate(@SqlFunction.Decimal long unscaled, int precision, int scale, long places) {
    return Decimals.check(Decimals.truncate(unscaled, scale, places), precision, scale);
  }

  @SqlFunction({"TRUNCATE", "TRUNC"})
  public static void truncate(@SqlFunction.WideDecimal long high, long low, int precision, int scale, byte[] out) {
    truncate(high, low, precision, scale, 0L, out);
  }

  @SqlFunction({"TRUNCATE", "TRUNC"})
  public static void truncate(@SqlFunction.WideDecimal long high, long low, int precision, int scale, long places,
      byte[] out) {
    WideDecimals.unary(WideDecimals.TRUNCATE, high, low, scale, places, scale, precision, out);
  }
}
