package io.sluice.engine.operator;

import static io.sluice.engine.operator.TestRows.BIGINT;
import static io.sluice.engine.operator.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Window assignment against a direct enumeration of the windows that contain each time. */
class WindowAssignerTest {
  private static final DataType TIMESTAMP = DataType.of(TypeKind.TIMESTAMP);
  private static final List<DataType> TYPES = List.of(BIGINT, TIMESTAMP);

  private static List<String> assign(long size, long slide, long offset, List<List<Object>> rows, int[] selection) {
    Batch batch = TestRows.dense(TYPES, rows);
    if (selection != null) {
      batch.selection = selection;
      batch.selectedCount = selection.length;
    }
    TestRows.Collector out = new TestRows.Collector();
    new WindowAssigner(TYPES, 1, size, slide, offset).process(batch, out);
    return TestRows.canonical(out.rows);
  }

  /** Every window [start, start + size) with start = offset + k * slide that contains t. */
  private static List<String> expected(long size, long slide, long offset, List<List<Object>> rows, int[] selection) {
    List<List<Object>> out = new ArrayList<>();
    for (int k = 0; k < (selection == null ? rows.size() : selection.length); k++) {
      List<Object> r = rows.get(selection == null ? k : selection[k]);
      if (r.get(1) == null) {
        continue;
      }
      long t = (Long) r.get(1);
      long first = Math.floorDiv(t - size - offset, slide) * slide + offset;
      for (long start = first; start <= t; start += slide) {
        if (start <= t && t < start + size) {
          out.add(TestRows.concat(r, row(start, start + size)));
        }
      }
    }
    return TestRows.canonical(out);
  }

  @Test
  void randomTimesMatchTheWindowsThatContainThem() {
    Random random = new Random(11);
    long[][] shapes = {{10, 10, 0}, {10, 2, 0}, {10, 3, 0}, {7, 7, 3}, {10, 4, -1}, {1000, 250, 100}};
    for (long[] shape : shapes) {
      for (int round = 0; round < 20; round++) {
        List<List<Object>> rows = new ArrayList<>();
        int n = 1 + random.nextInt(50);
        for (int i = 0; i < n; i++) {
          rows.add(row((long) i, random.nextInt(10) == 0 ? null : (long) random.nextInt(4000) - 2000));
        }
        int[] selection = null;
        if (random.nextBoolean()) {
          selection = random.ints(0, n).distinct().limit(Math.max(1, n / 2)).sorted().toArray();
        }
        assertEquals(expected(shape[0], shape[1], shape[2], rows, selection),
            assign(shape[0], shape[1], shape[2], rows, selection),
            "size " + shape[0] + ", slide " + shape[1] + ", offset " + shape[2]);
      }
    }
  }
}
