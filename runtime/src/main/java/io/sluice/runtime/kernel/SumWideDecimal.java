package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.data.WideDecimal;
import io.sluice.runtime.state.StateIO;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * SUM, SUM0 and AVG of DECIMAL values into a 128-bit sum per group: SUM of DECIMAL(p, s) is
 * DECIMAL(38, s), so the sum of narrow decimals (longs) and of wide ones ({@link WideDecimal}
 * bytes) both accumulate in two {@code long}s per group, with no object per row. A sum past
 * 38 digits is SQLSTATE 22003.
 */
final class SumWideDecimal extends Accumulator {
  private static final BigInteger LIMIT = BigInteger.TEN.pow(DataType.MAX_DECIMAL_PRECISION);

  private final AggregateKind kind;
  private final DataType inputType;
  private final DataType resultType;
  private long[] highs = new long[0];
  private long[] lows = new long[0];
  private long[] counts = new long[0];

  SumWideDecimal(AggregateKind kind, DataType inputType, DataType resultType) {
    this.kind = kind;
    this.inputType = inputType;
    this.resultType = resultType;
  }

  /** Whether SUM/AVG of {@code input} into {@code result} needs a 128-bit sum. */
  static boolean applies(DataType input, DataType result) {
    return input.isWideDecimal() || result.isWideDecimal();
  }

  /**
   * The low halves first, then the counts, then the high halves: the first two are the layout of
   * the 64-bit sum that SUM of a DECIMAL kept before sums were 38 digits wide, which
   * {@link #load} still reads.
   */
  @Override
  Object[] state() {
    return new Object[] {lows, counts, highs};
  }

  @Override
  void restore(Object[] a) {
    lows = (long[]) a[0];
    counts = (long[]) a[1];
    highs = (long[]) a[2];
  }

  /** Reads this state, or the two arrays (sums, counts) of a 64-bit sum written by an older build. */
  @Override
  void load(java.io.DataInput in, int groups) throws java.io.IOException {
    int arrays = in.readInt();
    if (arrays != 2 && arrays != 3) {
      throw StateIO.corrupt("a decimal sum state of " + arrays + " arrays where 3 (or 2, before 128-bit sums) were expected");
    }
    int newCapacity = Math.max(groups, 16);
    long[] low = longs(StateIO.readArray(in, newCapacity));
    long[] count = longs(StateIO.readArray(in, newCapacity));
    long[] high = arrays == 3 ? longs(StateIO.readArray(in, newCapacity)) : new long[low.length];
    if (arrays == 2) {
      for (int g = 0; g < high.length; g++) {
        high[g] = low[g] >> 63;
      }
    }
    if (high.length != low.length || count.length != low.length) {
      throw StateIO.corrupt("a decimal sum state whose arrays differ in length");
    }
    restore(new Object[] {low, count, high});
    capacity = low.length;
  }

  private static long[] longs(Object array) {
    if (!(array instanceof long[])) {
      throw StateIO.corrupt("a decimal sum state array of " + array.getClass().getSimpleName() + " where long[] was expected");
    }
    return (long[]) array;
  }

  @Override
  protected void grow(int newCapacity) {
    highs = Arrays.copyOf(highs, newCapacity);
    lows = Arrays.copyOf(lows, newCapacity);
    counts = Arrays.copyOf(counts, newCapacity);
  }

  @Override
  protected void moveSlot(int from, int to) {
    highs[to] = highs[from];
    lows[to] = lows[from];
    counts[to] = counts[from];
  }

  @Override
  void update(int[] groups, int[] rows, int count, ColumnVector input) {
    accumulate(groups, rows, count, input, 1);
  }

  @Override
  void retract(int[] groups, int[] rows, int count, ColumnVector input) {
    accumulate(groups, rows, count, input, -1);
  }

  private void accumulate(int[] groups, int[] rows, int count, ColumnVector input, int sign) {
    boolean[] nulls = input.mayHaveNulls ? input.nulls : null;
    if (input instanceof LongVector) {
      long[] values = ((LongVector) input).values;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (nulls == null || !nulls[row]) {
          long v = values[row];
          add(groups[i], v >> 63, v, sign);
        }
      }
    } else {
      BytesVector bytes = (BytesVector) input;
      byte[] data = bytes.data;
      int[] offsets = bytes.offsets;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (nulls == null || !nulls[row]) {
          int at = offsets[row];
          add(groups[i], WideDecimal.high(data, at), WideDecimal.low(data, at), sign);
        }
      }
    }
  }

  private void add(int g, long high, long low, int sign) {
    if (sign < 0) {
      low = -low;
      high = ~high + (low == 0 ? 1 : 0);
    }
    long oldHigh = highs[g];
    long oldLow = lows[g];
    long sumLow = oldLow + low;
    long sumHigh = oldHigh + high + (Long.compareUnsigned(sumLow, oldLow) < 0 ? 1 : 0);
    if (((oldHigh ^ sumHigh) & (high ^ sumHigh)) < 0) {
      throw Vectors.overflow(resultType);
    }
    highs[g] = sumHigh;
    lows[g] = sumLow;
    counts[g] += sign;
  }

  @Override
  void write(int from, int count, ColumnVector out) {
    for (int i = 0; i < count; i++) {
      int g = from + i;
      long n = counts[g];
      if (n == 0 && kind != AggregateKind.SUM0) {
        putNull(out, i);
      } else if (kind != AggregateKind.AVG) {
        writeSum(out, i, highs[g], lows[g]);
      } else {
        writeAverage(out, i, sum(g).divide(BigDecimal.valueOf(n), Math.max(resultType.scale(), inputScale() + 6),
            RoundingMode.HALF_UP));
      }
    }
  }

  private int inputScale() {
    return inputType.scale();
  }

  private BigDecimal sum(int g) {
    return new BigDecimal(WideDecimal.toBigInteger(highs[g], lows[g]), inputScale());
  }

  private void writeSum(ColumnVector out, int row, long high, long low) {
    // below 2^125 in magnitude a sum has at most 38 digits; only larger ones need the exact check
    if ((high >= 1L << 61 || high < -(1L << 61))
        && WideDecimal.toBigInteger(high, low).abs().compareTo(LIMIT) >= 0) {
      throw Vectors.overflow(resultType);
    }
    if (resultType.isWideDecimal()) {
      BytesVector bytes = (BytesVector) out;
      int at = bytes.reserve(row, WideDecimal.BYTES); // may grow bytes.data: read it after
      WideDecimal.write(high, low, bytes.data, at);
    } else if (high == (low >> 63)) {
      Vectors.checkDecimal(resultType, low);
      putLong(out, row, low);
    } else {
      throw Vectors.overflow(resultType);
    }
  }

  private void writeAverage(ColumnVector out, int row, BigDecimal average) {
    if (resultType.physical() == PhysicalKind.DOUBLE) {
      putDouble(out, row, average.doubleValue());
    } else if (resultType.isWideDecimal()) {
      io.sluice.catalog.data.Values.write(resultType, out, row, average);
    } else {
      BigInteger unscaled = average.setScale(resultType.scale(), RoundingMode.HALF_UP).unscaledValue();
      if (unscaled.bitLength() > 63) {
        throw Vectors.overflow(resultType);
      }
      Vectors.checkDecimal(resultType, unscaled.longValue());
      putLong(out, row, unscaled.longValue());
    }
  }
}
