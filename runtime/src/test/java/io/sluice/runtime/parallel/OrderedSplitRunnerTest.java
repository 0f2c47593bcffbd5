package io.sluice.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Splits run on workers reach the caller in split order, and a caller slower than its workers
 * never makes them hold more than the bound: the split it reads a few items, the splits ahead a
 * number of bytes together.
 */
class OrderedSplitRunnerTest {
  private static final int ITEM_BYTES = 1_000;

  /** A split that puts {@code items} numbers, {@code split * 1000 + k}, then ends with its own number. */
  private static OrderedSplitRunner.SplitTask<Integer, Integer> numbers(int split, int items) {
    return out -> {
      for (int k = 0; k < items; k++) {
        out.put(split * 1000 + k, ITEM_BYTES);
      }
      return split;
    };
  }

  @Test
  void aSlowCallerKeepsTheWorkersWithinTheBound() {
    int headItems = 4;
    long aheadBytes = 10L * ITEM_BYTES;
    int window = 4;
    List<Integer> items = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    try (WorkerPool pool = new WorkerPool("bounded", 2)) {
      OrderedSplitRunner runner = new OrderedSplitRunner(pool, window, headItems, aheadBytes);
      List<OrderedSplitRunner.SplitTask<Integer, Integer>> tasks = new ArrayList<>();
      for (int split = 0; split < 6; split++) {
        tasks.add(numbers(split, 200));
      }
      runner.run(tasks, new OrderedSplitRunner.ResultConsumer<>() {
        @Override
        public void item(int split, Integer item) {
          if (items.size() % 50 == 0) {
            Thread.yield(); // a caller slower than its workers, who fill what the bound lets them
          }
          items.add(item);
        }

        @Override
        public void end(int split, Integer result) {
          ends.add(result);
        }
      }, () -> {});
      // held at once: the head's items, plus the splits ahead within their bytes (and one item each)
      long boundItems = headItems + aheadBytes / ITEM_BYTES + window;
      assertTrue(runner.peakItems() <= boundItems, "held " + runner.peakItems() + " items, bound " + boundItems);
      assertTrue(runner.peakBytes() <= boundItems * ITEM_BYTES, "held " + runner.peakBytes() + " bytes");
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5), ends);
    assertEquals(1200, items.size());
    for (int i = 0; i < items.size(); i++) {
      assertEquals((i / 200) * 1000 + i % 200, items.get(i), "item " + i);
    }
  }

  @Test
  void aLargeSplitAheadWaitsForTheCallerAndNeverDeadlocks() {
    // every split far larger than the bound: the workers ahead wait until their split is read
    List<Integer> ends = new ArrayList<>();
    long[] count = {0};
    try (WorkerPool pool = new WorkerPool("large", 2)) {
      OrderedSplitRunner runner = new OrderedSplitRunner(pool, 2, 2, 3L * ITEM_BYTES);
      List<OrderedSplitRunner.SplitTask<Integer, Integer>> tasks = new ArrayList<>();
      for (int split = 0; split < 5; split++) {
        tasks.add(numbers(split, 900));
      }
      runner.run(tasks, new OrderedSplitRunner.ResultConsumer<>() {
        @Override
        public void item(int split, Integer item) {
          assertEquals(split * 1000 + (int) (count[0] % 900), (int) item);
          count[0]++;
        }

        @Override
        public void end(int split, Integer result) {
          ends.add(result);
        }
      }, () -> {});
      assertTrue(runner.peakItems() <= 2 + 3 + 2, "held " + runner.peakItems());
    }
    assertEquals(List.of(0, 1, 2, 3, 4), ends);
    assertEquals(4500, count[0]);
  }

  @Test
  void theFirstFailureInSplitOrderFailsTheRunAfterTheSplitsBeforeIt() {
    IllegalStateException failure = new IllegalStateException("split 2 failed");
    List<Integer> ends = new ArrayList<>();
    try (WorkerPool pool = new WorkerPool("failing", 2)) {
      OrderedSplitRunner runner = new OrderedSplitRunner(pool, 4, 4, 10L * ITEM_BYTES);
      List<OrderedSplitRunner.SplitTask<Integer, Integer>> tasks = new ArrayList<>();
      for (int split = 0; split < 5; split++) {
        int s = split;
        tasks.add(out -> {
          numbers(s, 30).run(out);
          if (s == 2) {
            throw failure;
          }
          return s;
        });
      }
      IllegalStateException thrown = assertThrows(IllegalStateException.class,
          () -> runner.run(tasks, new OrderedSplitRunner.ResultConsumer<Integer, Integer>() {
            @Override
            public void item(int split, Integer item) {}

            @Override
            public void end(int split, Integer result) {
              ends.add(result);
            }
          }, () -> {}));
      assertSame(failure, thrown);
    }
    assertEquals(List.of(0, 1), ends);
  }

  @Test
  void aCancelledRunStopsWorkersThatWaitAndThePoolRunsTheNext() {
    RuntimeException cancelled = new RuntimeException("cancelled");
    try (WorkerPool pool = new WorkerPool("cancelled", 2)) {
      OrderedSplitRunner runner = new OrderedSplitRunner(pool, 4, 2, 2L * ITEM_BYTES);
      List<OrderedSplitRunner.SplitTask<Integer, Integer>> tasks = new ArrayList<>();
      for (int split = 0; split < 8; split++) {
        tasks.add(numbers(split, 500));
      }
      int[] seen = {0};
      RuntimeException thrown = assertThrows(RuntimeException.class, () -> runner.run(tasks,
          new OrderedSplitRunner.ResultConsumer<Integer, Integer>() {
            @Override
            public void item(int split, Integer item) {
              seen[0]++;
            }

            @Override
            public void end(int split, Integer result) {}
          }, () -> {
            if (seen[0] >= 100) {
              throw cancelled;
            }
          }));
      assertSame(cancelled, thrown);
      // the workers that waited were interrupted: both threads are free for the next run
      List<Integer> ends = new ArrayList<>();
      new OrderedSplitRunner(pool, 2, 2, 2L * ITEM_BYTES).run(List.of(numbers(0, 10), numbers(1, 10)),
          new OrderedSplitRunner.ResultConsumer<Integer, Integer>() {
            @Override
            public void item(int split, Integer item) {}

            @Override
            public void end(int split, Integer result) {
              ends.add(result);
            }
          }, () -> {});
      assertEquals(List.of(0, 1), ends);
    }
  }
}
