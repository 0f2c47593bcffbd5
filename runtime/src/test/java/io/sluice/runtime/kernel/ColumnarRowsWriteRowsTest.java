package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.BOOLEAN;
import static io.sluice.runtime.kernel.TestRows.DOUBLE;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ColumnarRows#writeRows} and {@link ColumnarRows#writeRange}: some stored rows written as a
 * store holding just them would write them, byte for byte (a state delta's new rows are written
 * so, without a copy first).
 */
class ColumnarRowsWriteRowsTest {
  private static final List<DataType> TYPES = List.of(BIGINT, DOUBLE, BOOLEAN, VARCHAR);

  @Test
  void writesTheListedRowsAsAStoreOfJustThemWould() throws IOException {
    Random random = new Random(11);
    for (int round = 0; round < 50; round++) {
      int n = random.nextInt(40);
      List<List<Object>> all = TestRows.mixedRows(random, n);
      ColumnarRows rows = new ColumnarRows(TYPES);
      rows.append(TestRows.dense(TYPES, all));
      int[] ids = new int[n];
      int count = 0;
      ColumnarRows copy = new ColumnarRows(TYPES);
      for (int i = 0; i < n; i++) {
        if (random.nextBoolean()) {
          ids[count++] = i;
          copy.appendStoredRow(rows, i);
        }
      }
      ByteArrayOutputStream direct = new ByteArrayOutputStream();
      rows.writeRows(new DataOutputStream(direct), ids, count);
      ByteArrayOutputStream copied = new ByteArrayOutputStream();
      copy.writeTo(new DataOutputStream(copied));
      assertArrayEquals(copied.toByteArray(), direct.toByteArray(), "round " + round);
      ColumnarRows read = new ColumnarRows(TYPES);
      read.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(direct.toByteArray())));
      assertEquals(count, read.size());
    }
  }

  @Test
  void writesARangeOfRowsAsTheListOfItsIdsWould() throws IOException {
    Random random = new Random(12);
    for (int round = 0; round < 50; round++) {
      int n = 1 + random.nextInt(40);
      ColumnarRows rows = new ColumnarRows(TYPES);
      rows.append(TestRows.dense(TYPES, TestRows.mixedRows(random, n)));
      int from = random.nextInt(n);
      int count = random.nextInt(n - from + 1);
      int[] ids = new int[count];
      for (int i = 0; i < count; i++) {
        ids[i] = from + i;
      }
      ByteArrayOutputStream listed = new ByteArrayOutputStream();
      rows.writeRows(new DataOutputStream(listed), ids, count);
      ByteArrayOutputStream range = new ByteArrayOutputStream();
      rows.writeRange(new DataOutputStream(range), from, count);
      assertArrayEquals(listed.toByteArray(), range.toByteArray(), "round " + round + ": rows " + from + " +" + count);
    }
  }
}
