package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.WindowEmit;
import io.sluice.runtime.kernel.AggregateKind;
import io.sluice.runtime.kernel.AggregateSpec;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Aggregation by event-time window, run alone: windows emitted as the watermark passes their end. */
class WindowAggregateOperatorTest {
  /** Input (k VARCHAR, window_end BIGINT, v BIGINT); SELECT window_end, k, SUM(v) GROUP BY window_end, k. */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT, BIGINT);

  private static Supplier<WindowAggregateOperator> operator(OutputMode mode) {
    return () -> new WindowAggregateOperator("WindowAggregate", INPUT, new int[] {1, 0}, new long[] {0, -1},
        List.of(AggregateSpec.of(AggregateKind.SUM, 2, BIGINT)), 1, 0, mode);
  }

  private static Supplier<WindowAggregateOperator> emitting(WindowEmit emit) {
    return () -> new WindowAggregateOperator("WindowAggregate", INPUT, new int[] {1, 0}, new long[] {0, -1},
        List.of(AggregateSpec.of(AggregateKind.SUM, 2, BIGINT)), 1, 0, OutputMode.UPDATE, emit);
  }

  @Test
  void earlyFireHoldsOpenWindowsForTheDelayAndEmitsTheFinalRowWhenTheWindowCloses() {
    try (OperatorHarness<WindowAggregateOperator> h = OperatorHarness.open(emitting(new WindowEmit(100, 0)))) {
      h.batchTime(1_000).input(INPUT, List.of(row("a", 10L, 1L), row("b", 20L, 2L)));
      assertEquals(List.of(), h.endBatch());
      assertEquals(1_100, h.context().expiresAt(), "due 100 ms after the first held change");
      assertEquals(10, h.context().waitsUntil(), "the first window's final row is due at its end");
      assertTrue(h.operator().pendingOutput());
      h.batchTime(1_050).input(INPUT, List.of(row("a", 10L, 2L)));
      assertEquals(List.of(), h.endBatch());
      h.batchTime(1_100);
      assertEquals(List.of("+I [10, a, 3]", "+I [20, b, 2]"), h.endBatch());
      h.batchTime(1_120).input(INPUT, List.of(row("b", 20L, 5L), row("a", 10L, 1L)));
      assertEquals(List.of(), h.endBatch());
      h.batchTime(1_130).watermark(10);
      assertEquals(List.of("+U [10, a, 4]", "-U [10, a, 3]"), h.endBatch(), "the closing window, before the delay");
      h.batchTime(1_220);
      assertEquals(List.of("+U [20, b, 7]", "-U [20, b, 2]"), h.endBatch());
      assertTrue(!h.operator().pendingOutput());
    }
  }

  @Test
  void allowedLatenessKeepsAClosedWindowForRowsUpToThatLate() {
    try (OperatorHarness<WindowAggregateOperator> h = OperatorHarness.open(emitting(new WindowEmit(0, 50)))) {
      h.input(INPUT, List.of(row("a", 10L, 1L)));
      assertEquals(List.of("+I [10, a, 1]"), h.endBatch());
      h.watermark(30);
      assertEquals(List.of(), h.endBatch());
      assertEquals(60, h.context().waitsUntil(), "dropped once the watermark passes its end plus the lateness");
      h.input(INPUT, List.of(row("a", 10L, 2L)));
      assertEquals(List.of("+U [10, a, 3]", "-U [10, a, 1]"), h.endBatch(), "a late row updates the closed window");
      h.watermark(60);
      assertEquals(List.of(), h.endBatch());
      assertEquals(0, h.operator().stateRows());
      h.input(INPUT, List.of(row("a", 10L, 4L)));
      assertEquals(List.of(), h.endBatch());
      assertEquals(1, h.context().lateRows(), "the window is gone: the row is late");
    }
  }

  @Test
  void earlyAndLateFiringRestoreFromSnapshotsAndDeltas() {
    List<Consumer<OperatorHarness<WindowAggregateOperator>>> batches = List.of(
        h -> h.batchTime(1_000).input(INPUT, List.of(row("a", 10L, 1L), row("b", 10L, 2L), row("a", 20L, 3L))),
        h -> h.batchTime(1_050).input(INPUT, List.of(row("a", 10L, 4L))),
        h -> h.batchTime(1_100),
        h -> h.batchTime(1_110).watermark(10).input(INPUT, List.of(row("b", 20L, 6L), row("c", 10L, 1L))),
        h -> h.batchTime(1_120).watermark(15).input(INPUT, List.of(row("a", 10L, 7L))),
        h -> h.batchTime(1_300).watermark(40));
    OperatorHarness.checkRestoreAfterEveryBatch(emitting(new WindowEmit(100, 20)), batches);
    assertEquals(5, OperatorHarness.checkDeltasAfterEveryBatch(emitting(new WindowEmit(100, 20)), batches));
  }

  @Test
  void appendModeEmitsAWindowOnceTheWatermarkPassesItsEnd() {
    try (OperatorHarness<WindowAggregateOperator> h = OperatorHarness.open(operator(OutputMode.APPEND))) {
      h.input(INPUT, List.of(row("a", 10L, 1L), row("a", 10L, 2L), row("b", 20L, 5L)));
      assertEquals(List.of(), h.endBatch());
      assertEquals(10, h.context().waitsUntil(), "the first window is due at its end");
      assertTrue(h.operator().pendingOutput());
      h.watermark(10);
      assertEquals(List.of("+I [10, a, 3]"), h.endBatch());
      h.input(INPUT, List.of(row("a", 10L, 7L), row("b", 20L, 1L)));
      assertEquals(List.of(), h.endBatch());
      assertEquals(1, h.context().lateRows(), "a row for the window already emitted");
      h.watermark(25);
      assertEquals(List.of("+I [20, b, 6]"), h.endBatch());
      assertEquals(0, h.operator().stateRows());
    }
  }

  @Test
  void updateModeEmitsChangedGroupsEveryBatch() {
    try (OperatorHarness<WindowAggregateOperator> h = OperatorHarness.open(operator(OutputMode.UPDATE))) {
      h.input(INPUT, List.of(row("a", 10L, 1L)));
      assertEquals(List.of("+I [10, a, 1]"), h.endBatch());
      h.input(INPUT, List.of(row("a", 10L, 2L)));
      assertEquals(List.of("+U [10, a, 3]", "-U [10, a, 1]"), h.endBatch());
    }
  }

  @Test
  void aRestoredOperatorContinuesExactly() {
    List<Consumer<OperatorHarness<WindowAggregateOperator>>> batches = List.of(
        h -> h.input(INPUT, List.of(row("a", 10L, 1L), row("b", 10L, 2L), row("a", 20L, 3L))),
        h -> h.watermark(5).input(INPUT, List.of(row("a", 10L, 4L), row("c", 30L, 5L))),
        h -> h.watermark(10).input(INPUT, List.of(row("b", 20L, 6L))),
        h -> h.watermark(12).input(INPUT, List.of(row("a", 10L, 7L), row("a", 30L, 8L))),
        h -> h.watermark(40));
    for (OutputMode mode : List.of(OutputMode.APPEND, OutputMode.UPDATE)) {
      OperatorHarness.checkRestoreAfterEveryBatch(operator(mode), batches);
    }
  }

  @Test
  void deltasOfOpenedChangedAndClosedWindowsRestoreTheSameState() {
    List<Consumer<OperatorHarness<WindowAggregateOperator>>> batches = List.of(
        h -> h.input(INPUT, List.of(row("a", 10L, 1L), row("b", 10L, 2L), row("a", 20L, 3L))),
        h -> h.watermark(5).input(INPUT, List.of(row("a", 10L, 4L), row("c", 30L, 5L))),
        h -> h.watermark(10).input(INPUT, List.of(row("b", 20L, 6L), row("d", 20L, 1L))),
        h -> h.watermark(12),
        h -> h.watermark(25).input(INPUT, List.of(row("a", 30L, 8L), row("e", 40L, 9L))),
        h -> h.watermark(40));
    for (OutputMode mode : List.of(OutputMode.APPEND, OutputMode.UPDATE)) {
      assertEquals(5, OperatorHarness.checkDeltasAfterEveryBatch(operator(mode), batches), mode
          + ": every batch after the first is a delta");
    }
  }

  /**
   * One batch of 1,000 rows opens 100 windows of 5 groups each (a restarted query catching up):
   * each window's accounted state is its groups' (its table's slots, key rows and aggregate
   * slots), while the per-batch scratch (lookup ids and hashes, row selections, the output batch)
   * is the operator's, shared by its windows. Before, each window held its own 4,096-entry lookup
   * arrays: 33,684 bytes a window (SUM), 67,384 with a COUNT(DISTINCT) too; now 917 and 1,850
   * (update mode 34,068 and 67,912, now 1,301 and 2,378). Then a window of 4,000 rows in the same
   * 5 groups is sized from the groups of the last window to close, not from its rows.
   */
  @Test
  void aWindowOfFewGroupsHoldsItsGroupsNotABatchOfScratch() {
    List<AggregateSpec> specs = List.of(AggregateSpec.of(AggregateKind.SUM, 2, BIGINT),
        new AggregateSpec(AggregateKind.COUNT, 0, true, -1, BIGINT));
    for (OutputMode mode : List.of(OutputMode.APPEND, OutputMode.UPDATE)) {
      for (List<AggregateSpec> aggregates : List.of(specs.subList(0, 1), specs)) {
        Supplier<WindowAggregateOperator> factory = () -> new WindowAggregateOperator("WindowAggregate", INPUT,
            new int[] {1, 0}, new long[] {0, -1}, aggregates, 1, 0, mode);
        try (OperatorHarness<WindowAggregateOperator> h = OperatorHarness.open(factory)) {
          List<List<Object>> rows = new java.util.ArrayList<>();
          for (int i = 0; i < 1_000; i++) {
            rows.add(row("k" + (i % 5), 10L * (1 + i / 10), (long) i));
          }
          h.input(INPUT, rows);
          h.endBatch();
          assertEquals(500, h.operator().stateRows());
          long perWindow = h.operator().stateBytes() / 100;
          // 5 groups: a 64-slot table (512 bytes), 5 keys, 5 sums (and 5 distinct pairs): a few KiB at most
          assertTrue(perWindow < 4 * 1024, mode + " " + aggregates + ": " + perWindow + " bytes a window");

          h.watermark(1_000);
          h.endBatch();
          assertEquals(0, h.operator().stateRows(), "every window closed");
          rows.clear();
          for (int i = 0; i < 4_000; i++) {
            rows.add(row("k" + (i % 5), 2_000L, (long) i));
          }
          h.input(INPUT, rows);
          h.endBatch();
          assertEquals(5, h.operator().stateRows());
          // the shared lookup arrays for 4,000 rows (4,096 ids and hashes: 32 KiB for the group
          // table, as much for the DISTINCT pairs) and one small window; a table sized from the
          // rows would add 8,192 slots (64 KiB) to these
          long lookups = (aggregates.size() == 1 ? 1 : 2) * 8L * 4_096;
          long oneWindow = h.operator().stateBytes();
          assertTrue(oneWindow < lookups + 4 * 1024, mode + " " + aggregates + ": " + oneWindow + " bytes");
        }
      }
    }
  }
}
