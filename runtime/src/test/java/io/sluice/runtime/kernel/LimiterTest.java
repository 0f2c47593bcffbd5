package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LimiterTest {
  private static final List<DataType> TYPES = List.of(BIGINT);

  private static List<List<Object>> numbers(int n) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row((long) i));
    }
    return rows;
  }

  @Test
  void offsetAndLimitAcrossSparseBatches() {
    Random random = new Random(2);
    for (long[] window : new long[][] {{0, 5}, {3, 4}, {9, 100}, {0, 0}, {7, -1}, {40, 3}}) {
      Limiter limiter = new Limiter(window[0], window[1]);
      TestRows.Collector out = new TestRows.Collector();
      for (Batch b : TestRows.batches(TYPES, numbers(30), 4, random)) {
        limiter.add(b, out);
      }
      List<List<Object>> all = numbers(30);
      int from = (int) Math.min(window[0], 30);
      int to = window[1] < 0 ? 30 : (int) Math.min(30, window[0] + window[1]);
      assertEquals(all.subList(from, Math.max(from, to)), out.rows);
      assertEquals(window[1] >= 0 && window[0] + window[1] <= 30, limiter.isDone());
    }
  }

  @Test
  void doneStopsEarly() {
    Limiter limiter = new Limiter(0, 2);
    assertFalse(limiter.isDone());
    TestRows.Collector out = new TestRows.Collector();
    limiter.add(TestRows.dense(TYPES, numbers(2)), out);
    assertTrue(limiter.isDone());
    limiter.add(TestRows.dense(TYPES, numbers(2)), out);
    assertEquals(2, out.rows.size());
    assertTrue(new Limiter(5, 0).isDone());
  }
}
