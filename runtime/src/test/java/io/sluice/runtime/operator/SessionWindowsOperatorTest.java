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
}
