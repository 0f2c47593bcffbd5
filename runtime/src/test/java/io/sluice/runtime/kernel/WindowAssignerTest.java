package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
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
    assertEquals(TestRows.canonical(List.of(
        row(1L, 0L, 0L, 10L), row(1L, 0L, 0L, 20L), row(1L, 0L, 0L, 30L),
        row(2L, 10L, 0L, 20L), row(2L, 10L, 0L, 30L),
        row(3L, 29L, 0L, 30L),
        row(4L, 30L, 30L, 40L), row(4L, 30L, 30L, 50L), row(4L, 30L, 30L, 60L),
        row(5L, -1L, -30L, 0L))), TestRows.canonical(out));
  }

  @Test
  void cumulateWithAnOffset() {
    List<List<Object>> out = run(WindowAssigner.cumulate(TYPES, 1, 30, 10, 5), List.of(row(1L, 3L), row(2L, 16L)));
    assertEquals(TestRows.canonical(List.of(row(1L, 3L, -25L, 5L), row(2L, 16L, 5L, 25L), row(2L, 16L, 5L, 35L))),
        TestRows.canonical(out));
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
    assertEquals(true, out.batches > 1, "the output spans several passes");
  }

  @Test
  void tumbleAndHopKeepTheirWindows() {
    assertEquals(List.of(row(1L, 12L, 10L, 20L)), run(WindowAssigner.tumble(TYPES, 1, 10, 0), List.of(row(1L, 12L))));
    assertEquals(TestRows.canonical(List.of(row(1L, 12L, 10L, 20L), row(1L, 12L, 5L, 15L))),
        TestRows.canonical(run(WindowAssigner.hop(TYPES, 1, 10, 5, 0), List.of(row(1L, 12L)))));
  }

  /** Every window [start, start + size) with start = offset + k * slide that contains t. */
  private static List<String> expectedHop(long size, long slide, long offset, List<List<Object>> rows,
      int[] selection) {
    List<List<Object>> out = new ArrayList<>();
    for (int k = 0; k < (selection == null ? rows.size() : selection.length); k++) {
      List<Object> r = rows.get(selection == null ? k : selection[k]);
      if (r.get(1) == null) {
        continue;
      }
      long t = (Long) r.get(1);
      long first = Math.floorDiv(t - size - offset, slide) * slide + offset;
      for (long start = first; start <= t; start += slide) {
        if (t < start + size) {
          out.add(TestRows.concat(r, row(start, start + size)));
        }
      }
    }
    return TestRows.canonical(out);
  }

  /** Random times, NULLs and selections: TUMBLE and HOP give exactly the windows that contain each time. */
  @Test
  void hopMatchesTheWindowsThatContainEachTime() {
    Random random = new Random(11);
    long[][] shapes = {{10, 10, 0}, {10, 2, 0}, {10, 3, 0}, {7, 7, 3}, {10, 4, -1}, {1000, 250, 100}};
    for (long[] shape : shapes) {
      for (int round = 0; round < 20; round++) {
        List<List<Object>> rows = new ArrayList<>();
        int n = 1 + random.nextInt(50);
        for (int i = 0; i < n; i++) {
          rows.add(row((long) i, random.nextInt(10) == 0 ? null : (long) random.nextInt(4000) - 2000));
        }
        Batch batch = TestRows.dense(TYPES, rows);
        int[] selection = null;
        if (random.nextBoolean()) {
          selection = random.ints(0, n).distinct().limit(Math.max(1, n / 2)).sorted().toArray();
          batch.selection = selection;
          batch.selectedCount = selection.length;
        }
        TestRows.Collector out = new TestRows.Collector();
        WindowAssigner.hop(TYPES, 1, shape[0], shape[1], shape[2]).process(batch, out);
        assertEquals(expectedHop(shape[0], shape[1], shape[2], rows, selection), TestRows.canonical(out.rows),
            "size " + shape[0] + ", slide " + shape[1] + ", offset " + shape[2]);
      }
    }
  }
}
