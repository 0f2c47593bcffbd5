package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.runtime.kernel.AggregateKind;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.KeyGroups;
import io.sluice.runtime.kernel.TestRows;
import io.sluice.runtime.parallel.WorkerPool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A window aggregate run as instances that each own a range of key groups: the same rows at every
 * parallelism, its own code and bytes at parallelism 1, and state that moves to another parallelism.
 */
class KeyGroupedOperatorTest {
  /** Input (k VARCHAR, window_end BIGINT, v BIGINT); SELECT window_end, k, SUM(v), COUNT(*) GROUP BY window_end, k. */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT, BIGINT);
  private static final int BATCHES = 8;

  private static Supplier<WindowAggregateOperator> plain(boolean distinct) {
    return () -> new WindowAggregateOperator("WindowAggregate", INPUT, new int[] {1, 0}, new long[] {0, -1},
        List.of(new AggregateSpec(AggregateKind.SUM, 2, distinct, -1, BIGINT),
            AggregateSpec.of(AggregateKind.COUNT_STAR, -1, BIGINT)), 1, 0, OutputMode.APPEND);
  }

  private static Supplier<KeyGroupedOperator<WindowAggregateOperator>> grouped(int parallelism, boolean distinct) {
    return () -> new KeyGroupedOperator<>(plain(distinct), new KeyGroups(INPUT, new int[] {0}), parallelism,
        parallelism > 1 ? new WorkerPool("test", parallelism - 1) : null);
  }

  /** Batch {@code b} of a seeded script: 300 rows over 150 keys in windows ending 10 apart, the watermark 10 behind. */
  private static void batch(int b, OperatorHarness<?> h) {
    h.watermark(10L * b - 10);
    h.input(0, rows(b));
  }

  /** Input of batch {@code b}: odd batches come with a selection vector over rows that are not all selected. */
  private static io.sluice.catalog.data.Batch rows(int b) {
    Random random = new Random(b);
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      long end = 10L * (b + random.nextInt(3));
      rows.add(row("k" + random.nextInt(150), end, (long) random.nextInt(1000)));
    }
    return b % 2 == 1 ? TestRows.sparse(INPUT, rows, random) : TestRows.dense(INPUT, rows);
  }

  private static <T extends Operator> List<List<String>> run(int from, int to, OperatorHarness<T> h) {
    List<List<String>> out = new ArrayList<>();
    for (int b = from; b < to; b++) {
      batch(b, h);
      out.add(h.endBatch());
    }
    return out;
  }

  /** The rows each batch emits, in the order emitted (the harness sorts them). */
  private static List<List<String>> inOrder(Operator operator) {
    ManualBatchContext context = new ManualBatchContext();
    TestRows.Changes output = new TestRows.Changes();
    List<List<String>> out = new ArrayList<>();
    try (operator) {
      operator.open(context, output);
      for (int b = 0; b < BATCHES; b++) {
        context.watermark(10L * b - 10);
        context.startBatch();
        operator.startBatch();
        operator.input(0, rows(b));
        operator.endBatch();
        out.add(new ArrayList<>(output.lines));
        output.lines.clear();
      }
    }
    return out;
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    java.util.Collections.sort(copy);
    return copy;
  }

  @Test
  void everyParallelismEmitsTheOperatorsRowsAndFromTwoOnInKeyGroupOrder() {
    List<List<String>> arrivalOrder = inOrder(plain(false).get());
    List<List<String>> expected = new ArrayList<>();
    for (List<String> batch : arrivalOrder) {
      expected.add(sorted(batch));
    }
    assertTrue(expected.stream().mapToInt(List::size).sum() > 500, "windows closed with many groups");
    assertEquals(arrivalOrder, inOrder(grouped(1, false).get()), "at parallelism 1 the operator's own order");
    List<List<String>> atTwo = inOrder(grouped(2, false).get());
    assertTrue(!atTwo.equals(arrivalOrder), "key-group order is not the order the keys came in");
    for (int p : new int[] {2, 3, 4}) {
      KeyGroupedOperator<WindowAggregateOperator> operator = grouped(p, false).get();
      assertEquals(p, operator.instances());
      List<List<String>> ordered = inOrder(operator);
      List<List<String>> rows = new ArrayList<>();
      for (List<String> batch : ordered) {
        rows.add(sorted(batch));
      }
      assertEquals(expected, rows, "the rows at parallelism " + p);
      assertEquals(atTwo, ordered, "the order at parallelism " + p);
    }
  }

  @Test
  void atParallelismOneTheOperatorKeepsItsOwnRowsAndStateBytes() {
    try (OperatorHarness<WindowAggregateOperator> alone = OperatorHarness.open(plain(false));
        OperatorHarness<KeyGroupedOperator<WindowAggregateOperator>> one = OperatorHarness.open(grouped(1, false))) {
      for (int b = 0; b < BATCHES; b++) {
        batch(b, alone);
        batch(b, one);
        assertEquals(alone.endBatch(), one.endBatch(), "batch " + b);
        assertArrayEquals(alone.snapshot(), one.snapshot(), "the snapshot after batch " + b);
      }
    }
  }

  @Test
  void stateMovesToAnotherParallelism() {
    List<List<String>> expected;
    long[] rows = new long[BATCHES];
    try (OperatorHarness<KeyGroupedOperator<WindowAggregateOperator>> alone = OperatorHarness.open(grouped(1, false))) {
      expected = new ArrayList<>();
      for (int b = 0; b < BATCHES; b++) {
        batch(b, alone);
        expected.add(alone.endBatch());
        rows[b] = alone.operator().stateRows();
      }
    }
    int[][] moves = {{2, 1}, {1, 2}, {1, 4}, {4, 2}, {2, 4}, {4, 3}, {3, 1}};
    for (int[] move : moves) {
      for (boolean distinct : new boolean[] {false, true}) {
        String where = "from " + move[0] + " to " + move[1] + (distinct ? " (SUM DISTINCT)" : "");
        List<List<String>> wanted = distinct ? distinctExpected() : expected;
        try (OperatorHarness<KeyGroupedOperator<WindowAggregateOperator>> before =
            OperatorHarness.open(grouped(move[0], distinct))) {
          assertEquals(wanted.subList(0, BATCHES / 2), run(0, BATCHES / 2, before), where);
          try (OperatorHarness<KeyGroupedOperator<WindowAggregateOperator>> after = OperatorHarness.restore(
              grouped(move[1], distinct), before.snapshot(), before.context().watermark(), 0)) {
            assertEquals(wanted.subList(BATCHES / 2, BATCHES), run(BATCHES / 2, BATCHES, after), where);
            if (!distinct) {
              assertEquals(rows[BATCHES - 1], after.operator().stateRows(), where);
              assertEquals(move[1], after.operator().instances(), where);
            } else if (move[1] < move[0]) {
              assertEquals(move[0], after.operator().instances(), where + ": instances that cannot join stay");
            }
          }
        }
      }
    }
  }

  private static List<List<String>> distinctExpected() {
    try (OperatorHarness<KeyGroupedOperator<WindowAggregateOperator>> alone = OperatorHarness.open(grouped(1, true))) {
      return run(0, BATCHES, alone);
    }
  }

  @Test
  void deltasAtParallelismTwoRestoreByteForByte() {
    List<Consumer<OperatorHarness<KeyGroupedOperator<WindowAggregateOperator>>>> batches = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      int at = b;
      batches.add(h -> batch(at, h));
    }
    assertTrue(OperatorHarness.checkDeltasAfterEveryBatch(grouped(2, false), batches) >= BATCHES - 2);
  }

  @Test
  void afterAChangeOfParallelismTheFirstSaveIsWhole() throws IOException {
    try (OperatorHarness<KeyGroupedOperator<WindowAggregateOperator>> before = OperatorHarness.open(grouped(2, false))) {
      run(0, 3, before);
      KeyGroupedOperator<WindowAggregateOperator> after = grouped(4, false).get();
      after.restore(new DataInputStream(new ByteArrayInputStream(before.snapshot())));
      after.markDeltaBase();
      assertEquals(4, after.instances());
      assertFalse(after.deltaReady(), "deltas after the cut would apply to instances the last snapshot does not hold");
      after.snapshot(new DataOutputStream(new ByteArrayOutputStream()));
      after.markDeltaBase();
      assertTrue(after.deltaReady());
      after.close();
    }
  }

  @Test
  void progressTellsTheOpenWindowsOfAllInstances() {
    try (OperatorHarness<WindowAggregateOperator> alone = OperatorHarness.open(plain(false));
        OperatorHarness<KeyGroupedOperator<WindowAggregateOperator>> two = OperatorHarness.open(grouped(2, false))) {
      batch(0, alone);
      batch(0, two);
      alone.endBatch();
      two.endBatch();
      String open = alone.operator().lastChoice().split(",")[0];
      assertTrue(open.matches("[3-9] open windows"), open);
      String choice = two.operator().lastChoice();
      assertTrue(choice.startsWith(open + ", ") && choice.endsWith(", in 2 instances by key group"), choice);
    }
  }

  @Test
  void keyGroupsOfRowsAndOfStoredKeysAgree() {
    KeyGroups groups = new KeyGroups(INPUT, new int[] {0});
    Set<Integer> seen = new HashSet<>();
    io.sluice.runtime.kernel.ColumnarRows stored = new io.sluice.runtime.kernel.ColumnarRows(List.of(VARCHAR));
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rows.add(row("k" + i, 0L, 0L));
    }
    io.sluice.catalog.data.Batch batch = TestRows.dense(INPUT, rows);
    stored.append(batch, new int[] {0});
    int[] ofRows = new int[1000];
    groups.of(batch, ofRows);
    assertArrayEquals(ofRows, KeyGroups.ofStored(stored));
    for (int g : ofRows) {
      seen.add(g);
    }
    assertEquals(KeyGroups.COUNT, seen.size(), "1,000 keys fall in every key group");
    assertEquals(0, KeyGroups.first(0, 3));
    assertEquals(KeyGroups.COUNT, KeyGroups.first(3, 3));
    for (int g = 0; g < KeyGroups.COUNT; g++) {
      int owner = KeyGroups.owner(g, 3);
      assertTrue(g >= KeyGroups.first(owner, 3) && g < KeyGroups.first(owner + 1, 3), "key group " + g);
    }
  }
}
