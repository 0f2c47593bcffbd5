package io.sluice.engine.connector.datagen;

import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;

/**
 * Values of one datagen column. Row {@code i}'s value is a pure function of the column's seed
 * and {@code i} (a SplitMix64-style hash), so any range of rows is generated alike in any split
 * and in any order. Generators fill a column at a time: no object per row.
 */
abstract class FieldGenerator {
  static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  /** Seed of the value stream of this column. */
  final long seed;
  /** Share of rows that are NULL; 0 for none. */
  final double nullRate;
  private final long nullSeed;

  FieldGenerator(long seed, double nullRate) {
    this.seed = seed;
    this.nullRate = nullRate;
    this.nullSeed = mix64(seed ^ 0x6A09E667F3BCC909L);
  }

  /** Writes rows {@code firstRow .. firstRow + count - 1} to positions {@code 0 .. count - 1} of {@code out}. */
  abstract void fill(ColumnVector out, long firstRow, int count);

  /** How many rows this column can produce before it runs out (bounded sequences), or Long.MAX_VALUE. */
  long rowLimit() {
    return Long.MAX_VALUE;
  }

  final boolean isNull(long row) {
    return nullRate > 0 && unit(mix64(nullSeed + row * GOLDEN_GAMMA)) < nullRate;
  }

  final long hash(long row) {
    return mix64(seed + row * GOLDEN_GAMMA);
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A double in [0, 1) from 53 bits of a hash. */
  static double unit(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }

  /** Marks nulls of a fixed-width column after its values are written. */
  final void applyNulls(ColumnVector out, long firstRow, int count) {
    if (nullRate > 0) {
      for (int k = 0; k < count; k++) {
        if (isNull(firstRow + k)) {
          out.setNull(k);
        }
      }
    }
  }

  /** {@code start, start + step, start + 2 step, ...} ending after {@code end} when bounded. */
  static final class LongSequence extends FieldGenerator {
    private final long start;
    private final long step;
    private final long limit;

    LongSequence(long seed, double nullRate, long start, long step, long limit) {
      super(seed, nullRate);
      this.start = start;
      this.step = step;
      this.limit = limit;
    }

    @Override
    void fill(ColumnVector out, long firstRow, int count) {
      long[] values = ((LongVector) out).values;
      long value = start + firstRow * step;
      for (int k = 0; k < count; k++) {
        values[k] = value;
        value += step;
      }
      applyNulls(out, firstRow, count);
    }

    @Override
    long rowLimit() {
      return limit;
    }
  }

  /** Uniform in {@code [low, high]}. */
  static final class LongRandom extends FieldGenerator {
    private final long low;
    /** {@code high - low + 1} as an unsigned number; 0 when that is the whole 64-bit range. */
    private final long range;

    LongRandom(long seed, double nullRate, long low, long high) {
      super(seed, nullRate);
      this.low = low;
      this.range = high - low + 1;
    }

    @Override
    void fill(ColumnVector out, long firstRow, int count) {
      long[] values = ((LongVector) out).values;
      if (range == 0) {
        for (int k = 0; k < count; k++) {
          values[k] = low + hash(firstRow + k);
        }
      } else if (range > 0) {
        for (int k = 0; k < count; k++) {
          values[k] = low + (hash(firstRow + k) >>> 1) % range;
        }
      } else {
        for (int k = 0; k < count; k++) {
          values[k] = low + Long.remainderUnsigned(hash(firstRow + k), range);
        }
      }
      applyNulls(out, firstRow, count);
    }
  }

  /** Event time: {@code start + floor(i * stepMicros / 1000)} milliseconds. */
  static final class TimeSequence extends FieldGenerator {
    private final long startMillis;
    private final long stepMicros;

    TimeSequence(long seed, double nullRate, long startMillis, long stepMicros) {
      super(seed, nullRate);
      this.startMillis = startMillis;
      this.stepMicros = stepMicros;
    }

    @Override
    void fill(ColumnVector out, long firstRow, int count) {
      long[] values = ((LongVector) out).values;
      for (int k = 0; k < count; k++) {
        values[k] = startMillis + Math.floorDiv((firstRow + k) * stepMicros, 1000L);
      }
      applyNulls(out, firstRow, count);
    }
  }

  static final class DoubleSequence extends FieldGenerator {
    private final double start;

    DoubleSequence(long seed, double nullRate, double start) {
      super(seed, nullRate);
      this.start = start;
    }

    @Override
    void fill(ColumnVector out, long firstRow, int count) {
      double[] values = ((DoubleVector) out).values;
      for (int k = 0; k < count; k++) {
        values[k] = start + (firstRow + k);
      }
      applyNulls(out, firstRow, count);
    }
  }

  /** Uniform in {@code [low, high)}. */
  static final class DoubleRandom extends FieldGenerator {
    private final double low;
    private final double width;

    DoubleRandom(long seed, double nullRate, double low, double high) {
      super(seed, nullRate);
      this.low = low;
      this.width = high - low;
    }

    @Override
    void fill(ColumnVector out, long firstRow, int count) {
      double[] values = ((DoubleVector) out).values;
      for (int k = 0; k < count; k++) {
        values[k] = low + unit(hash(firstRow + k)) * width;
      }
      applyNulls(out, firstRow, count);
    }
  }

  /** Random booleans, or for a sequence false, true, false, ... */
  static final class Booleans extends FieldGenerator {
    private final boolean sequence;

    Booleans(long seed, double nullRate, boolean sequence) {
      super(seed, nullRate);
      this.sequence = sequence;
    }

    @Override
    void fill(ColumnVector out, long firstRow, int count) {
      boolean[] values = ((BooleanVector) out).values;
      for (int k = 0; k < count; k++) {
        long row = firstRow + k;
        values[k] = sequence ? (row & 1) == 1 : hash(row) < 0;
      }
      applyNulls(out, firstRow, count);
    }
  }

  /** Random lower-case ASCII letters of a fixed length. */
  static final class RandomString extends FieldGenerator {
    private final int length;

    RandomString(long seed, double nullRate, int length) {
      super(seed, nullRate);
      this.length = length;
    }

    @Override
    void fill(ColumnVector out, long firstRow, int count) {
      BytesVector bytes = (BytesVector) out;
      for (int k = 0; k < count; k++) {
        long row = firstRow + k;
        if (isNull(row)) {
          bytes.setNullAt(k);
          continue;
        }
        int at = bytes.reserve(k, length);
        byte[] data = bytes.data;
        long state = hash(row);
        long word = 0;
        for (int c = 0; c < length; c++) {
          if (c % 12 == 0) {
            state += GOLDEN_GAMMA;
            word = mix64(state);
          }
          data[at + c] = (byte) ('a' + (((word & 31) * 26) >>> 5));
          word >>>= 5;
        }
      }
    }
  }

  /** The decimal text of {@code start + i}, ending after {@code end} when bounded. */
  static final class SequenceString extends FieldGenerator {
    private final long start;
    private final long limit;

    SequenceString(long seed, double nullRate, long start, long limit) {
      super(seed, nullRate);
      this.start = start;
      this.limit = limit;
    }

    @Override
    void fill(ColumnVector out, long firstRow, int count) {
      BytesVector bytes = (BytesVector) out;
      for (int k = 0; k < count; k++) {
        long row = firstRow + k;
        if (isNull(row)) {
          bytes.setNullAt(k);
          continue;
        }
        long value = start + row;
        boolean negative = value < 0;
        long magnitude = negative ? value : -value; // negative magnitude: handles Long.MIN_VALUE
        int digits = 1;
        for (long m = magnitude / 10; m != 0; m /= 10) {
          digits++;
        }
        int length = digits + (negative ? 1 : 0);
        int at = bytes.reserve(k, length);
        byte[] data = bytes.data;
        if (negative) {
          data[at] = '-';
        }
        for (int p = at + length - 1; p >= at + (negative ? 1 : 0); p--) {
          data[p] = (byte) ('0' - (magnitude % 10));
          magnitude /= 10;
        }
      }
    }

    @Override
    long rowLimit() {
      return limit;
    }
  }
}
