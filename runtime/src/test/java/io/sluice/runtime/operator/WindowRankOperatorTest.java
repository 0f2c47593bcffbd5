package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.runtime.kernel.SortKey;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Window Top-N run alone: each window's first rows per partition, once, when the watermark passes its end. */
class WindowRankOperatorTest {
  /** Input (k VARCHAR, v BIGINT, window_end BIGINT). */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT, BIGINT);

  /** The two largest v per k and window. */
  private static Supplier<WindowRankOperator> topTwo() {
    return () -> new WindowRankOperator("WindowTopN (append)", INPUT, new int[] {0, 2},
        List.of(SortKey.descending(1)), 2, 2, 0, batch -> batch);
  }

  @Test
  void aWindowsFirstRowsAreEmittedOnceWhenItClosesAndItsStateDropped() {
    try (OperatorHarness<WindowRankOperator> h = OperatorHarness.open(topTwo())) {
      h.input(INPUT, List.of(row("a", 1L, 10L), row("a", 5L, 10L), row("a", 3L, 10L), row("b", 7L, 10L),
          row("a", 9L, 20L)));
      assertEquals(List.of(), h.endBatch(), "no window closed yet");
      assertEquals(10, h.context().waitsUntil());
      assertEquals(4, h.operator().stateRows(), "two rows of a and one of b in window 10, one in window 20");
      h.watermark(10).input(INPUT, List.of(row("a", 4L, 10L)));
      assertEquals(List.of("+I [a, 4, 10, 2]", "+I [a, 5, 10, 1]", "+I [b, 7, 10, 1]"), h.endBatch());
      assertEquals(1, h.operator().stateRows());
      h.watermark(15).input(INPUT, List.of(row("a", 99L, 10L), row("a", 2L, 20L)));
      assertEquals(List.of(), h.endBatch(), "window 10 was emitted: its late row is dropped");
      assertEquals(1, h.context().lateRows());
      h.watermark(20);
      assertEquals(List.of("+I [a, 2, 20, 2]", "+I [a, 9, 20, 1]"), h.endBatch());
      assertEquals(0, h.operator().stateRows());
    }
  }

  @Test
  void aRestoredOperatorContinuesExactly() {
    List<Consumer<OperatorHarness<WindowRankOperator>>> batches = List.of(
        h -> h.input(INPUT, List.of(row("a", 1L, 10L), row("b", 2L, 10L), row("a", 3L, 20L))),
        h -> h.watermark(5).input(INPUT, List.of(row("a", 5L, 10L), row("a", 4L, 10L), row("a", 8L, 20L))),
        h -> h.watermark(12).input(INPUT, List.of(row("a", 6L, 10L), row("c", 7L, 30L))),
        h -> h.watermark(40));
    OperatorHarness.checkRestoreAfterEveryBatch(topTwo(), batches);
  }

  @Test
  void deltasOfClosedOpenedAndChangedWindowsRestoreTheSameState() {
    List<Consumer<OperatorHarness<WindowRankOperator>>> batches = List.of(
        h -> h.input(INPUT, List.of(row("a", 1L, 10L), row("b", 2L, 10L), row("a", 3L, 20L))),
        h -> h.watermark(5).input(INPUT, List.of(row("a", 5L, 10L), row("a", 4L, 10L), row("a", 8L, 20L))),
        h -> h.watermark(8),
        h -> h.watermark(12).input(INPUT, List.of(row("a", 6L, 10L), row("c", 7L, 30L), row("d", 1L, 20L))),
        h -> h.watermark(25).input(INPUT, List.of(row("c", 9L, 30L), row("c", 8L, 30L), row("c", 10L, 40L))),
        h -> h.watermark(40));
    assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(topTwo(), batches));
  }
}
