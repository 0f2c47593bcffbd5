package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.DOUBLE;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowEvaluatorTest {
  // (p, o, v, d, s, id)
  private static final List<DataType> TYPES = List.of(BIGINT, BIGINT, BIGINT, DOUBLE, VARCHAR, BIGINT);
  private static final int P = 0;
  private static final int O = 1;
  private static final int V = 2;
  private static final int D = 3;
  private static final int S = 4;

  private static List<List<Object>> randomRows(Random random, int n) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row(
          random.nextInt(10) == 0 ? null : (long) random.nextInt(4),
          random.nextInt(8) == 0 ? null : (long) random.nextInt(12),
          random.nextInt(6) == 0 ? null : (long) random.nextInt(100) - 50,
          random.nextInt(6) == 0 ? null : (double) (random.nextInt(40) - 20),
          random.nextInt(6) == 0 ? null : "s" + random.nextInt(20),
          (long) i));
    }
    return rows;
  }

  private static final List<WindowFrame> FRAMES = List.of(
      WindowFrame.rows(FrameBound.preceding(2), FrameBound.following(1)),
      WindowFrame.rows(FrameBound.unboundedPreceding(), FrameBound.currentRow()),
      WindowFrame.rows(FrameBound.following(1), FrameBound.following(3)),
      WindowFrame.rows(FrameBound.preceding(3), FrameBound.preceding(1)),
      WindowFrame.rows(FrameBound.currentRow(), FrameBound.preceding(1)),
      WindowFrame.rows(FrameBound.currentRow(), FrameBound.unboundedFollowing()),
      WindowFrame.range(FrameBound.preceding(2), FrameBound.following(1)),
      WindowFrame.range(FrameBound.currentRow(), FrameBound.unboundedFollowing()),
      WindowFrame.range(FrameBound.following(3), FrameBound.following(5)),
      WindowFrame.range(FrameBound.unboundedPreceding(), FrameBound.preceding(1)),
      WindowFrame.range(FrameBound.preceding(0), FrameBound.currentRow()),
      WindowFrame.range(FrameBound.unboundedPreceding(), FrameBound.unboundedFollowing()));

  private static List<WindowFunctionSpec> framedFunctions(WindowFrame frame) {
    return List.of(
        WindowFunctionSpec.framed(WindowFunctionKind.COUNT_STAR, -1, frame, BIGINT),
        WindowFunctionSpec.framed(WindowFunctionKind.COUNT, V, frame, BIGINT),
        WindowFunctionSpec.framed(WindowFunctionKind.SUM, V, frame, BIGINT),
        WindowFunctionSpec.framed(WindowFunctionKind.AVG, D, frame, DOUBLE),
        WindowFunctionSpec.framed(WindowFunctionKind.MIN, S, frame, VARCHAR),
        WindowFunctionSpec.framed(WindowFunctionKind.MAX, D, frame, DOUBLE),
        WindowFunctionSpec.framed(WindowFunctionKind.MIN, V, frame, BIGINT),
        WindowFunctionSpec.framed(WindowFunctionKind.FIRST_VALUE, V, frame, BIGINT),
        WindowFunctionSpec.framed(WindowFunctionKind.LAST_VALUE, S, frame, VARCHAR));
  }

  private static final List<WindowFunctionSpec> RANKING = List.of(
      WindowFunctionSpec.of(WindowFunctionKind.ROW_NUMBER, BIGINT),
      WindowFunctionSpec.of(WindowFunctionKind.RANK, BIGINT),
      WindowFunctionSpec.of(WindowFunctionKind.DENSE_RANK, BIGINT),
      WindowFunctionSpec.of(WindowFunctionKind.PERCENT_RANK, DOUBLE),
      WindowFunctionSpec.of(WindowFunctionKind.CUME_DIST, DOUBLE),
      WindowFunctionSpec.ntile(3, BIGINT),
      WindowFunctionSpec.lag(V, 2, -1L, BIGINT),
      WindowFunctionSpec.lead(S, 1, null, VARCHAR),
      WindowFunctionSpec.lead(V, 0, null, BIGINT));

  private static List<List<Object>> run(int[] partition, List<SortKey> order, List<WindowFunctionSpec> functions,
      List<List<Object>> rows, Random random) {
    WindowEvaluator evaluator = new WindowEvaluator(TYPES, partition, order, functions);
    for (Batch b : TestRows.batches(TYPES, rows, 50, random)) {
      evaluator.add(b);
    }
    TestRows.Collector out = new TestRows.Collector();
    evaluator.emit(out);
    return out.rows;
  }

  @Test
  void framesAndRankingAgainstBruteForce() {
    Random random = new Random(21);
    List<List<SortKey>> orders = List.of(
        List.of(SortKey.ascending(O)),
        List.of(SortKey.descending(O)),
        List.of(new SortKey(O, false, true)),
        List.of(new SortKey(O, true, false)));
    for (int round = 0; round < 3; round++) {
      List<List<Object>> rows = randomRows(random, 300);
      for (List<SortKey> order : orders) {
        for (int[] partition : new int[][] {{P}, {}}) {
          List<WindowFunctionSpec> functions = new ArrayList<>(RANKING);
          functions.addAll(framedFunctions(null));
          for (WindowFrame frame : FRAMES) {
            functions.addAll(framedFunctions(frame));
          }
          List<List<Object>> expected = reference(partition, order, functions, rows);
          List<List<Object>> actual = run(partition, order, functions, rows, random);
          for (int i = 0; i < expected.size(); i++) {
            for (int c = 0; c < expected.get(i).size(); c++) {
              assertEquals(expected.get(i).get(c), actual.get(i).get(c), "row " + i + " column " + c + " order "
                  + order + " partition " + partition.length + " function "
                  + (c >= TYPES.size() ? functions.get(c - TYPES.size()) : null));
            }
          }
          assertEquals(expected.size(), actual.size());
        }
      }
    }
  }

  @Test
  void noOrderMeansWholePartitionAndPeersEverywhere() {
    Random random = new Random(5);
    List<List<Object>> rows = randomRows(random, 100);
    List<WindowFunctionSpec> functions = new ArrayList<>(RANKING);
    functions.addAll(framedFunctions(null));
    List<List<Object>> expected = reference(new int[] {P}, List.of(), functions, rows);
    assertEquals(expected, run(new int[] {P}, List.of(), functions, rows, random));
  }

  @Test
  void rangeOverDoubleKeyWithFractionalOffsets() {
    Random random = new Random(6);
    List<List<Object>> rows = randomRows(random, 200);
    WindowFrame frame = WindowFrame.range(FrameBound.preceding(1.5), FrameBound.following(0.5));
    for (List<SortKey> order : List.of(List.of(SortKey.ascending(D)), List.of(SortKey.descending(D)))) {
      List<WindowFunctionSpec> functions = framedFunctions(frame);
      assertEquals(reference(new int[] {P}, order, functions, rows),
          run(new int[] {P}, order, functions, rows, random));
    }
  }

  @Test
  void sumOfDecimalsAndAverageScale() {
    DataType dec = DataType.decimal(10, 2);
    List<DataType> types = List.of(BIGINT, dec);
    WindowEvaluator evaluator = new WindowEvaluator(types, new int[0], List.of(SortKey.ascending(0)), List.of(
        WindowFunctionSpec.framed(WindowFunctionKind.SUM, 1, null, DataType.decimal(18, 2)),
        WindowFunctionSpec.framed(WindowFunctionKind.AVG, 1, null, DataType.decimal(18, 3))));
    evaluator.add(TestRows.dense(types, List.of(row(1L, 100L), row(2L, 101L), row(3L, null), row(4L, 1L))));
    TestRows.Collector out = new TestRows.Collector();
    evaluator.emit(out);
    assertEquals(List.of(row(1L, 100L, 100L, 1000L), row(2L, 101L, 201L, 1005L),
        row(3L, null, 201L, 1005L), row(4L, 1L, 202L, 673L)), out.rows);
  }

  @Test
  void invalidArguments() {
    SluiceException ntile = assertThrows(SluiceException.class, () -> new WindowEvaluator(TYPES, new int[0],
        List.of(), List.of(WindowFunctionSpec.ntile(0, BIGINT))));
    assertEquals(ErrorCode.INVALID_ARGUMENT, ntile.code());
    SluiceException range = assertThrows(SluiceException.class, () -> new WindowEvaluator(TYPES, new int[0],
        List.of(SortKey.ascending(S)), List.of(WindowFunctionSpec.framed(WindowFunctionKind.COUNT_STAR, -1,
            WindowFrame.range(FrameBound.preceding(1), FrameBound.currentRow()), BIGINT))));
    assertEquals(ErrorCode.VALIDATION_ERROR, range.code());
  }

  @Test
  void emptyInputEmitsNothing() {
    WindowEvaluator evaluator = new WindowEvaluator(TYPES, new int[] {P}, List.of(), RANKING);
    TestRows.Collector out = new TestRows.Collector();
    evaluator.emit(out);
    assertEquals(0, out.batches);
  }

  // ---- brute-force reference ----

  private static List<List<Object>> reference(int[] partition, List<SortKey> order, List<WindowFunctionSpec> functions,
      List<List<Object>> input) {
    List<SortKey> partitionKeys = new ArrayList<>();
    for (int p : partition) {
      partitionKeys.add(new SortKey(p, false, true));
    }
    List<SortKey> all = new ArrayList<>(partitionKeys);
    all.addAll(order);
    Comparator<List<Object>> byPartition = SorterTest.reference(partitionKeys);
    Comparator<List<Object>> byOrder = SorterTest.reference(order);
    List<List<Object>> sorted = new ArrayList<>(input);
    sorted.sort(SorterTest.reference(all));
    List<List<Object>> out = new ArrayList<>();
    int start = 0;
    while (start < sorted.size()) {
      int end = start;
      while (end < sorted.size() && byPartition.compare(sorted.get(start), sorted.get(end)) == 0) {
        end++;
      }
      List<List<Object>> part = sorted.subList(start, end);
      for (int i = 0; i < part.size(); i++) {
        List<Object> result = new ArrayList<>(part.get(i));
        for (WindowFunctionSpec f : functions) {
          result.add(evaluate(f, part, i, order, byOrder));
        }
        out.add(result);
      }
      start = end;
    }
    return out;
  }

  private static Object evaluate(WindowFunctionSpec f, List<List<Object>> part, int i, List<SortKey> order,
      Comparator<List<Object>> byOrder) {
    int n = part.size();
    List<Object> current = part.get(i);
    switch (f.kind()) {
      case ROW_NUMBER:
        return (long) i + 1;
      case RANK:
      case PERCENT_RANK: {
        long before = 0;
        for (List<Object> r : part) {
          if (byOrder.compare(r, current) < 0) {
            before++;
          }
        }
        return f.kind() == WindowFunctionKind.RANK ? (Object) (before + 1) : (Object) (n == 1 ? 0.0 : (double) before / (n - 1));
      }
      case DENSE_RANK: {
        long groups = 1;
        for (int j = 1; j <= i; j++) {
          if (byOrder.compare(part.get(j - 1), part.get(j)) != 0) {
            groups++;
          }
        }
        return groups;
      }
      case CUME_DIST: {
        long upTo = 0;
        for (List<Object> r : part) {
          if (byOrder.compare(r, current) <= 0) {
            upTo++;
          }
        }
        return (double) upTo / n;
      }
      case NTILE: {
        int buckets = (int) f.offset();
        int position = 0;
        for (int b = 0; b < buckets; b++) {
          int size = n / buckets + (b < n % buckets ? 1 : 0);
          if (i < position + size) {
            return (long) b + 1;
          }
          position += size;
        }
        throw new AssertionError();
      }
      case LAG:
      case LEAD: {
        int j = f.kind() == WindowFunctionKind.LAG ? i - (int) f.offset() : i + (int) f.offset();
        return j >= 0 && j < n ? part.get(j).get(f.argument()) : f.defaultValue();
      }
      default:
        break;
    }
    WindowFrame frame = f.frame() != null ? f.frame() : WindowFrame.defaultFrame(!order.isEmpty());
    List<List<Object>> inFrame = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      if (satisfies(frame, frame.start(), true, part, i, j, order, byOrder)
          && satisfies(frame, frame.end(), false, part, i, j, order, byOrder)) {
        inFrame.add(part.get(j));
      }
    }
    List<Object> values = new ArrayList<>();
    for (List<Object> r : inFrame) {
      if (f.argument() >= 0 && r.get(f.argument()) != null) {
        values.add(r.get(f.argument()));
      }
    }
    switch (f.kind()) {
      case COUNT_STAR:
        return (long) inFrame.size();
      case COUNT:
        return (long) values.size();
      case FIRST_VALUE:
        return inFrame.isEmpty() ? null : inFrame.get(0).get(f.argument());
      case LAST_VALUE:
        return inFrame.isEmpty() ? null : inFrame.get(inFrame.size() - 1).get(f.argument());
      case SUM: {
        if (values.isEmpty()) {
          return null;
        }
        long sum = 0;
        for (Object v : values) {
          sum += (Long) v;
        }
        return sum;
      }
      case AVG: {
        if (values.isEmpty()) {
          return null;
        }
        double sum = 0;
        for (Object v : values) {
          sum += (Double) v;
        }
        return sum / values.size();
      }
      case MIN:
      case MAX: {
        Object best = null;
        for (Object v : values) {
          int c = best == null ? 0 : SorterTest.compareValues(v, best);
          if (best == null || (f.kind() == WindowFunctionKind.MIN ? c < 0 : c > 0)) {
            best = v;
          }
        }
        return best;
      }
      default:
        throw new AssertionError(f.kind());
    }
  }

  /** Whether row j lies on the inner side of one frame bound for current row i, by the definition. */
  private static boolean satisfies(WindowFrame frame, FrameBound bound, boolean isStart, List<List<Object>> part,
      int i, int j, List<SortKey> order, Comparator<List<Object>> byOrder) {
    FrameBound.Type type = bound.type();
    if (type == FrameBound.Type.UNBOUNDED_PRECEDING || type == FrameBound.Type.UNBOUNDED_FOLLOWING) {
      return true;
    }
    if (frame.unit() == WindowFrame.Unit.ROWS) {
      long target = type == FrameBound.Type.CURRENT_ROW ? i
          : type == FrameBound.Type.PRECEDING ? i - bound.offset().longValue() : i + bound.offset().longValue();
      return isStart ? j >= target : j <= target;
    }
    SortKey key = order.isEmpty() ? null : order.get(0);
    Object currentKey = key == null ? null : part.get(i).get(key.column());
    // A NULL current key is at no distance from anything but its NULL peers: offsets act like CURRENT ROW.
    if (type == FrameBound.Type.CURRENT_ROW || currentKey == null) {
      int c = byOrder.compare(part.get(j), part.get(i));
      return isStart ? c >= 0 : c <= 0;
    }
    Object otherKey = part.get(j).get(key.column());
    if (otherKey == null) {
      // NULL keys sit beyond every offset, at the end of the order where the sort puts them.
      boolean nullsAfter = !key.nullsFirst();
      return isStart == nullsAfter;
    }
    double x = ((Number) currentKey).doubleValue();
    double y = ((Number) otherKey).doubleValue();
    double distance = key.descending() ? x - y : y - x;
    double n = bound.offset().doubleValue();
    double signed = type == FrameBound.Type.PRECEDING ? -n : n;
    return isStart ? distance >= signed : distance <= signed;
  }
}
