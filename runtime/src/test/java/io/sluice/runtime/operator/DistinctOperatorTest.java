package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The distinct keys of a stream, each emitted at its first arrival, run alone: duplicates, the time-to-live, restore. */
class DistinctOperatorTest {
  /** Input (k VARCHAR, v BIGINT); distinct over k alone, or over (k, v). */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT);

  private static Supplier<DistinctOperator> distinct(int[] keys, long ttl) {
    return () -> new DistinctOperator("Distinct (first arrival)", INPUT, keys, ttl);
  }

  @Test
  void aKeyIsEmittedOnceAtItsFirstArrivalAndItsLaterRowsAreDropped() {
    try (OperatorHarness<DistinctOperator> h = OperatorHarness.open(distinct(new int[] {0}, 0))) {
      h.input(INPUT, List.of(row("a", 1L), row("a", 2L), row("b", 1L)));
      assertEquals(List.of("+I [a]", "+I [b]"), h.endBatch());
      h.input(INPUT, List.of(row("b", 3L), row(null, 1L), row("c", 1L), row(null, 2L)));
      assertEquals(List.of("+I [c]", "+I [null]"), h.endBatch());
      assertEquals(4, h.operator().stateRows());
    }
  }

  @Test
  void theOutputIsTheKeyColumnsInTheirOrder() {
    try (OperatorHarness<DistinctOperator> h = OperatorHarness.open(distinct(new int[] {1, 0}, 0))) {
      h.input(INPUT, List.of(row("a", 1L), row("a", 1L), row("a", 2L)));
      assertEquals(List.of("+I [1, a]", "+I [2, a]"), h.endBatch());
    }
  }

  @Test
  void aKeyForgottenByTheTimeToLiveIsEmittedAgain() {
    try (OperatorHarness<DistinctOperator> h = OperatorHarness.open(distinct(new int[] {0}, 1000))) {
      h.batchTime(0).input(INPUT, List.of(row("a", 1L), row("b", 1L)));
      assertEquals(List.of("+I [a]", "+I [b]"), h.endBatch());
      h.batchTime(800).input(INPUT, List.of(row("a", 2L)));
      assertEquals(List.of(), h.endBatch());
      h.batchTime(1500);
      assertEquals(List.of(), h.endBatch());
      assertEquals(1, h.operator().stateRows()); // b expired, a was seen again at 800
      h.batchTime(1600).input(INPUT, List.of(row("b", 2L), row("a", 3L)));
      assertEquals(List.of("+I [b]"), h.endBatch());
    }
  }

  @Test
  void aRestoredOperatorContinuesExactly() {
    List<Consumer<OperatorHarness<DistinctOperator>>> batches = List.of(
        h -> h.batchTime(0).input(INPUT, List.of(row("a", 1L), row("b", 1L))),
        h -> h.batchTime(600).input(INPUT, List.of(row("a", 2L), row("c", 1L))),
        h -> h.batchTime(1200).input(INPUT, List.of(row("b", 2L), row("d", 1L))),
        h -> h.batchTime(2500).input(INPUT, List.of(row("a", 3L), row("d", 2L))));
    OperatorHarness.checkRestoreAfterEveryBatch(distinct(new int[] {0}, 0), batches);
    OperatorHarness.checkRestoreAfterEveryBatch(distinct(new int[] {0}, 1000), batches);
  }

  @Test
  void deltasOfNewTouchedAndExpiredKeysRestoreTheSameState() {
    List<Consumer<OperatorHarness<DistinctOperator>>> batches = List.of(
        h -> h.batchTime(0).input(INPUT, List.of(row("a", 1L), row("b", 1L), row(null, 4L))),
        h -> h.batchTime(600).input(INPUT, List.of(row("a", 2L), row("c", 1L))),
        h -> h.batchTime(700),
        h -> h.batchTime(1200).input(INPUT, List.of(row("b", 2L), row("d", 1L))),
        h -> h.batchTime(2500).input(INPUT, List.of(row("a", 3L), row("d", 2L), row("e", 5L))),
        h -> h.batchTime(2600).input(INPUT, List.of(row("e", 3L), row(null, 2L))),
        h -> h.batchTime(5000));
    for (long ttl : new long[] {0, 1000}) {
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(distinct(new int[] {0}, ttl), batches));
      assertEquals(batches.size() - 1,
          OperatorHarness.checkDeltasAfterEveryBatch(distinct(new int[] {1, 0}, ttl), batches));
    }
  }
}
