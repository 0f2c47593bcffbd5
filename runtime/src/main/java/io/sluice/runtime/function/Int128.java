package io.sluice.runtime.function;

/**
 * A mutable signed 128-bit integer: the working register of wide DECIMAL arithmetic
 * ({@link WideDecimals}). Generated code keeps one per expression and reuses it for every row, so
 * 128-bit arithmetic allocates nothing; each operation reports overflow instead of throwing, and
 * the caller then falls back to BigDecimal or raises the SQL error.
 */
public final class Int128 {
  private static final long[] POW10_HIGH = io.sluice.catalog.data.WideDecimal.POW10_HIGH;
  private static final long[] POW10_LOW = io.sluice.catalog.data.WideDecimal.POW10_LOW;

  long high;
  long low;

  public Int128() {}

  void set(long h, long l) {
    high = h;
    low = l;
  }

  boolean isNegative() {
    return high < 0;
  }

  /** Whether the value fits a signed {@code long}. */
  boolean fitsLong() {
    return high == (low >> 63);
  }

  void negate() {
    low = -low;
    high = ~high + (low == 0 ? 1 : 0);
  }

  /** Adds {@code h:l}; false when the sum does not fit 128 signed bits. */
  boolean add(long h, long l) {
    long sumLow = low + l;
    long carry = Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0;
    long sumHigh = high + h + carry;
    boolean overflow = (high >= 0) == (h >= 0) && (sumHigh >= 0) != (high >= 0);
    high = sumHigh;
    low = sumLow;
    return !overflow;
  }

  /** Multiplies a non-negative value by a non-negative {@code m}; false when past 2^127. */
  boolean multiplyMagnitude(long m) {
    long lowProduct = low * m;
    long carry = unsignedMultiplyHigh(low, m);
    if (Math.multiplyHigh(high, m) != 0) {
      return false;
    }
    long highProduct = high * m;
    if (highProduct < 0) {
      return false;
    }
    long newHigh = highProduct + carry;
    if (newHigh < 0 || Long.compareUnsigned(newHigh, highProduct) < 0) {
      return false;
    }
    high = newHigh;
    low = lowProduct;
    return true;
  }

  /** Multiplies a non-negative value by 10^digits; false when past 2^127. */
  boolean upscaleMagnitude(int digits) {
    while (digits > 0) {
      int step = Math.min(digits, 18);
      if (!multiplyMagnitude(POW10_LOW[step])) {
        return false;
      }
      digits -= step;
    }
    return true;
  }

  /**
   * Divides a value, taken as unsigned 128 bits, by the unsigned {@code divisor} (not 0),
   * truncating; returns the remainder.
   */
  long divideUnsigned(long divisor) {
    long quotientHigh = Long.divideUnsigned(high, divisor);
    long rest = Long.remainderUnsigned(high, divisor);
    long quotientLow = divideUnsigned128(rest, low, divisor);
    long remainder = low - quotientLow * divisor;
    high = quotientHigh;
    low = quotientLow;
    return remainder;
  }

  /** Divides a non-negative value by 10^digits, rounding half up. */
  void downscaleMagnitude(int digits) {
    if (digits == 0) {
      return;
    }
    if (digits > 38) {
      set(0, 0);
      return;
    }
    // add half of 10^digits, then truncate: floor((x + d/2) / d) is x / d rounded half up
    long halfHigh = (POW10_HIGH[digits] >>> 1);
    long halfLow = (POW10_LOW[digits] >>> 1) | (POW10_HIGH[digits] << 63);
    long sumLow = low + halfLow;
    high = high + halfHigh + (Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0);
    low = sumLow;
    while (digits > 0) {
      int step = Math.min(digits, 18);
      divideUnsigned(POW10_LOW[step]);
      digits -= step;
    }
  }

  /** Whether a non-negative value is below 10^digits. */
  boolean magnitudeBelowPowerOfTen(int digits) {
    return io.sluice.catalog.data.WideDecimal.fits(high, low, digits);
  }

  /** The high 64 bits of the unsigned product of {@code a} and {@code b}. */
  static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /**
   * (u1:u0) / v for unsigned values with u1 &lt; v: long division in 32-bit digits (Knuth's
   * algorithm D with two digits, as Hacker's Delight's divlu writes it).
   */
  static long divideUnsigned128(long u1, long u0, long v) {
    if (u1 == 0) {
      return Long.divideUnsigned(u0, v);
    }
    final long base = 1L << 32;
    int shift = Long.numberOfLeadingZeros(v);
    v <<= shift;
    long vn1 = v >>> 32;
    long vn0 = v & 0xFFFFFFFFL;
    long un32 = (u1 << shift) | (shift == 0 ? 0 : u0 >>> (64 - shift));
    long un10 = u0 << shift;
    long un1 = un10 >>> 32;
    long un0 = un10 & 0xFFFFFFFFL;
    long q1 = Long.divideUnsigned(un32, vn1);
    long rhat = Long.remainderUnsigned(un32, vn1);
    while (Long.compareUnsigned(q1, base) >= 0 || Long.compareUnsigned(q1 * vn0, (rhat << 32) + un1) > 0) {
      q1--;
      rhat += vn1;
      if (Long.compareUnsigned(rhat, base) >= 0) {
        break;
      }
    }
    long un21 = (un32 << 32) + un1 - q1 * v;
    long q0 = Long.divideUnsigned(un21, vn1);
    rhat = Long.remainderUnsigned(un21, vn1);
    while (Long.compareUnsigned(q0, base) >= 0 || Long.compareUnsigned(q0 * vn0, (rhat << 32) + un0) > 0) {
      q0--;
      rhat += vn1;
      if (Long.compareUnsigned(rhat, base) >= 0) {
        break;
      }
    }
    return (q1 << 32) + q0;
  }
}
