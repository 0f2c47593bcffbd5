package io.sluice.catalog.data;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The stored form of a DECIMAL wider than 18 digits: its unscaled value as a 128-bit two's
 * complement integer, written big-endian in 16 bytes of a {@link BytesVector} with the sign bit
 * flipped.
 *
 * <p>Why bytes: every part of the engine that keys, hashes, spills or checkpoints values already
 * handles bytes columns, so a wide decimal groups, joins, sorts and restores without a fifth
 * vector kind; and flipping the sign bit makes unsigned byte order equal numeric order (as in
 * order-preserving key encodings), so comparisons and MIN/MAX of two values of one type need no
 * decoding. Arithmetic reads the two halves into {@code long}s ({@link #high}, {@link #low}) and
 * writes its result back into a buffer reused per expression, so nothing is allocated per row.
 * DuckDB's {@code hugeint_t} and Trino's {@code Int128} hold the same 128 bits as two words.
 */
public final class WideDecimal {
  /** Bytes of one value. */
  public static final int BYTES = 16;

  private static final BigInteger[] POW10 = new BigInteger[DataType.MAX_DECIMAL_PRECISION + 1];
  /** 10^i for i in [0, 38]: upper and lower 64 bits. */
  public static final long[] POW10_HIGH = new long[POW10.length];
  public static final long[] POW10_LOW = new long[POW10.length];

  static {
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = BigInteger.TEN.pow(i);
      POW10_HIGH[i] = POW10[i].shiftRight(64).longValue();
      POW10_LOW[i] = POW10[i].longValue();
    }
  }

  private WideDecimal() {}

  /** The upper 64 bits of the value stored at {@code offset}. */
  public static long high(byte[] data, int offset) {
    return readLong(data, offset) ^ Long.MIN_VALUE;
  }

  /** The lower 64 bits of the value stored at {@code offset}. */
  public static long low(byte[] data, int offset) {
    return readLong(data, offset + 8);
  }

  /** Stores the 128-bit value {@code high:low} at {@code offset}. */
  public static void write(long high, long low, byte[] data, int offset) {
    writeLong(high ^ Long.MIN_VALUE, data, offset);
    writeLong(low, data, offset + 8);
  }

  /** The value {@code high:low} as a BigInteger (at the edges: display, JDBC, slow paths). */
  public static BigInteger toBigInteger(long high, long low) {
    byte[] b = new byte[BYTES];
    writeLong(high, b, 0);
    writeLong(low, b, 8);
    return new BigInteger(b);
  }

  /** The value stored at {@code offset} as a BigDecimal of the given scale. */
  public static BigDecimal toBigDecimal(byte[] data, int offset, int scale) {
    return new BigDecimal(toBigInteger(high(data, offset), low(data, offset)), scale);
  }

  /** Stores an unscaled value that the caller has checked fits 128 bits. */
  public static void write(BigInteger unscaled, byte[] data, int offset) {
    write(unscaled.shiftRight(64).longValue(), unscaled.longValue(), data, offset);
  }

  /** Whether the 128-bit value {@code high:low} has at most {@code precision} digits. */
  public static boolean fits(long high, long low, int precision) {
    if (high < 0) { // magnitude of a negative value
      low = -low;
      high = ~high + (low == 0 ? 1 : 0);
      if (high < 0) {
        return false; // -2^127
      }
    }
    long limitHigh = POW10_HIGH[precision];
    return high < limitHigh || high == limitHigh && Long.compareUnsigned(low, POW10_LOW[precision]) < 0;
  }

  /** Whether {@code unscaled} has at most {@code precision} digits. */
  public static boolean fits(BigInteger unscaled, int precision) {
    return unscaled.abs().compareTo(POW10[precision]) < 0;
  }

  /**
   * A number as the 16 stored bytes of {@code type}, rounded HALF_UP to its scale; SQLSTATE 22003
   * naming the value and type when it has more digits than the type allows.
   */
  public static byte[] encode(BigDecimal value, DataType type) {
    BigInteger unscaled = value.setScale(type.scale(), RoundingMode.HALF_UP).unscaledValue();
    if (!fits(unscaled, type.precision())) {
      throw new SluiceException(ErrorCode.NUMERIC_OVERFLOW,
          "Value " + value.toPlainString() + " does not fit " + type.sql());
    }
    byte[] b = new byte[BYTES];
    write(unscaled, b, 0);
    return b;
  }

  private static long readLong(byte[] data, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (data[offset + i] & 0xFFL);
    }
    return v;
  }

  private static void writeLong(long v, byte[] data, int offset) {
    for (int i = 7; i >= 0; i--) {
      data[offset + i] = (byte) v;
      v >>>= 8;
    }
  }
}
