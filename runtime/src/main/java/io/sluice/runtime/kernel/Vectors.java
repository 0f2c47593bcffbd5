package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Value semantics shared by the operators: comparison, hashing, copying between vectors. Public for
 * {@link #writeInternal} alone, which writers of constant rows (VALUES, test sinks) use too.
 */
public final class Vectors {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  static final int NULL_HASH = 0x2F0B3C75;

  private Vectors() {}

  /** Doubles in SQL order: NaN greater than everything, -0.0 equal to 0.0. */
  static int compareDoubles(double a, double b) {
    if (a < b) {
      return -1;
    }
    if (a > b) {
      return 1;
    }
    if (a == b) {
      return 0;
    }
    boolean aNaN = Double.isNaN(a);
    boolean bNaN = Double.isNaN(b);
    return aNaN == bNaN ? 0 : aNaN ? 1 : -1;
  }

  /** Bits under which equal doubles (in SQL grouping) are identical: one NaN, one zero. */
  static long canonicalBits(double d) {
    return d == 0.0 ? 0L : Double.doubleToLongBits(d);
  }

  static int hashLong(long value) {
    long h = value * GOLDEN;
    return (int) (h ^ (h >>> 32));
  }

  static int hashBytes(byte[] data, int from, int to) {
    int h = 1;
    for (int i = from; i < to; i++) {
      h = 31 * h + data[i];
    }
    return hashLong(h);
  }

  static int compareBytes(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
    return Arrays.compareUnsigned(a, aFrom, aTo, b, bFrom, bTo);
  }

  /** Identity selection {@code 0 .. n)} reused across calls. */
  static int[] identity(int[] current, int n) {
    if (current != null && current.length >= n) {
      return current;
    }
    int[] result = new int[Math.max(n, Batch.DEFAULT_CAPACITY)];
    for (int i = 0; i < result.length; i++) {
      result[i] = i;
    }
    return result;
  }

  static int[] grow(int[] array, int needed) {
    return array != null && array.length >= needed ? array : new int[Math.max(needed, 16)];
  }

  /**
   * Copies rows {@code rows[0 .. count)} of {@code source} to rows {@code 0 .. count)} of
   * {@code target} (same physical kind); a negative row writes NULL.
   */
  static void gather(ColumnVector source, int[] rows, int count, ColumnVector target) {
    target.ensureCapacity(count, 0);
    boolean sourceNulls = source.mayHaveNulls;
    boolean[] sn = source.nulls;
    boolean[] tn = target.nulls;
    boolean anyNull = false;
    if (source instanceof LongVector) {
      long[] s = ((LongVector) source).values;
      long[] t = ((LongVector) target).values;
      for (int i = 0; i < count; i++) {
        int r = rows[i];
        if (r >= 0) {
          t[i] = s[r];
          boolean isNull = sourceNulls && sn[r];
          tn[i] = isNull;
          anyNull |= isNull;
        } else {
          tn[i] = true;
          anyNull = true;
        }
      }
    } else if (source instanceof DoubleVector) {
      double[] s = ((DoubleVector) source).values;
      double[] t = ((DoubleVector) target).values;
      for (int i = 0; i < count; i++) {
        int r = rows[i];
        if (r >= 0) {
          t[i] = s[r];
          boolean isNull = sourceNulls && sn[r];
          tn[i] = isNull;
          anyNull |= isNull;
        } else {
          tn[i] = true;
          anyNull = true;
        }
      }
    } else if (source instanceof BooleanVector) {
      boolean[] s = ((BooleanVector) source).values;
      boolean[] t = ((BooleanVector) target).values;
      for (int i = 0; i < count; i++) {
        int r = rows[i];
        if (r >= 0) {
          t[i] = s[r];
          boolean isNull = sourceNulls && sn[r];
          tn[i] = isNull;
          anyNull |= isNull;
        } else {
          tn[i] = true;
          anyNull = true;
        }
      }
    } else {
      BytesVector s = (BytesVector) source;
      BytesVector t = (BytesVector) target;
      for (int i = 0; i < count; i++) {
        int r = rows[i];
        if (r < 0 || (sourceNulls && sn[r])) {
          t.setNullAt(i);
        } else {
          t.set(i, s.data, s.offsets[r], s.offsets[r + 1] - s.offsets[r]);
        }
      }
      return;
    }
    if (anyNull) {
      target.mayHaveNulls = true;
    }
  }

  /** Writes NULL at rows {@code 0 .. count)}. */
  static void fillNull(ColumnVector target, int count) {
    target.ensureCapacity(count, 0);
    if (target instanceof BytesVector) {
      BytesVector t = (BytesVector) target;
      for (int i = 0; i < count; i++) {
        t.setNullAt(i);
      }
    } else {
      Arrays.fill(target.nulls, 0, count, true);
      target.mayHaveNulls = count > 0 || target.mayHaveNulls;
    }
  }

  /**
   * Writes a boxed internal value (Long or other Number, Double, Boolean, byte[] or String) at
   * {@code row}; null writes NULL. DECIMAL values are unscaled longs here, unlike
   * {@link io.sluice.catalog.data.Values#write}, which takes JDBC objects.
   */
  public static void writeInternal(ColumnVector target, int row, Object value) {
    if (value == null) {
      if (target instanceof BytesVector) {
        ((BytesVector) target).setNullAt(row);
      } else {
        target.setNull(row);
      }
      return;
    }
    target.nulls[row] = false;
    if (target instanceof LongVector) {
      ((LongVector) target).values[row] = ((Number) value).longValue();
    } else if (target instanceof DoubleVector) {
      ((DoubleVector) target).values[row] = ((Number) value).doubleValue();
    } else if (target instanceof BooleanVector) {
      ((BooleanVector) target).values[row] = (Boolean) value;
    } else if (value instanceof byte[]) {
      ((BytesVector) target).set(row, (byte[]) value);
    } else {
      ((BytesVector) target).set(row, value.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** {@code numerator / denominator} rounded half away from zero (SQL's HALF_UP). */
  static long divideHalfUp(long numerator, long denominator) {
    long quotient = numerator / denominator;
    long remainder = numerator % denominator;
    if (remainder != 0 && Math.abs(remainder) >= denominator - Math.abs(remainder)) {
      quotient += (numerator < 0) == (denominator < 0) ? 1 : -1;
    }
    return quotient;
  }

  /**
   * The average {@code sum / count} of unscaled decimals of scale {@code inputScale}, as an
   * unscaled decimal of scale {@code resultScale}, rounded HALF_UP.
   */
  static long decimalAverage(long sum, long count, int inputScale, int resultScale) {
    int shift = resultScale - inputScale;
    if (shift >= 0 && shift <= 18) {
      long factor = POWERS_OF_TEN[shift];
      long high = Math.multiplyHigh(sum, factor);
      long scaled = sum * factor;
      if ((high == 0 && scaled >= 0) || (high == -1 && scaled < 0)) {
        return divideHalfUp(scaled, count);
      }
    }
    BigDecimal result = BigDecimal.valueOf(sum, inputScale)
        .divide(BigDecimal.valueOf(count), resultScale, RoundingMode.HALF_UP);
    return result.unscaledValue().longValueExact();
  }

  static final long[] POWERS_OF_TEN = new long[19];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  /** Fails when an unscaled value does not fit the precision of a DECIMAL type. */
  static void checkDecimal(DataType type, long unscaled) {
    if (type.kind() == io.sluice.catalog.TypeKind.DECIMAL && type.precision() < 19) {
      long bound = POWERS_OF_TEN[type.precision()];
      if (unscaled >= bound || unscaled <= -bound) {
        throw overflow(type);
      }
    }
  }

  static SluiceException overflow(DataType type) {
    return new SluiceException(ErrorCode.NUMERIC_OVERFLOW, "Value out of range for " + type.sql());
  }
}
