package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.BOOLEAN;
import static io.sluice.runtime.kernel.TestRows.DOUBLE;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ColumnarRows#retain}: keeping some stored rows, moved down in place, every column kind;
 * and {@link ColumnarRows#appendStoredRows}: another store's rows in a given order, with repeats.
 */
class ColumnarRowsRetainTest {
  private static final List<DataType> TYPES = List.of(BIGINT, DOUBLE, BOOLEAN, VARCHAR);

  private static List<List<Object>> stored(ColumnarRows rows) {
    Batch out = Batch.allocate(TYPES, Math.max(1, rows.size()));
    int[] ids = new int[rows.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    rows.gather(ids, ids.length, out, 0);
    out.size = ids.length;
    return TestRows.read(out);
  }

  @Test
  void keepsTheListedRowsInOrder() {
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      int n = random.nextInt(40);
      List<List<Object>> all = TestRows.mixedRows(random, n);
      ColumnarRows rows = new ColumnarRows(TYPES);
      rows.append(TestRows.dense(TYPES, all));
      int[] keep = new int[n];
      int count = 0;
      List<List<Object>> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (random.nextBoolean()) {
          keep[count++] = i;
          expected.add(all.get(i));
        }
      }
      rows.retain(keep, count);
      assertEquals(count, rows.size());
      assertEquals(TestRows.canonical(expected), TestRows.canonical(stored(rows)));
      assertEquals(expected.toString(), stored(rows).toString(), "order kept");
      // the store takes rows again after a retain
      rows.append(TestRows.dense(TYPES, List.of(row(99L, 1.5, true, "tail"))));
      assertEquals(row(99L, 1.5, true, "tail"), stored(rows).get(count));
    }
  }

  @Test
  void appendsAnotherStoresRowsInTheGivenOrder() {
    Random random = new Random(11);
    for (int round = 0; round < 50; round++) {
      int n = 1 + random.nextInt(40);
      List<List<Object>> all = TestRows.mixedRows(random, n);
      ColumnarRows source = new ColumnarRows(TYPES);
      source.append(TestRows.dense(TYPES, all));
      ColumnarRows target = new ColumnarRows(TYPES);
      List<List<Object>> expected = new ArrayList<>();
      int first = random.nextInt(3); // rows already there stay first
      for (int i = 0; i < first; i++) {
        target.appendStoredRow(source, i % n);
        expected.add(all.get(i % n));
      }
      int count = random.nextInt(3 * n);
      int[] order = new int[count];
      for (int i = 0; i < count; i++) {
        order[i] = random.nextInt(n);
        expected.add(all.get(order[i]));
      }
      target.appendStoredRows(source, order, count);
      assertEquals(first + count, target.size());
      assertEquals(expected.toString(), stored(target).toString());
    }
  }
}
