package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.ColumnVector;
import java.util.ArrayList;
import java.util.List;

/**
 * Window functions ({@code f(...) OVER (PARTITION BY ... ORDER BY ... frame)}) sharing one
 * partitioning and ordering. Rows are buffered; {@link #emit} sorts row indexes by partition keys
 * then order keys (stably), computes every function per partition, and pushes the input columns
 * followed by one column per function, in sorted order.
 *
 * <p>Frame aggregates slide: frame ends only move forward as the current row does, so SUM, COUNT
 * and AVG add entering rows and subtract leaving ones, and MIN/MAX keep a monotonic deque of
 * positions. Double sums count NaN and infinities apart so that subtracting stays exact for them.
 */
public final class WindowEvaluator {
  private final List<DataType> inputTypes;
  private final int[] partitionKeys;
  private final List<SortKey> orderKeys;
  private final List<WindowFunctionSpec> functions;
  private final List<DataType> outputTypes;
  private final ColumnarRows rows;
  private final Batch output;

  // Per emit: positions are indexes into the sorted order.
  private int[] order;
  private int[] peerStart;
  private int[] peerEnd;
  private int[] frameStart;
  private int[] frameEnd;
  private int[] deque;

  public WindowEvaluator(List<DataType> inputTypes, int[] partitionKeys, List<SortKey> orderKeys,
      List<WindowFunctionSpec> functions) {
    this.inputTypes = List.copyOf(inputTypes);
    this.partitionKeys = partitionKeys.clone();
    this.orderKeys = List.copyOf(orderKeys);
    this.functions = List.copyOf(functions);
    List<DataType> out = new ArrayList<>(inputTypes);
    for (WindowFunctionSpec f : functions) {
      validate(f);
      out.add(f.resultType());
    }
    outputTypes = List.copyOf(out);
    rows = new ColumnarRows(this.inputTypes);
    output = Batch.allocate(outputTypes, Batch.DEFAULT_CAPACITY);
  }

  private void validate(WindowFunctionSpec f) {
    switch (f.kind()) {
      case NTILE:
        if (f.offset() <= 0) {
          throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "NTILE bucket count must be positive");
        }
        break;
      case LAG:
      case LEAD:
        if (f.offset() < 0) {
          throw new SluiceException(ErrorCode.INVALID_ARGUMENT, f.kind() + " offset must not be negative");
        }
        break;
      default:
    }
    if (f.kind().usesFrame() && f.kind() != WindowFunctionKind.COUNT_STAR && f.argument() < 0) {
      throw new IllegalArgumentException(f.kind() + " needs an argument");
    }
    WindowFrame frame = frameOf(f);
    if (frame.unit() == WindowFrame.Unit.RANGE && (hasOffset(frame.start()) || hasOffset(frame.end()))) {
      if (orderKeys.size() != 1) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR,
            "RANGE with an offset needs exactly one ORDER BY key");
      }
      TypeKind key = inputTypes.get(orderKeys.get(0).column()).kind();
      if (!(key.isNumeric() || key == TypeKind.DATE || key == TypeKind.TIME || key == TypeKind.TIMESTAMP
          || key == TypeKind.INTERVAL_DAY_TIME || key == TypeKind.INTERVAL_YEAR_MONTH)) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR,
            "RANGE with an offset needs a numeric or datetime ORDER BY key, not " + key.sqlName());
      }
    }
  }

  private static boolean hasOffset(FrameBound bound) {
    return bound.offset() != null;
  }

  private WindowFrame frameOf(WindowFunctionSpec f) {
    return f.frame() != null ? f.frame() : WindowFrame.defaultFrame(!orderKeys.isEmpty());
  }

  /** Input columns, then one column per function. */
  public List<DataType> outputTypes() {
    return outputTypes;
  }

  /** Buffers the selected rows of {@code batch}. */
  public void add(Batch batch) {
    rows.append(batch);
  }

  /** Number of rows buffered. */
  public int rowCount() {
    return rows.size();
  }

  /** Drops every buffered row. */
  public void clear() {
    rows.clear();
  }

  /** Computes every function and pushes the rows in partition and order-key order. */
  public void emit(BatchConsumer consumer) {
    int n = rows.size();
    if (n == 0) {
      return;
    }
    List<SortKey> allKeys = new ArrayList<>();
    List<SortKey> partitionSort = new ArrayList<>();
    for (int key : partitionKeys) {
      partitionSort.add(new SortKey(key, false, true));
    }
    allKeys.addAll(partitionSort);
    allKeys.addAll(orderKeys);
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    IntSorter.sort(order, 0, n, new RowComparator(rows, allKeys));

    RowComparator partitionComparator = new RowComparator(rows, partitionSort);
    RowComparator orderComparator = new RowComparator(rows, orderKeys);
    int[] partitionStart = new int[n + 1];
    int partitions = 0;
    peerStart = new int[n];
    peerEnd = new int[n];
    int groupStart = 0;
    for (int i = 0; i < n; i++) {
      boolean newPartition = i == 0 || partitionComparator.compare(order[i - 1], order[i]) != 0;
      if (newPartition) {
        partitionStart[partitions++] = i;
      }
      if (newPartition || orderComparator.compare(order[i - 1], order[i]) != 0) {
        for (int j = groupStart; j < i; j++) {
          peerEnd[j] = i;
        }
        groupStart = i;
      }
      peerStart[i] = groupStart;
    }
    for (int j = groupStart; j < n; j++) {
      peerEnd[j] = n;
    }
    partitionStart[partitions] = n;

    frameStart = new int[n];
    frameEnd = new int[n];
    deque = new int[n];
    Result[] results = new Result[functions.size()];
    for (int f = 0; f < results.length; f++) {
      WindowFunctionSpec spec = functions.get(f);
      Result result = new Result(n);
      if (spec.argument() >= 0 && WideSlidingSum.applies(spec, inputTypes.get(spec.argument()))) {
        result.wide = new WideSlidingSum(n);
      }
      for (int p = 0; p < partitions; p++) {
        compute(spec, result, partitionStart[p], partitionStart[p + 1]);
      }
      results[f] = result;
    }

    int inputCount = inputTypes.size();
    int[] gatherRows = new int[Batch.DEFAULT_CAPACITY];
    for (int from = 0; from < n; from += Batch.DEFAULT_CAPACITY) {
      int count = Math.min(Batch.DEFAULT_CAPACITY, n - from);
      System.arraycopy(order, from, gatherRows, 0, count);
      output.reset();
      rows.gather(gatherRows, count, output, 0);
      for (int f = 0; f < results.length; f++) {
        write(functions.get(f), results[f], from, count, output.columns[inputCount + f]);
      }
      output.size = count;
      consumer.accept(output);
    }
    order = null;
    peerStart = null;
    peerEnd = null;
    frameStart = null;
    frameEnd = null;
    deque = null;
  }

  /** Results of one function by sorted position: numbers, or the stored row whose value it is. */
  private static final class Result {
    /** Row holding the value for value functions; {@link #NULL_ROW} for NULL, {@link #DEFAULT_ROW} for LAG/LEAD's default. */
    static final int NULL_ROW = -1;
    static final int DEFAULT_ROW = -2;
    final long[] longs;
    final double[] doubles;
    final boolean[] nulls;
    final int[] sourceRows;
    /** The 128-bit sums of SUM or AVG over DECIMAL values of more than 18 digits, else null. */
    WideSlidingSum wide;

    Result(int n) {
      longs = new long[n];
      doubles = new double[n];
      nulls = new boolean[n];
      sourceRows = new int[n];
    }
  }

  private void compute(WindowFunctionSpec spec, Result result, int start, int end) {
    int size = end - start;
    switch (spec.kind()) {
      case ROW_NUMBER:
        for (int i = start; i < end; i++) {
          result.longs[i] = i - start + 1;
        }
        break;
      case RANK:
        for (int i = start; i < end; i++) {
          result.longs[i] = peerStart[i] - start + 1;
        }
        break;
      case DENSE_RANK: {
        long rank = 0;
        for (int i = start; i < end; i++) {
          if (peerStart[i] == i) {
            rank++;
          }
          result.longs[i] = rank;
        }
        break;
      }
      case PERCENT_RANK:
        for (int i = start; i < end; i++) {
          result.doubles[i] = size == 1 ? 0.0 : (double) (peerStart[i] - start) / (size - 1);
        }
        break;
      case CUME_DIST:
        for (int i = start; i < end; i++) {
          result.doubles[i] = (double) (peerEnd[i] - start) / size;
        }
        break;
      case NTILE: {
        long buckets = spec.offset();
        long small = size / buckets;
        long remainder = size % buckets;
        long largeRows = remainder * (small + 1);
        for (int i = start; i < end; i++) {
          long j = i - start;
          result.longs[i] = j < largeRows ? j / (small + 1) + 1 : (j - largeRows) / small + remainder + 1;
        }
        break;
      }
      case LAG:
      case LEAD: {
        long shift = spec.kind() == WindowFunctionKind.LAG ? -spec.offset() : spec.offset();
        for (int i = start; i < end; i++) {
          long target = i + shift;
          result.sourceRows[i] = target >= start && target < end ? order[(int) target] : Result.DEFAULT_ROW;
        }
        break;
      }
      default:
        computeFramed(spec, result, start, end);
    }
  }

  private void computeFramed(WindowFunctionSpec spec, Result result, int start, int end) {
    frameBounds(frameOf(spec), start, end);
    switch (spec.kind()) {
      case FIRST_VALUE:
        for (int i = start; i < end; i++) {
          result.sourceRows[i] = frameStart[i] < frameEnd[i] ? order[frameStart[i]] : Result.NULL_ROW;
        }
        break;
      case LAST_VALUE:
        for (int i = start; i < end; i++) {
          result.sourceRows[i] = frameStart[i] < frameEnd[i] ? order[frameEnd[i] - 1] : Result.NULL_ROW;
        }
        break;
      case COUNT_STAR:
        for (int i = start; i < end; i++) {
          result.longs[i] = frameEnd[i] - frameStart[i];
        }
        break;
      case MIN:
      case MAX:
        slidingExtreme(spec, result, start, end);
        break;
      default:
        if (result.wide != null) {
          result.wide.compute(rows, spec.argument(), order, frameStart, frameEnd, start, end, spec.resultType());
        } else {
          slidingSum(spec, result, start, end);
        }
    }
  }

  /** Fills {@link #frameStart} and {@link #frameEnd} (exclusive) for positions {@code start .. end}. */
  private void frameBounds(WindowFrame frame, int start, int end) {
    boolean range = frame.unit() == WindowFrame.Unit.RANGE;
    int nonNullStart = start;
    int nonNullEnd = end;
    boolean offsets = range && (frame.start().offset() != null || frame.end().offset() != null);
    if (offsets) {
      int keyColumn = orderKeys.get(0).column();
      boolean[] nulls = rows.nulls(keyColumn);
      while (nonNullStart < end && nulls[order[nonNullStart]]) {
        nonNullStart++;
      }
      while (nonNullEnd > nonNullStart && nulls[order[nonNullEnd - 1]]) {
        nonNullEnd--;
      }
    }
    for (int i = start; i < end; i++) {
      int s = bound(frame.start(), true, range, i, start, end, nonNullStart, nonNullEnd);
      int e = bound(frame.end(), false, range, i, start, end, nonNullStart, nonNullEnd);
      frameStart[i] = s;
      frameEnd[i] = Math.max(s, e);
    }
  }

  private int bound(FrameBound bound, boolean isStart, boolean range, int i, int start, int end,
      int nonNullStart, int nonNullEnd) {
    switch (bound.type()) {
      case UNBOUNDED_PRECEDING:
        return start;
      case UNBOUNDED_FOLLOWING:
        return end;
      case CURRENT_ROW:
        if (range) {
          return isStart ? peerStart[i] : peerEnd[i];
        }
        return isStart ? i : i + 1;
      default:
        break;
    }
    boolean preceding = bound.type() == FrameBound.Type.PRECEDING;
    if (!range) {
      long n = bound.offset().longValue();
      long position = preceding ? (long) i - n : (long) i + n;
      if (!isStart) {
        position++;
      }
      return (int) Math.max(start, Math.min(end, position));
    }
    if (i < nonNullStart || i >= nonNullEnd) {
      // A NULL key is at no distance from anything but other NULLs: its peers are its frame.
      return isStart ? peerStart[i] : peerEnd[i];
    }
    return rangeBound(bound, preceding, isStart, i, nonNullStart, nonNullEnd);
  }

  /**
   * RANGE n PRECEDING/FOLLOWING: binary search among the non-NULL keys of the partition for the
   * first row at or past (start) or past (end) the current key shifted by n in sort direction.
   */
  private int rangeBound(FrameBound bound, boolean preceding, boolean isStart, int i, int low, int high) {
    SortKey key = orderKeys.get(0);
    int column = key.column();
    // Shift toward the front of the sort order for PRECEDING; which way that is depends on DESC.
    boolean subtract = preceding != key.descending();
    if (rows.kind(column) == PhysicalKind.DOUBLE) {
      double[] values = rows.doubles(column);
      double current = values[order[i]];
      double n = bound.offset().doubleValue();
      double target = subtract ? current - n : current + n;
      int lo = low;
      int hi = high;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        int c = Vectors.compareDoubles(values[order[mid]], target);
        if (key.descending()) {
          c = -c;
        }
        if (isStart ? c < 0 : c <= 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
    long[] values = rows.longs(column);
    long current = values[order[i]];
    long n = bound.offset().longValue();
    long target = subtract ? saturatingSubtract(current, n) : saturatingAdd(current, n);
    int lo = low;
    int hi = high;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c = Long.compare(values[order[mid]], target);
      if (key.descending()) {
        c = -c;
      }
      if (isStart ? c < 0 : c <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static long saturatingAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  private static long saturatingSubtract(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  /** COUNT, SUM and AVG over sliding frames: add what enters, subtract what leaves. */
  private void slidingSum(WindowFunctionSpec spec, Result result, int start, int end) {
    int column = spec.argument();
    DataType inputType = inputTypes.get(column);
    boolean[] nulls = rows.nulls(column);
    boolean isDouble = rows.kind(column) == PhysicalKind.DOUBLE;
    long[] longValues = isDouble ? null : rows.longs(column);
    double[] doubleValues = isDouble ? rows.doubles(column) : null;
    WindowFunctionKind kind = spec.kind();
    if (kind == WindowFunctionKind.COUNT) {
      isDouble = false;
      longValues = null;
    }
    long count = 0;
    long longSum = 0;
    double finiteSum = 0;
    long nans = 0;
    long positiveInfinities = 0;
    long negativeInfinities = 0;
    int currentStart = start;
    int currentEnd = start;
    for (int i = start; i < end; i++) {
      int s = frameStart[i];
      int e = frameEnd[i];
      if (s < currentStart || e < currentEnd) {
        count = 0;
        longSum = 0;
        finiteSum = 0;
        nans = 0;
        positiveInfinities = 0;
        negativeInfinities = 0;
        currentStart = s;
        currentEnd = s;
      }
      try {
        for (; currentEnd < e; currentEnd++) {
          int row = order[currentEnd];
          if (nulls[row]) {
            continue;
          }
          count++;
          if (longValues != null) {
            longSum = Math.addExact(longSum, longValues[row]);
          } else if (isDouble) {
            double v = doubleValues[row];
            if (Double.isNaN(v)) {
              nans++;
            } else if (v == Double.POSITIVE_INFINITY) {
              positiveInfinities++;
            } else if (v == Double.NEGATIVE_INFINITY) {
              negativeInfinities++;
            } else {
              finiteSum += v;
            }
          }
        }
        for (; currentStart < s; currentStart++) {
          int row = order[currentStart];
          if (nulls[row]) {
            continue;
          }
          count--;
          if (longValues != null) {
            longSum = Math.subtractExact(longSum, longValues[row]);
          } else if (isDouble) {
            double v = doubleValues[row];
            if (Double.isNaN(v)) {
              nans--;
            } else if (v == Double.POSITIVE_INFINITY) {
              positiveInfinities--;
            } else if (v == Double.NEGATIVE_INFINITY) {
              negativeInfinities--;
            } else {
              finiteSum -= v;
            }
          }
        }
      } catch (ArithmeticException overflow) {
        throw Vectors.overflow(spec.resultType());
      }
      if (kind == WindowFunctionKind.COUNT) {
        result.longs[i] = count;
        continue;
      }
      if (count == 0) {
        result.nulls[i] = true;
        continue;
      }
      double doubleSum = nans > 0 || (positiveInfinities > 0 && negativeInfinities > 0) ? Double.NaN
          : positiveInfinities > 0 ? Double.POSITIVE_INFINITY
          : negativeInfinities > 0 ? Double.NEGATIVE_INFINITY
          : finiteSum;
      DataType resultType = spec.resultType();
      if (kind == WindowFunctionKind.SUM) {
        if (isDouble) {
          result.doubles[i] = doubleSum;
        } else {
          Vectors.checkDecimal(resultType, longSum);
          result.longs[i] = longSum;
        }
      } else if (isDouble) {
        result.doubles[i] = doubleSum / count;
      } else if (resultType.physical() == PhysicalKind.DOUBLE) {
        double scale = inputType.kind() == TypeKind.DECIMAL ? Math.pow(10, inputType.scale()) : 1;
        result.doubles[i] = longSum / scale / count;
      } else if (resultType.kind() == TypeKind.DECIMAL) {
        int inputScale = inputType.kind() == TypeKind.DECIMAL ? inputType.scale() : 0;
        result.longs[i] = Vectors.decimalAverage(longSum, count, inputScale, resultType.scale());
      } else {
        result.longs[i] = longSum / count;
      }
    }
  }

  /** MIN and MAX over sliding frames with a deque of positions whose values are monotonic. */
  private void slidingExtreme(WindowFunctionSpec spec, Result result, int start, int end) {
    int column = spec.argument();
    boolean[] nulls = rows.nulls(column);
    int sign = spec.kind() == WindowFunctionKind.MIN ? 1 : -1;
    int head = 0;
    int tail = 0;
    int currentStart = start;
    int currentEnd = start;
    for (int i = start; i < end; i++) {
      int s = frameStart[i];
      int e = frameEnd[i];
      if (s < currentStart || e < currentEnd) {
        head = 0;
        tail = 0;
        currentStart = s;
        currentEnd = s;
      }
      for (; currentEnd < e; currentEnd++) {
        int row = order[currentEnd];
        if (nulls[row]) {
          continue;
        }
        // Drop positions that can no longer be the extreme: this one is at least as good and leaves later.
        while (tail > head && sign * RowComparator.compareValues(rows, column, order[deque[tail - 1]], row) > 0) {
          tail--;
        }
        deque[tail++] = currentEnd;
      }
      currentStart = Math.max(currentStart, s);
      while (tail > head && deque[head] < s) {
        head++;
      }
      result.sourceRows[i] = tail > head ? order[deque[head]] : Result.NULL_ROW;
    }
  }

  private void write(WindowFunctionSpec spec, Result result, int from, int count, ColumnVector out) {
    switch (spec.kind()) {
      case LAG:
      case LEAD:
      case FIRST_VALUE:
      case LAST_VALUE:
      case MIN:
      case MAX:
        for (int i = 0; i < count; i++) {
          int source = result.sourceRows[from + i];
          if (source >= 0) {
            rows.copyValue(spec.argument(), source, out, i);
          } else if (source == Result.DEFAULT_ROW) {
            Vectors.writeInternal(out, i, spec.defaultValue());
          } else {
            Accumulator.putNull(out, i);
          }
        }
        return;
      case PERCENT_RANK:
      case CUME_DIST:
        for (int i = 0; i < count; i++) {
          Accumulator.putDouble(out, i, result.doubles[from + i]);
        }
        return;
      default:
        break;
    }
    if (result.wide != null) {
      result.wide.write(spec, inputTypes.get(spec.argument()).scale(), from, count, out);
      return;
    }
    boolean doubles = (spec.kind() == WindowFunctionKind.SUM || spec.kind() == WindowFunctionKind.AVG)
        && rows.kind(spec.argument()) == PhysicalKind.DOUBLE
        || spec.kind() == WindowFunctionKind.AVG && spec.resultType().physical() == PhysicalKind.DOUBLE;
    for (int i = 0; i < count; i++) {
      int p = from + i;
      if (result.nulls[p]) {
        Accumulator.putNull(out, i);
      } else if (doubles) {
        Accumulator.putDouble(out, i, result.doubles[p]);
      } else {
        Accumulator.putLong(out, i, result.longs[p]);
      }
    }
  }
}
