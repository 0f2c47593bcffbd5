package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.catalog.stream.WindowEmit;
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

  /** Update mode under early firing ({@code earlyFire} ms) and an allowed lateness ({@code lateness} ms). */
  private static Supplier<SessionWindowsOperator> emitting(long earlyFire, long lateness) {
    return () -> new SessionWindowsOperator("SessionWindows", new SessionWindowState(INPUT, new int[] {0}, 1, 10, true),
        true, new WindowEmit(earlyFire, lateness));
  }

  @Test
  void aLateRowWithinTheLatenessMergesSessionsTheWatermarkPassedRetractingTheirRows() {
    try (OperatorHarness<SessionWindowsOperator> h = OperatorHarness.open(emitting(0, 50))) {
      h.input(INPUT, List.of(row("a", 1L), row("a", 12L)));
      assertEquals(List.of("+I [a, 1, 1, 11]", "+I [a, 12, 12, 22]"), h.endBatch());
      h.watermark(30);
      assertEquals(List.of(), h.endBatch());
      assertEquals(2, h.operator().stateRows(), "both sessions ended, kept for late rows until end + 50");
      assertEquals(61, h.context().waitsUntil());
      h.input(INPUT, List.of(row("a", 10L)));
      assertEquals(List.of("+I [a, 1, 1, 22]", "+I [a, 10, 1, 22]",
          "+I [a, 12, 1, 22]", "-D [a, 1, 1, 11]", "-D [a, 12, 12, 22]"), h.endBatch());
      h.watermark(72);
      assertEquals(List.of(), h.endBatch());
      assertEquals(0, h.operator().stateRows());
    }
  }

  @Test
  void earlyFiringHoldsRowsForTheDelayThenRetractsTheSessionsTheyMergeAndShowsTheMergedOne() {
    try (OperatorHarness<SessionWindowsOperator> h = OperatorHarness.open(emitting(100, 0))) {
      h.batchTime(0).input(INPUT, List.of(row("a", 1L), row("a", 5L)));
      assertEquals(List.of(), h.endBatch());
      assertEquals(2, h.operator().stateRows());
      assertEquals(100, h.context().expiresAt(), "a batch is due when the delay has passed");
      h.batchTime(50).input(INPUT, List.of(row("a", 20L)));
      assertEquals(List.of(), h.endBatch());
      h.batchTime(100);
      assertEquals(List.of("+I [a, 1, 1, 15]", "+I [a, 20, 20, 30]", "+I [a, 5, 1, 15]"), h.endBatch());
      h.batchTime(110).input(INPUT, List.of(row("a", 12L)));
      assertEquals(List.of(), h.endBatch());
      h.batchTime(210);
      assertEquals(List.of("+I [a, 1, 1, 30]", "+I [a, 12, 1, 30]", "+I [a, 20, 1, 30]",
          "+I [a, 5, 1, 30]", "-D [a, 1, 1, 15]", "-D [a, 20, 20, 30]", "-D [a, 5, 1, 15]"), h.endBatch());
      // a held row inside the session the watermark closes goes in at once: its final row is due
      h.batchTime(220).watermark(29).input(INPUT, List.of(row("a", 28L)));
      assertEquals(List.of(), h.endBatch());
      h.batchTime(230).watermark(30);
      assertEquals(List.of("+I [a, 1, 1, 38]", "+I [a, 12, 1, 38]", "+I [a, 20, 1, 38]", "+I [a, 28, 1, 38]",
          "+I [a, 5, 1, 38]", "-D [a, 1, 1, 30]", "-D [a, 12, 1, 30]", "-D [a, 20, 1, 30]", "-D [a, 5, 1, 30]"),
          h.endBatch());
    }
  }

  @Test
  void heldRowsAndKeptSessionsSurviveRestoresAndDeltas() {
    List<Consumer<OperatorHarness<SessionWindowsOperator>>> batches = List.of(
        h -> h.batchTime(0).input(INPUT, List.of(row("a", 1L), row("b", 3L), row("a", 30L))),
        h -> h.batchTime(50).watermark(5).input(INPUT, List.of(row("a", 8L), row("c", 6L))),
        h -> h.batchTime(100).watermark(45),
        h -> h.batchTime(120).input(INPUT, List.of(row("a", 20L), row("b", 12L))),
        h -> h.batchTime(230).watermark(50),
        h -> h.batchTime(240).watermark(200));
    for (long earlyFire : new long[] {0, 100}) {
      OperatorHarness.checkRestoreAfterEveryBatch(emitting(earlyFire, 30), batches);
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(emitting(earlyFire, 30), batches));
    }
  }
}
