package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.state.StateIO;
import java.util.Arrays;

/**
 * The per-group state of one aggregate call: primitive arrays indexed by group id, updated by
 * loops over (group id, row) pairs.
 */
abstract class Accumulator {
  protected int capacity;

  /** Makes room for group ids below {@code groups}. */
  final void ensureGroups(int groups) {
    if (groups > capacity) {
      int newCapacity = grownCapacity(capacity, groups);
      grow(newCapacity);
      capacity = newCapacity;
    }
  }

  protected abstract void grow(int newCapacity);

  /**
   * The capacity after {@code capacity} grows to hold {@code groups}: doubled as often as needed.
   * Not {@code groups} itself: then the capacity would depend on how the groups came (one call or
   * many), and the state's size with it, which decides when a checkpoint takes a full snapshot;
   * the same groups at any parallelism make the same state.
   */
  static int grownCapacity(int capacity, int groups) {
    long grown = Math.max(16, capacity * 2L);
    while (grown < groups) {
      grown *= 2;
    }
    return (int) Math.max(groups, Math.min(grown, Integer.MAX_VALUE - 8));
  }

  /** Bytes {@link #ensureGroups}{@code (groups)} would allocate for the per-group arrays. */
  final long growthBytes(int groups) {
    if (groups <= capacity) {
      return 0;
    }
    long newCapacity = grownCapacity(capacity, groups);
    long bytes = 0;
    for (Object array : state()) {
      bytes += StateIO.arrayBytes(array) * newCapacity / Math.max(1, capacity);
    }
    return bytes;
  }

  /** Copies the state of group {@code from} into group {@code to}. */
  protected abstract void moveSlot(int from, int to);

  /**
   * Keeps the state of groups {@code ids[0 .. count)} (ascending) as groups {@code 0 .. count)};
   * groups added later start empty. Drops the state of the other groups (expired state).
   */
  void retain(int[] ids, int count) {
    for (int i = 0; i < count; i++) {
      if (ids[i] != i) {
        moveSlot(ids[i], i);
      }
    }
    grow(count);
    capacity = count;
  }

  /**
   * Adds the value at physical row {@code rows[i]} of {@code input} to group {@code groups[i]},
   * for {@code i < count}. {@code input} is null for COUNT(*).
   */
  abstract void update(int[] groups, int[] rows, int count, ColumnVector input);

  /**
   * Takes back the value at physical row {@code rows[i]} of {@code input} from group
   * {@code groups[i]}, for {@code i < count}: the row was added before and is now retracted
   * (a -U or -D row of a changelog input). Only accumulators {@link RetractingAccumulators}
   * creates, or that it reuses, support it.
   */
  void retract(int[] groups, int[] rows, int count, ColumnVector input) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot retract");
  }

  /** Writes the results of groups {@code from .. from + count} into rows {@code 0 .. count)}. */
  abstract void write(int from, int count, ColumnVector out);

  /**
   * The column types of this aggregate's partial result ({@link #writePartial}), the first phase
   * of a two-phase aggregation: by default its result, which {@link #merge} takes as an input
   * value (right for MIN, MAX, ANY_VALUE, BOOL_AND and BOOL_OR: the result of the results is the
   * result of the rows).
   */
  java.util.List<DataType> partialTypes(AggregateSpec spec) {
    return java.util.List.of(spec.resultType());
  }

  /** Writes the partial results of groups {@code [from, from + count)} to {@code out[at ..]}, rows 0 on. */
  void writePartial(int from, int count, ColumnVector[] out, int at) {
    write(from, count, out[at]);
  }

  /**
   * Merges partial results ({@code in[at ..]}, rows {@code rows[0 .. count)}) into groups
   * {@code groups[0 .. count)}: the state then is exactly what adding their rows would give.
   */
  void merge(int[] groups, int[] rows, int count, ColumnVector[] in, int at) {
    update(groups, rows, count, in[at]);
  }

  /** The per-group arrays that hold the state, in a fixed order (for snapshots). */
  abstract Object[] state();

  /** Takes restored per-group arrays, in the order and of the types {@link #state} returns. */
  abstract void restore(Object[] arrays);

  /**
   * Bytes the per-group arrays take as allocated (a reference for each string value, whose own
   * bytes {@link #valueBytes} adds where an accumulator keeps them).
   */
  long arrayBytes() {
    long bytes = valueBytes();
    for (Object array : state()) {
      bytes += StateIO.arrayBytes(array);
    }
    return bytes;
  }

  /**
   * Bytes the values kept beyond the per-group arrays would allocate for {@code rows} more input
   * rows, each a value new to its group (a retracting MIN/MAX's value counts); 0 for most.
   */
  long valueGrowthBytes(int rows) {
    return 0;
  }

  /** Bytes of state kept beyond the per-group arrays (values a group holds); 0 for most. */
  long valueBytes() {
    return 0;
  }

  /** Writes the state of groups {@code 0 .. groups)}. */
  void save(java.io.DataOutput out, int groups) throws java.io.IOException {
    Object[] arrays = state();
    out.writeInt(arrays.length);
    for (Object array : arrays) {
      StateIO.writeArray(out, array, groups);
    }
  }

  /** Replaces the state with groups {@code 0 .. groups)} written by {@link #save}. */
  void load(java.io.DataInput in, int groups) throws java.io.IOException {
    Object[] current = state();
    StateIO.expect(in, current.length, "an aggregate state of arrays");
    int capacity = Math.max(groups, 16);
    Object[] arrays = new Object[current.length];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = StateIO.readArray(in, capacity);
      if (arrays[i].getClass() != current[i].getClass()) {
        throw StateIO.corrupt("an aggregate state array of " + arrays[i].getClass().getSimpleName() + " where "
            + current[i].getClass().getSimpleName() + " was expected");
      }
    }
    restore(arrays);
    this.capacity = capacity;
  }

  /** Writes the state of groups {@code ids[0 .. count)} (a state delta); only for state held in {@link #state}'s arrays. */
  void saveGroups(java.io.DataOutput out, int[] ids, int count) throws java.io.IOException {
    Object[] arrays = state();
    out.writeInt(arrays.length);
    for (Object array : arrays) {
      StateIO.writeGathered(out, array, ids, count);
    }
  }

  /** Reads the state of groups {@code ids[0 .. count)} written by {@link #saveGroups}; the groups exist. */
  void loadGroups(java.io.DataInput in, int[] ids, int count) throws java.io.IOException {
    Object[] arrays = state();
    StateIO.expect(in, arrays.length, "an aggregate state of arrays");
    for (Object array : arrays) {
      StateIO.readScattered(in, array, ids, count);
    }
  }

  /** Writes group {@code group}'s entry of every per-group array (a group moved to an on-disk store). */
  void saveSlot(java.io.DataOutput out, int group) throws java.io.IOException {
    for (Object array : state()) {
      if (array instanceof long[] a) {
        out.writeLong(a[group]);
      } else if (array instanceof double[] a) {
        out.writeDouble(a[group]);
      } else if (array instanceof int[] a) {
        out.writeInt(a[group]);
      } else if (array instanceof boolean[] a) {
        out.writeBoolean(a[group]);
      } else {
        byte[] value = ((byte[][]) array)[group];
        out.writeInt(value == null ? -1 : value.length);
        if (value != null) {
          out.write(value);
        }
      }
    }
  }

  /** Reads group {@code group}'s entries written by {@link #saveSlot}; the group exists. */
  void loadSlot(java.io.DataInput in, int group) throws java.io.IOException {
    for (Object array : state()) {
      if (array instanceof long[] a) {
        a[group] = in.readLong();
      } else if (array instanceof double[] a) {
        a[group] = in.readDouble();
      } else if (array instanceof int[] a) {
        a[group] = in.readInt();
      } else if (array instanceof boolean[] a) {
        a[group] = in.readBoolean();
      } else {
        int length = in.readInt();
        byte[] value = length < 0 ? null : new byte[length];
        if (value != null) {
          in.readFully(value);
        }
        ((byte[][]) array)[group] = value;
      }
    }
  }

  static Accumulator create(AggregateSpec spec, DataType inputType) {
    DataType result = spec.resultType();
    switch (spec.kind()) {
      case COUNT_STAR:
        return new Count(true);
      case COUNT:
        return new Count(false);
      case SUM:
      case SUM0:
      case AVG:
        if (inputType.physical() == PhysicalKind.DOUBLE) {
          return new SumDouble(spec.kind(), result);
        }
        if (SumWideDecimal.applies(inputType, result)) {
          return new SumWideDecimal(spec.kind(), inputType, result);
        }
        return new SumLong(spec.kind(), inputType, result);
      case MIN:
        return new ValueAccumulator(ValueAccumulator.MIN, inputType.physical());
      case MAX:
        return new ValueAccumulator(ValueAccumulator.MAX, inputType.physical());
      case ANY_VALUE:
        return new ValueAccumulator(ValueAccumulator.ANY, inputType.physical());
      case SINGLE_VALUE:
        return new ValueAccumulator(ValueAccumulator.SINGLE, inputType.physical());
      case BOOL_AND:
        return new Bool(true);
      case BOOL_OR:
        return new Bool(false);
      default:
        throw new IllegalArgumentException("unknown aggregate " + spec.kind());
    }
  }

  static void putLong(ColumnVector out, int row, long value) {
    out.nulls[row] = false;
    if (out instanceof BytesVector) { // a DECIMAL(38, s) result of a sum kept in a long
      BytesVector bytes = (BytesVector) out;
      int at = bytes.reserve(row, 16); // may grow bytes.data: read it after
      io.sluice.catalog.data.WideDecimal.write(value >> 63, value, bytes.data, at);
    } else if (out instanceof DoubleVector) {
      ((DoubleVector) out).values[row] = value;
    } else {
      ((LongVector) out).values[row] = value;
    }
  }

  static void putDouble(ColumnVector out, int row, double value) {
    out.nulls[row] = false;
    if (out instanceof LongVector) {
      ((LongVector) out).values[row] = (long) value;
    } else {
      ((DoubleVector) out).values[row] = value;
    }
  }

  static void putNull(ColumnVector out, int row) {
    if (out instanceof BytesVector) {
      ((BytesVector) out).setNullAt(row);
    } else {
      out.setNull(row);
    }
  }

  /** COUNT(*) and COUNT(x). */
  static final class Count extends Accumulator {
    private final boolean star;
    private long[] counts = new long[0];

    Count(boolean star) {
      this.star = star;
    }

    @Override
    Object[] state() {
      return new Object[] {counts};
    }

    @Override
    void restore(Object[] a) {
      counts = (long[]) a[0];
    }

    @Override
    protected void grow(int newCapacity) {
      counts = Arrays.copyOf(counts, newCapacity);
    }

    @Override
    protected void moveSlot(int from, int to) {
      counts[to] = counts[from];
    }

    @Override
    void update(int[] groups, int[] rows, int count, ColumnVector input) {
      long[] c = counts;
      if (star || !input.mayHaveNulls) {
        for (int i = 0; i < count; i++) {
          c[groups[i]]++;
        }
      } else {
        boolean[] nulls = input.nulls;
        for (int i = 0; i < count; i++) {
          if (!nulls[rows[i]]) {
            c[groups[i]]++;
          }
        }
      }
    }

    @Override
    java.util.List<DataType> partialTypes(AggregateSpec spec) {
      return java.util.List.of(DataType.of(TypeKind.BIGINT));
    }

    @Override
    void merge(int[] groups, int[] rows, int count, ColumnVector[] in, int at) {
      long[] c = counts;
      long[] partial = ((LongVector) in[at]).values;
      for (int i = 0; i < count; i++) {
        c[groups[i]] += partial[rows[i]];
      }
    }

    @Override
    void retract(int[] groups, int[] rows, int count, ColumnVector input) {
      long[] c = counts;
      boolean[] nulls = star || !input.mayHaveNulls ? null : input.nulls;
      for (int i = 0; i < count; i++) {
        if (nulls == null || !nulls[rows[i]]) {
          c[groups[i]]--;
        }
      }
    }

    @Override
    void write(int from, int count, ColumnVector out) {
      for (int i = 0; i < count; i++) {
        putLong(out, i, counts[from + i]);
      }
    }
  }

  /** SUM, SUM0 and AVG over integral and DECIMAL values, exact with overflow checks. */
  static final class SumLong extends Accumulator {
    private final AggregateKind kind;
    private final DataType inputType;
    private final DataType resultType;
    private long[] sums = new long[0];
    private long[] counts = new long[0];

    SumLong(AggregateKind kind, DataType inputType, DataType resultType) {
      this.kind = kind;
      this.inputType = inputType;
      this.resultType = resultType;
    }

    @Override
    Object[] state() {
      return new Object[] {sums, counts};
    }

    @Override
    void restore(Object[] a) {
      sums = (long[]) a[0];
      counts = (long[]) a[1];
    }

    @Override
    protected void grow(int newCapacity) {
      sums = Arrays.copyOf(sums, newCapacity);
      counts = Arrays.copyOf(counts, newCapacity);
    }

    @Override
    protected void moveSlot(int from, int to) {
      sums[to] = sums[from];
      counts[to] = counts[from];
    }

    @Override
    void update(int[] groups, int[] rows, int count, ColumnVector input) {
      long[] s = sums;
      long[] c = counts;
      long[] values = ((LongVector) input).values;
      try {
        if (!input.mayHaveNulls) {
          for (int i = 0; i < count; i++) {
            int g = groups[i];
            s[g] = Math.addExact(s[g], values[rows[i]]);
            c[g]++;
          }
        } else {
          boolean[] nulls = input.nulls;
          for (int i = 0; i < count; i++) {
            int row = rows[i];
            if (!nulls[row]) {
              int g = groups[i];
              s[g] = Math.addExact(s[g], values[row]);
              c[g]++;
            }
          }
        }
      } catch (ArithmeticException e) {
        throw Vectors.overflow(resultType);
      }
    }

    /** The sum, then the number of values summed (an AVG's divisor, and whether a SUM is NULL). */
    @Override
    java.util.List<DataType> partialTypes(AggregateSpec spec) {
      return java.util.List.of(DataType.of(TypeKind.BIGINT), DataType.of(TypeKind.BIGINT));
    }

    @Override
    void writePartial(int from, int count, ColumnVector[] out, int at) {
      LongVector partialSums = (LongVector) out[at];
      LongVector partialCounts = (LongVector) out[at + 1];
      System.arraycopy(sums, from, partialSums.values, 0, count);
      System.arraycopy(counts, from, partialCounts.values, 0, count);
    }

    @Override
    void merge(int[] groups, int[] rows, int count, ColumnVector[] in, int at) {
      long[] s = sums;
      long[] c = counts;
      long[] partialSums = ((LongVector) in[at]).values;
      long[] partialCounts = ((LongVector) in[at + 1]).values;
      try {
        for (int i = 0; i < count; i++) {
          int g = groups[i];
          int row = rows[i];
          s[g] = Math.addExact(s[g], partialSums[row]);
          c[g] += partialCounts[row];
        }
      } catch (ArithmeticException e) {
        throw Vectors.overflow(resultType);
      }
    }

    @Override
    void retract(int[] groups, int[] rows, int count, ColumnVector input) {
      long[] s = sums;
      long[] c = counts;
      long[] values = ((LongVector) input).values;
      boolean[] nulls = input.mayHaveNulls ? input.nulls : null;
      try {
        for (int i = 0; i < count; i++) {
          int row = rows[i];
          if (nulls == null || !nulls[row]) {
            int g = groups[i];
            s[g] = Math.subtractExact(s[g], values[row]);
            c[g]--;
          }
        }
      } catch (ArithmeticException e) {
        throw Vectors.overflow(resultType);
      }
    }

    @Override
    void write(int from, int count, ColumnVector out) {
      for (int i = 0; i < count; i++) {
        long sum = sums[from + i];
        long n = counts[from + i];
        if (n == 0 && kind != AggregateKind.SUM0) {
          putNull(out, i);
        } else if (kind != AggregateKind.AVG) {
          Vectors.checkDecimal(resultType, sum);
          putLong(out, i, sum);
        } else if (resultType.physical() == PhysicalKind.DOUBLE) {
          double scale = inputType.kind() == TypeKind.DECIMAL ? Math.pow(10, inputType.scale()) : 1;
          putDouble(out, i, sum / scale / n);
        } else if (resultType.kind() == TypeKind.DECIMAL) {
          int inputScale = inputType.kind() == TypeKind.DECIMAL ? inputType.scale() : 0;
          putLong(out, i, Vectors.decimalAverage(sum, n, inputScale, resultType.scale()));
        } else {
          putLong(out, i, sum / n);
        }
      }
    }
  }

  /** SUM, SUM0 and AVG over REAL and DOUBLE values. */
  static final class SumDouble extends Accumulator {
    private final AggregateKind kind;
    private final DataType resultType;
    private double[] sums = new double[0];
    private long[] counts = new long[0];

    SumDouble(AggregateKind kind, DataType resultType) {
      this.kind = kind;
      this.resultType = resultType;
    }

    @Override
    Object[] state() {
      return new Object[] {sums, counts};
    }

    @Override
    void restore(Object[] a) {
      sums = (double[]) a[0];
      counts = (long[]) a[1];
    }

    @Override
    protected void grow(int newCapacity) {
      sums = Arrays.copyOf(sums, newCapacity);
      counts = Arrays.copyOf(counts, newCapacity);
    }

    @Override
    protected void moveSlot(int from, int to) {
      sums[to] = sums[from];
      counts[to] = counts[from];
    }

    @Override
    void update(int[] groups, int[] rows, int count, ColumnVector input) {
      double[] s = sums;
      long[] c = counts;
      double[] values = ((DoubleVector) input).values;
      boolean[] nulls = input.mayHaveNulls ? input.nulls : null;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (nulls == null || !nulls[row]) {
          int g = groups[i];
          s[g] += values[row];
          c[g]++;
        }
      }
    }

    @Override
    void retract(int[] groups, int[] rows, int count, ColumnVector input) {
      double[] s = sums;
      long[] c = counts;
      double[] values = ((DoubleVector) input).values;
      boolean[] nulls = input.mayHaveNulls ? input.nulls : null;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (nulls == null || !nulls[row]) {
          int g = groups[i];
          // a group left without values sums to exactly 0 again, not to the rounding left over
          s[g] = --c[g] == 0 ? 0.0 : s[g] - values[row];
        }
      }
    }

    @Override
    void write(int from, int count, ColumnVector out) {
      for (int i = 0; i < count; i++) {
        double sum = sums[from + i];
        long n = counts[from + i];
        if (n == 0 && kind != AggregateKind.SUM0) {
          putNull(out, i);
        } else if (kind == AggregateKind.AVG) {
          putDouble(out, i, sum / n);
        } else {
          putDouble(out, i, n == 0 ? 0.0 : sum);
        }
      }
      if (resultType.physical() != PhysicalKind.DOUBLE && resultType.physical() != PhysicalKind.LONG) {
        throw new IllegalStateException("SUM result type " + resultType);
      }
    }
  }

  /** BOOL_AND and BOOL_OR. */
  static final class Bool extends Accumulator {
    private final boolean and;
    /** For BOOL_AND whether a FALSE was seen; for BOOL_OR whether a TRUE was seen. */
    private boolean[] decided = new boolean[0];
    private boolean[] seen = new boolean[0];

    Bool(boolean and) {
      this.and = and;
    }

    @Override
    Object[] state() {
      return new Object[] {decided, seen};
    }

    @Override
    void restore(Object[] a) {
      decided = (boolean[]) a[0];
      seen = (boolean[]) a[1];
    }

    @Override
    protected void grow(int newCapacity) {
      decided = Arrays.copyOf(decided, newCapacity);
      seen = Arrays.copyOf(seen, newCapacity);
    }

    @Override
    protected void moveSlot(int from, int to) {
      decided[to] = decided[from];
      seen[to] = seen[from];
    }

    @Override
    void update(int[] groups, int[] rows, int count, ColumnVector input) {
      boolean[] values = ((BooleanVector) input).values;
      boolean[] nulls = input.mayHaveNulls ? input.nulls : null;
      boolean decisive = !and;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (nulls == null || !nulls[row]) {
          int g = groups[i];
          seen[g] = true;
          if (values[row] == decisive) {
            decided[g] = true;
          }
        }
      }
    }

    @Override
    void write(int from, int count, ColumnVector out) {
      BooleanVector target = (BooleanVector) out;
      for (int i = 0; i < count; i++) {
        if (!seen[from + i]) {
          putNull(out, i);
        } else {
          target.nulls[i] = false;
          target.values[i] = and != decided[from + i];
        }
      }
    }
  }
}
