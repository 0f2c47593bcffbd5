package io.sluice.engine.operator;

import static io.sluice.engine.operator.TestRows.BIGINT;
import static io.sluice.engine.operator.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowAssignerTest {
  private static final List<DataType> TYPES = List.of(BIGINT, DataType.of(TypeKind.TIMESTAMP));

  private static List<List<Object>> run(WindowAssigner assigner, List<List<Object>> rows) {
    TestRows.Collector out = new TestRows.Collector();
    assigner.process(TestRows.sparse(TYPES, rows, new Random(1)), out);
    return out.rows;
  }

  @Test
  void cumulateWindowsStartAtTheCycleAndEndAfterTheRow() {
    // cycles of 30 from offset 0, step 10
    List<List<Object>> out = run(WindowAssigner.cumulate(TYPES, 1, 30, 10, 0), List.of(
        row(1L, 0L), row(2L, 10L), row(3L, 29L), row(4L, 30L), row(5L, -1L), row(6L, null)));
    assertEquals(List.of(
        row(1L, 0L, 0L, 10L), row(1L, 0L, 0L, 20L), row(1L, 0L, 0L, 30L),
        row(2L, 10L, 0L, 20L), row(2L, 10L, 0L, 30L),
        row(3L, 29L, 0L, 30L),
        row(4L, 30L, 30L, 40L), row(4L, 30L, 30L, 50L), row(4L, 30L, 30L, 60L),
        row(5L, -1L, -30L, 0L)), out);
  }

  @Test
  void cumulateWithAnOffset() {
    List<List<Object>> out = run(WindowAssigner.cumulate(TYPES, 1, 30, 10, 5), List.of(row(1L, 3L), row(2L, 16L)));
    assertEquals(List.of(row(1L, 3L, -25L, 5L), row(2L, 16L, 5L, 25L), row(2L, 16L, 5L, 35L)), out);
  }

  @Test
  void cumulateNeedsASizeThatIsAMultipleOfTheStep() {
    assertThrows(IllegalArgumentException.class, () -> WindowAssigner.cumulate(TYPES, 1, 30, 7, 0));
  }

  /** Every (row, window) pair against a brute-force scan of candidate windows, across output batches. */
  @Test
  void cumulateMatchesABruteForceAssignment() {
    Random random = new Random(11);
    List<List<Object>> rows = new ArrayList<>();
    List<List<Object>> expected = new ArrayList<>();
    long step = 7;
    long size = 5 * step;
    long offset = 3;
    for (int i = 0; i < 3000; i++) {
      long t = random.nextInt(10_000) - 5_000;
      rows.add(row((long) i, t));
      for (long start = Math.floorDiv(t - offset, size) * size + offset - size; start <= t; start += size) {
        for (long end = start + step; end <= start + size; end += step) {
          if (start <= t && t < end) {
            expected.add(row((long) i, t, start, end));
          }
        }
      }
    }
    TestRows.Collector out = new TestRows.Collector();
    WindowAssigner assigner = WindowAssigner.cumulate(TYPES, 1, size, step, offset);
    assigner.process(TestRows.dense(TYPES, rows), out);
    assertEquals(TestRows.canonical(expected), TestRows.canonical(out.rows));
    assertEquals(true, out.batches > 1, "the output spans several batches");
  }

  @Test
  void tumbleAndHopKeepTheirWindows() {
    assertEquals(List.of(row(1L, 12L, 10L, 20L)), run(WindowAssigner.tumble(TYPES, 1, 10, 0), List.of(row(1L, 12L))));
    assertEquals(List.of(row(1L, 12L, 10L, 20L), row(1L, 12L, 5L, 15L)),
        run(WindowAssigner.hop(TYPES, 1, 10, 5, 0), List.of(row(1L, 12L))));
  }
}
