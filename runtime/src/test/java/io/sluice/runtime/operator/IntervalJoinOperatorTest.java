package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.stream.RowKind;
import io.sluice.catalog.stream.IntervalBound;
import io.sluice.runtime.kernel.IntervalJoiner;
import io.sluice.runtime.kernel.JoinKind;
import io.sluice.runtime.kernel.TestRows;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A join of two streams bounded by event time, run alone: matches, releases by the watermark, outer rows. */
class IntervalJoinOperatorTest {
  /** Both inputs (k BIGINT, t BIGINT); rows match on k when their times are at most 10 apart. */
  private static final List<DataType> SIDE = List.of(BIGINT, BIGINT);

  private static Supplier<IntervalJoinOperator> join(JoinKind kind) {
    return () -> new IntervalJoinOperator("IntervalJoin " + kind, new IntervalJoiner(kind, SIDE, SIDE,
        new int[] {0}, new int[] {0}, new IntervalBound(1, 1, -10, 10, 0, 0), null));
  }

  @Test
  void rowsWithinTheBoundMatchAcrossBatchesAndTheWatermarkReleasesThem() {
    try (OperatorHarness<IntervalJoinOperator> h = OperatorHarness.open(join(JoinKind.INNER))) {
      h.input(0, SIDE, List.of(row(1L, 100L), row(2L, 100L)));
      h.input(1, SIDE, List.of(row(1L, 105L)));
      assertEquals(List.of("+I [1, 100, 1, 105]"), h.endBatch());
      h.input(1, SIDE, List.of(row(1L, 111L), row(2L, 95L)));
      assertEquals(List.of("+I [2, 100, 2, 95]"), h.endBatch());
      assertEquals(5, h.operator().stateRows());
      h.watermark(200);
      assertEquals(List.of(), h.endBatch());
      assertEquals(0, h.operator().stateRows());
    }
  }

  @Test
  void aLeftJoinEmitsAnUnmatchedRowWhenTheWatermarkReleasesIt() {
    try (OperatorHarness<IntervalJoinOperator> h = OperatorHarness.open(join(JoinKind.LEFT))) {
      h.input(0, SIDE, List.of(row(3L, 100L)));
      assertEquals(List.of(), h.endBatch());
      assertTrue(h.operator().pendingOutput());
      h.watermark(200);
      assertEquals(List.of("+I [3, 100, null, null]"), h.endBatch());
    }
  }

  /** A window join in Flink's form: both inputs' column 1 is window_end, equal on both sides; pairs at close. */
  private static Supplier<IntervalJoinOperator> windowJoin(JoinKind kind) {
    return () -> {
      IntervalJoiner joiner = new IntervalJoiner(kind, SIDE, SIDE, new int[] {0}, new int[] {0},
          new IntervalBound(1, 1, 0, 0, 0, 0), null);
      joiner.pairWhenReleased();
      return new IntervalJoinOperator("WindowJoin " + kind, joiner);
    };
  }

  @Test
  void aWindowJoinHoldsRowsWithANullKeyUntilTheirWindowClosesAndPairsThemWithNothing() {
    try (OperatorHarness<IntervalJoinOperator> h = OperatorHarness.open(windowJoin(JoinKind.FULL))) {
      h.input(0, SIDE, List.of(row(1L, 100L), row(null, 100L)));
      h.input(1, SIDE, List.of(row(1L, 100L), row(null, 100L), row(2L, 100L)));
      assertEquals(List.of(), h.endBatch());
      assertEquals(5, h.operator().stateRows());
      assertTrue(h.operator().pendingOutput());
      h.watermark(100);
      assertEquals(List.of("+I [1, 100, 1, 100]", "+I [null, 100, null, null]", "+I [null, null, 2, 100]",
          "+I [null, null, null, 100]"), h.endBatch());
      assertEquals(0, h.operator().stateRows());
    }
  }

  @Test
  void aRestoredWindowJoinKeepsItsNullKeyRowsForTheClose() {
    List<Consumer<OperatorHarness<IntervalJoinOperator>>> batches = List.of(
        h -> h.input(0, SIDE, List.of(row(null, 100L), row(1L, 100L), row(2L, 200L)))
            .input(1, SIDE, List.of(row(null, 100L), row(1L, 200L))),
        h -> h.watermark(100).input(1, SIDE, List.of(row(null, 200L), row(2L, 200L))),
        h -> h.watermark(200));
    for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.LEFT, JoinKind.RIGHT, JoinKind.FULL, JoinKind.ANTI)) {
      OperatorHarness.checkRestoreAfterEveryBatch(windowJoin(kind), batches);
    }
  }

  @Test
  void aChangelogRowIsRefused() {
    try (OperatorHarness<IntervalJoinOperator> h = OperatorHarness.open(join(JoinKind.INNER))) {
      var batch = TestRows.dense(SIDE, List.of(row(1L, 100L)));
      batch.kinds = new byte[] {RowKind.DELETE};
      assertThrows(SluiceException.class, () -> h.input(0, batch));
    }
  }

  @Test
  void aRestoredOperatorContinuesExactly() {
    List<Consumer<OperatorHarness<IntervalJoinOperator>>> batches = List.of(
        h -> h.input(0, SIDE, List.of(row(1L, 100L), row(2L, 102L), row(4L, 90L)))
            .input(1, SIDE, List.of(row(1L, 95L))),
        h -> h.watermark(96).input(1, SIDE, List.of(row(2L, 110L), row(1L, 108L), row(5L, 100L))),
        h -> h.watermark(105).input(0, SIDE, List.of(row(5L, 107L), row(1L, 106L))),
        h -> h.watermark(130));
    for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.LEFT, JoinKind.RIGHT, JoinKind.FULL)) {
      OperatorHarness.checkRestoreAfterEveryBatch(join(kind), batches);
    }
  }

  @Test
  void deltasOfAddedMatchedAndReleasedRowsRestoreTheSameState() {
    List<Consumer<OperatorHarness<IntervalJoinOperator>>> batches = List.of(
        h -> h.input(0, SIDE, List.of(row(1L, 100L), row(2L, 102L), row(4L, 90L)))
            .input(1, SIDE, List.of(row(1L, 95L))),
        h -> h.watermark(96).input(1, SIDE, List.of(row(2L, 110L), row(1L, 108L), row(5L, 100L))),
        h -> h.watermark(105).input(0, SIDE, List.of(row(5L, 107L), row(1L, 106L))),
        h -> h.watermark(111),
        h -> h.watermark(112).input(0, SIDE, List.of(row(2L, 120L))),
        h -> h.watermark(130));
    for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.LEFT, JoinKind.RIGHT, JoinKind.FULL)) {
      assertEquals(5, OperatorHarness.checkDeltasAfterEveryBatch(join(kind), batches), kind
          + ": every batch after the first is a delta");
    }
  }

  @Test
  void deltasSurviveACompactionOfReleasedRows() {
    // thousands of rows released at once make the joiner compact its rows between two checkpoints
    List<List<Object>> many = new java.util.ArrayList<>();
    List<List<Object>> later = new java.util.ArrayList<>();
    for (long i = 0; i < 5000; i++) {
      many.add(row(i % 700, 100 + i % 50));
      later.add(row(i % 300, 1000 + i % 20));
    }
    List<Consumer<OperatorHarness<IntervalJoinOperator>>> batches = List.of(
        h -> h.input(0, SIDE, many).input(1, SIDE, List.of(row(3L, 120L))),
        h -> h.watermark(140).input(1, SIDE, later),
        h -> h.watermark(900).input(0, SIDE, List.of(row(7L, 1005L), row(3L, 1010L))),
        h -> h.watermark(1012).input(1, SIDE, List.of(row(7L, 1011L))),
        h -> h.watermark(2000));
    for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.FULL)) {
      assertEquals(4, OperatorHarness.checkDeltasAfterEveryBatch(join(kind), batches));
    }
  }

  @Test
  void aSemiJoinEmitsALeftRowOnceAtItsFirstMatchAndAnAntiJoinWhenItIsReleasedUnmatched() {
    try (OperatorHarness<IntervalJoinOperator> semi = OperatorHarness.open(join(JoinKind.SEMI));
        OperatorHarness<IntervalJoinOperator> anti = OperatorHarness.open(join(JoinKind.ANTI))) {
      for (OperatorHarness<IntervalJoinOperator> h : List.of(semi, anti)) {
        h.input(0, SIDE, List.of(row(1L, 100L), row(2L, 100L), row(3L, 100L)));
        h.input(1, SIDE, List.of(row(1L, 105L), row(1L, 106L)));
      }
      assertEquals(List.of("+I [1, 100]"), semi.endBatch());
      assertEquals(List.of(), anti.endBatch());
      for (OperatorHarness<IntervalJoinOperator> h : List.of(semi, anti)) {
        h.input(1, SIDE, List.of(row(1L, 108L), row(2L, 95L), row(3L, 130L)));
      }
      assertEquals(List.of("+I [2, 100]"), semi.endBatch());
      assertEquals(List.of(), anti.endBatch());
      assertTrue(!semi.operator().pendingOutput());
      assertTrue(anti.operator().pendingOutput());
      semi.watermark(200);
      anti.watermark(200);
      assertEquals(List.of(), semi.endBatch());
      assertEquals(List.of("+I [3, 100]"), anti.endBatch());
      assertEquals(0, anti.operator().stateRows());
    }
  }

  @Test
  void restoredAndDeltaRestoredSemiAndAntiJoinsContinueExactly() {
    List<Consumer<OperatorHarness<IntervalJoinOperator>>> batches = List.of(
        h -> h.input(0, SIDE, List.of(row(1L, 100L), row(2L, 102L), row(4L, 90L)))
            .input(1, SIDE, List.of(row(1L, 95L))),
        h -> h.watermark(96).input(1, SIDE, List.of(row(2L, 110L), row(1L, 108L), row(5L, 100L))),
        h -> h.watermark(105).input(0, SIDE, List.of(row(5L, 107L), row(1L, 106L))),
        h -> h.watermark(111),
        h -> h.watermark(130));
    for (JoinKind kind : List.of(JoinKind.SEMI, JoinKind.ANTI)) {
      OperatorHarness.checkRestoreAfterEveryBatch(join(kind), batches);
      OperatorHarness.checkDeltasAfterEveryBatch(join(kind), batches);
    }
  }

  /** The join of {@link #join}, its right rows forgotten 50 ms of processing time after they arrive. */
  private static Supplier<IntervalJoinOperator> rightRowsExpiring() {
    return () -> {
      IntervalJoiner joiner = new IntervalJoiner(JoinKind.INNER, SIDE, SIDE, new int[] {0}, new int[] {0},
          new IntervalBound(1, 1, -10, 10, 0, 0), null);
      joiner.expireKeptRowsAfter(false, 50);
      return new IntervalJoinOperator("IntervalJoin inner (right rows kept)", joiner);
    };
  }

  @Test
  void keptRowsAreForgottenTheirTimeToLiveAfterTheyArrive() {
    try (OperatorHarness<IntervalJoinOperator> h = OperatorHarness.open(rightRowsExpiring())) {
      h.batchTime(1000).input(1, SIDE, List.of(row(1L, 100L), row(2L, 100L)));
      assertEquals(List.of(), h.endBatch());
      h.batchTime(1030).input(1, SIDE, List.of(row(1L, 101L)));
      assertEquals(List.of(), h.endBatch());
      assertEquals(3, h.operator().stateRows());
      h.batchTime(1050); // 50 ms after the first two: they go, without output
      assertEquals(List.of(), h.endBatch());
      assertEquals(1, h.operator().stateRows());
      h.batchTime(1060).input(0, SIDE, List.of(row(1L, 105L), row(2L, 105L)));
      assertEquals(List.of("+I [1, 105, 1, 101]"), h.endBatch(), "2's right row was forgotten");
    }
  }

  @Test
  void arrivalTimesSurviveRestoresAndDeltas() {
    List<Consumer<OperatorHarness<IntervalJoinOperator>>> batches = List.of(
        h -> h.batchTime(1000).input(1, SIDE, List.of(row(1L, 100L), row(2L, 100L))),
        h -> h.batchTime(1030).input(1, SIDE, List.of(row(1L, 101L))).input(0, SIDE, List.of(row(2L, 99L))),
        h -> h.batchTime(1055).input(0, SIDE, List.of(row(1L, 104L), row(2L, 104L))),
        h -> h.batchTime(1090).input(0, SIDE, List.of(row(1L, 106L))),
        h -> h.batchTime(1200).watermark(500));
    OperatorHarness.checkRestoreAfterEveryBatch(rightRowsExpiring(), batches);
    assertEquals(4, OperatorHarness.checkDeltasAfterEveryBatch(rightRowsExpiring(), batches));
  }

  @Test
  void theBudgetCheckSeesTheGrowthOfTheKeptRowsBeforeTheyGoIn() {
    OperatorHarness.checkGrowthOfKeptRows(join(JoinKind.INNER), row(1L, 100L));
  }
}
