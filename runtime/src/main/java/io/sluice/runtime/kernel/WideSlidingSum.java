package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.WideDecimal;
import io.sluice.runtime.function.WideDecimals;
import java.math.BigInteger;

/**
 * SUM and AVG OVER a frame of DECIMAL values wider than 18 digits, whose values are 16-byte
 * {@link WideDecimal}s: the frame's sum is kept in two longs (128 bits), adding the rows that enter
 * the frame and subtracting those that leave it as {@link WindowEvaluator}'s 64-bit sums do, with no
 * object per row. SUM's result is DECIMAL(38, s), an error (22003) past 38 digits; AVG's is a DOUBLE.
 */
final class WideSlidingSum {
  private static final BigInteger LIMIT = BigInteger.TEN.pow(DataType.MAX_DECIMAL_PRECISION);

  private final long[] lows;
  private final long[] highs;
  private final long[] counts;

  /** Room for the results of {@code rows} sorted positions. */
  WideSlidingSum(int rows) {
    lows = new long[rows];
    highs = new long[rows];
    counts = new long[rows];
  }

  /** Whether {@code spec} sums wide values and needs this class. */
  static boolean applies(WindowFunctionSpec spec, DataType argumentType) {
    return (spec.kind() == WindowFunctionKind.SUM || spec.kind() == WindowFunctionKind.AVG)
        && argumentType.isWideDecimal();
  }

  /**
   * Sums the frames of positions {@code start .. end} of one partition: position {@code i}'s frame is
   * {@code order[frameStart[i] .. frameEnd[i])}, a frame that starts or ends before the last one
   * starting the sum over.
   */
  void compute(ColumnarRows rows, int column, int[] order, int[] frameStart, int[] frameEnd, int start, int end,
      DataType resultType) {
    byte[] data = rows.bytes(column);
    int[] offsets = rows.offsets(column);
    boolean[] nulls = rows.nulls(column);
    long high = 0;
    long low = 0;
    long count = 0;
    int currentStart = start;
    int currentEnd = start;
    for (int i = start; i < end; i++) {
      int s = frameStart[i];
      int e = frameEnd[i];
      if (s < currentStart || e < currentEnd) {
        high = 0;
        low = 0;
        count = 0;
        currentStart = s;
        currentEnd = s;
      }
      for (; currentEnd < e; currentEnd++) {
        int row = order[currentEnd];
        if (!nulls[row]) {
          int at = offsets[row];
          long addLow = WideDecimal.low(data, at);
          long sumLow = low + addLow;
          long carry = Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0;
          high = addHigh(high, WideDecimal.high(data, at), carry, resultType);
          low = sumLow;
          count++;
        }
      }
      for (; currentStart < s; currentStart++) {
        int row = order[currentStart];
        if (!nulls[row]) {
          int at = offsets[row];
          long subtractLow = WideDecimal.low(data, at);
          long borrow = Long.compareUnsigned(low, subtractLow) < 0 ? 1 : 0;
          high = subtractHigh(high, WideDecimal.high(data, at), borrow, resultType);
          low -= subtractLow;
          count--;
        }
      }
      lows[i] = low;
      highs[i] = high;
      counts[i] = count;
    }
  }

  private static long addHigh(long high, long add, long carry, DataType resultType) {
    try {
      return Math.addExact(Math.addExact(high, add), carry);
    } catch (ArithmeticException e) {
      throw Vectors.overflow(resultType);
    }
  }

  private static long subtractHigh(long high, long subtract, long borrow, DataType resultType) {
    try {
      return Math.subtractExact(Math.subtractExact(high, subtract), borrow);
    } catch (ArithmeticException e) {
      throw Vectors.overflow(resultType);
    }
  }

  /** Writes the results of positions {@code from .. from + count} to {@code out}, NULL for an empty frame. */
  void write(WindowFunctionSpec spec, int inputScale, int from, int count, ColumnVector out) {
    DataType resultType = spec.resultType();
    for (int i = 0; i < count; i++) {
      int p = from + i;
      long n = counts[p];
      if (n == 0) {
        Accumulator.putNull(out, i);
      } else if (spec.kind() == WindowFunctionKind.AVG || resultType.physical() == PhysicalKind.DOUBLE) {
        double sum = WideDecimals.toDouble(highs[p], lows[p], inputScale);
        Accumulator.putDouble(out, i, spec.kind() == WindowFunctionKind.AVG ? sum / n : sum);
      } else {
        writeSum(resultType, out, i, highs[p], lows[p]);
      }
    }
  }

  private static void writeSum(DataType resultType, ColumnVector out, int row, long high, long low) {
    // below 2^125 in magnitude a sum has at most 38 digits; only larger ones need the exact check
    if ((high >= 1L << 61 || high < -(1L << 61))
        && WideDecimal.toBigInteger(high, low).abs().compareTo(LIMIT) >= 0) {
      throw Vectors.overflow(resultType);
    }
    out.nulls[row] = false;
    BytesVector bytes = (BytesVector) out;
    int at = bytes.reserve(row, WideDecimal.BYTES); // may grow bytes.data: read it after
    WideDecimal.write(high, low, bytes.data, at);
  }
}
