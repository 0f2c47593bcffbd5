package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.runtime.kernel.SessionWindowState;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** SESSION windows over a stream, run alone: rows wait in their session until the watermark closes it. */
class SessionWindowsOperatorTest {
  /** Input (k VARCHAR, t BIGINT); sessions per k with a gap of 10. */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT);

  private static Supplier<SessionWindowsOperator> operator(boolean update) {
    return () -> new SessionWindowsOperator("SessionWindows", new SessionWindowState(INPUT, new int[] {0}, 1, 10, update),
        update);
  }

  @Test
  void aSessionsRowsComeOutWithItsBoundsWhenTheWatermarkPassesItsEnd() {
    try (OperatorHarness<SessionWindowsOperator> h = OperatorHarness.open(operator(false))) {
      h.input(INPUT, List.of(row("a", 1L), row("a", 5L), row("b", 3L)));
      assertEquals(List.of(), h.endBatch());
      assertEquals(13, h.context().waitsUntil(), "b's session ends first: 3 + gap");
      h.watermark(14).input(INPUT, List.of(row("a", 12L)));
      assertEquals(List.of("+I [b, 3, 3, 13]"), h.endBatch());
      h.watermark(22);
      assertEquals(List.of("+I [a, 1, 1, 22]", "+I [a, 12, 1, 22]", "+I [a, 5, 1, 22]"), h.endBatch());
      assertEquals(0, h.operator().stateRows());
    }
  }

  @Test
  void aRestoredOperatorContinuesExactly() {
    List<Consumer<OperatorHarness<SessionWindowsOperator>>> batches = List.of(
        h -> h.input(INPUT, List.of(row("a", 1L), row("b", 3L), row("a", 30L))),
        h -> h.watermark(5).input(INPUT, List.of(row("a", 8L), row("c", 6L))),
        h -> h.watermark(15).input(INPUT, List.of(row("a", 20L))),
        h -> h.watermark(30).input(INPUT, List.of(row("b", 31L))),
        h -> h.watermark(60));
    for (boolean update : new boolean[] {false, true}) {
      OperatorHarness.checkRestoreAfterEveryBatch(operator(update), batches);
    }
  }

  @Test
  void deltasOfGrownMergedAndClosedSessionsRestoreTheSameState() {
    List<Consumer<OperatorHarness<SessionWindowsOperator>>> batches = List.of(
        h -> h.input(INPUT, List.of(row("a", 1L), row("b", 3L), row("a", 30L), row(null, 2L))),
        h -> h.watermark(5).input(INPUT, List.of(row("a", 8L), row("c", 6L))),
        h -> h.watermark(12).input(INPUT, List.of(row("a", 20L), row("b", 13L))),
        h -> h.watermark(14),
        h -> h.watermark(25).input(INPUT, List.of(row("d", 40L), row("a", 35L))),
        h -> h.watermark(60));
    for (boolean update : new boolean[] {false, true}) {
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(operator(update), batches));
      Supplier<SessionWindowsOperator> oneKey = () -> new SessionWindowsOperator("SessionWindows",
          new SessionWindowState(INPUT, new int[0], 1, 10, update), update);
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(oneKey, batches));
    }
  }

  @Test
  void deltasSurviveDroppingTheKeysOfClosedSessions() {
    // thousands of keys whose sessions close at once make the state drop their keys and renumber the others
    List<List<Object>> many = new java.util.ArrayList<>();
    for (long i = 0; i < 6000; i++) {
      many.add(row("k" + i, i % 50));
    }
    List<Consumer<OperatorHarness<SessionWindowsOperator>>> batches = List.of(
        h -> h.input(INPUT, many).input(INPUT, List.of(row("late", 500L))),
        h -> h.watermark(30).input(INPUT, List.of(row("k5", 45L), row("new", 100L))),
        h -> h.watermark(100).input(INPUT, List.of(row("k7", 200L), row("late", 505L))),
        h -> h.watermark(1000));
    for (boolean update : new boolean[] {false, true}) {
      assertEquals(3, OperatorHarness.checkDeltasAfterEveryBatch(operator(update), batches));
    }
  }
}
