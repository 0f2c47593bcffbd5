package io.sluice.runtime.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A tuple set answers as the OR of ANDs of equalities it stands for, NULLs included: checked
 * against that OR evaluated in three-valued logic for random tuples and rows.
 */
class TupleSetTest {
  /** TRUE, FALSE or null (unknown) for {@code OR over tuples of AND over columns of row[c] = tuple[c]}. */
  private static Boolean or(long[][] tuples, Long[] row) {
    Boolean any = Boolean.FALSE;
    for (long[] tuple : tuples) {
      Boolean all = Boolean.TRUE;
      for (int c = 0; c < row.length; c++) {
        Boolean equal = row[c] == null ? null : row[c] == tuple[c];
        all = Boolean.FALSE.equals(all) || Boolean.FALSE.equals(equal) ? Boolean.FALSE
            : all == null || equal == null ? null : Boolean.TRUE;
      }
      any = Boolean.TRUE.equals(any) || Boolean.TRUE.equals(all) ? Boolean.TRUE
          : any == null || all == null ? null : Boolean.FALSE;
    }
    return any;
  }

  /** What generated code computes: a digit per column, then one of the two key lookups. */
  private static Boolean lookup(TupleSet set, Long[] row) {
    long key = 0;
    boolean nulls = false;
    for (int c = 0; c < row.length; c++) {
      int digit = row[c] == null ? set.nullDigit(c) : set.column(c).indexOf(row[c]);
      if (digit < 0) {
        return Boolean.FALSE;
      }
      nulls |= row[c] == null;
      key += digit * set.weight(c);
    }
    if (nulls) {
      return set.matchesBesideNulls(key) ? null : Boolean.FALSE;
    }
    return set.contains(key);
  }

  @Test
  void answersAsTheOrOfAndsWithNulls() {
    Random random = new Random(15);
    for (int round = 0; round < 50; round++) {
      int width = 2 + random.nextInt(3);
      int count = 1 + random.nextInt(40);
      long[][] tuples = new long[count][width];
      ValueSet[] columns = new ValueSet[width];
      for (int c = 0; c < width; c++) {
        long[] values = new long[count];
        for (int t = 0; t < count; t++) {
          tuples[t][c] = random.nextInt(6);
          values[t] = tuples[t][c];
        }
        columns[c] = ValueSet.ofLongs(values);
      }
      int[][] digits = new int[count][width];
      for (int t = 0; t < count; t++) {
        for (int c = 0; c < width; c++) {
          digits[t][c] = columns[c].indexOf(tuples[t][c]);
        }
      }
      TupleSet set = TupleSet.of(columns, digits);
      for (int r = 0; r < 200; r++) {
        Long[] row = new Long[width];
        for (int c = 0; c < width; c++) {
          row[c] = random.nextInt(5) == 0 ? null : Long.valueOf(random.nextInt(7));
        }
        assertEquals(or(tuples, row), lookup(set, row), () -> java.util.Arrays.toString(row));
      }
    }
  }

  @Test
  void keysThatWouldNotFitALongMakeNoSet() {
    int width = 7;
    int count = 1_000;
    ValueSet[] columns = new ValueSet[width];
    int[][] digits = new int[count][width];
    long[] values = new long[count];
    for (int t = 0; t < count; t++) {
      values[t] = t;
      for (int c = 0; c < width; c++) {
        digits[t][c] = t;
      }
    }
    java.util.Arrays.fill(columns, ValueSet.ofLongs(values));
    assertNull(TupleSet.of(columns, digits)); // 1,001^7 keys
  }
}
