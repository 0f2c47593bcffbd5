package io.sluice.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.Batches;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.LongVector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pooled batches are reused once given back, and a batch filled again holds only its new rows. */
class BatchPoolTest {
  private static final List<DataType> TYPES = List.of(DataType.of(TypeKind.BIGINT), DataType.of(TypeKind.VARCHAR));

  private static Batch source(int rows, boolean everyOther) {
    Batch batch = Batch.allocate(TYPES, rows);
    for (int i = 0; i < rows; i++) {
      ((LongVector) batch.columns[0]).values[i] = i;
      if (i % 3 == 0) {
        ((BytesVector) batch.columns[1]).setNullAt(i);
      } else {
        ((BytesVector) batch.columns[1]).setString(i, "row " + i);
      }
    }
    batch.size = rows;
    if (everyOther) {
      batch.selection = new int[rows];
      for (int i = 1; i < rows; i += 2) {
        batch.selection[batch.selectedCount++] = i;
      }
    }
    return batch;
  }

  @Test
  void aBatchGivenBackIsTheNextOneTaken() {
    BatchPool pool = new BatchPool(TYPES);
    Batch first = pool.take();
    Batch second = pool.take();
    pool.giveBack(first);
    assertSame(first, pool.take());
    pool.giveBack(second);
    assertSame(second, pool.take());
    assertEquals(2, pool.allocated());
  }

  @Test
  void aPooledBatchFilledAgainHoldsOnlyTheNewSelectedRows() {
    BatchPool pool = new BatchPool(TYPES);
    Batch owned = pool.take();
    Batches.compactInto(source(5000, false), owned);
    assertEquals(5000, owned.rowCount());
    assertTrue(owned.columns[1].isNull(0));
    pool.giveBack(owned);

    Batch again = pool.take();
    Batches.compactInto(source(10, true), again);
    assertEquals(5, again.rowCount());
    for (int k = 0; k < 5; k++) {
      int row = 2 * k + 1;
      assertEquals(row, ((LongVector) again.columns[0]).values[k]);
      if (row % 3 == 0) {
        assertTrue(again.columns[1].isNull(k), "row " + row);
      } else {
        assertFalse(again.columns[1].isNull(k), "row " + row);
        assertEquals("row " + row, ((BytesVector) again.columns[1]).getBoxed(k) instanceof byte[] b
            ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : null);
      }
    }
    assertEquals(1, pool.allocated());
  }
}
