package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.stream.RowKind;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.kernel.JoinKind;
import io.sluice.runtime.kernel.RegularJoiner;
import io.sluice.runtime.kernel.TestRows;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A join of two streams without a time bound, run alone: pairs as their second row arrives, outer
 * rows padded at once and taken back on their first match, semi and anti joins as changelogs,
 * retractions of input rows, the state time-to-live, and restore from a snapshot.
 */
class RegularJoinOperatorTest {
  /** Both inputs (k BIGINT, v BIGINT), joined on k. */
  private static final List<DataType> SIDE = List.of(BIGINT, BIGINT);

  private static Supplier<RegularJoinOperator> join(JoinKind kind) {
    return join(kind, null, 0);
  }

  private static Supplier<RegularJoinOperator> join(JoinKind kind, JoinCondition residual, long ttl) {
    return () -> new RegularJoinOperator("Join " + kind, new RegularJoiner(kind, SIDE, SIDE, new int[] {0},
        new int[] {0}, residual), ttl);
  }

  /** The rows of {@code rows} with kind {@code kind} each. */
  private static Batch changes(byte kind, List<List<Object>> rows) {
    Batch batch = TestRows.dense(SIDE, rows);
    batch.kinds = new byte[batch.size];
    java.util.Arrays.fill(batch.kinds, kind);
    return batch;
  }

  // the harness lists a batch's changes sorted, so their order within a batch is not asserted here; the stream
  // scripts (join_regular_*.stream) check it through the sink, which applies them in order

  @Test
  void anInnerJoinPairsRowsAcrossBatchesAndKeepsThemAll() {
    // Spark's StreamingInnerJoinSuite "stream stream inner join on non-time column": rows of either
    // side added in any batch match every earlier row of the other side with the same key
    try (OperatorHarness<RegularJoinOperator> h = OperatorHarness.open(join(JoinKind.INNER))) {
      h.input(0, SIDE, List.of(row(1L, 10L), row(2L, 20L)));
      assertEquals(List.of(), h.endBatch());
      h.input(1, SIDE, List.of(row(1L, 100L), row(3L, 300L)));
      assertEquals(List.of("+I [1, 10, 1, 100]"), h.endBatch());
      h.input(0, SIDE, List.of(row(3L, 30L), row(1L, 11L)));
      assertEquals(List.of("+I [1, 11, 1, 100]", "+I [3, 30, 3, 300]"), h.endBatch());
      assertEquals(6, h.operator().stateRows());
    }
  }

  @Test
  void aLeftJoinEmitsThePaddedRowAtOnceAndTakesItBackOnTheFirstMatch() {
    // Flink's regular LEFT JOIN: +I (a, NULL), then -D (a, NULL) and +I (a, b) when b arrives
    try (OperatorHarness<RegularJoinOperator> h = OperatorHarness.open(join(JoinKind.LEFT))) {
      h.input(0, SIDE, List.of(row(1L, 10L)));
      assertEquals(List.of("+I [1, 10, null, null]"), h.endBatch());
      h.input(1, SIDE, List.of(row(1L, 100L), row(1L, 101L)));
      assertEquals(List.of("+I [1, 10, 1, 100]", "+I [1, 10, 1, 101]", "-D [1, 10, null, null]"), h.endBatch());
      h.input(1, changes(RowKind.DELETE, List.of(row(1L, 100L), row(1L, 101L))));
      assertEquals(List.of("+I [1, 10, null, null]", "-D [1, 10, 1, 100]", "-D [1, 10, 1, 101]"), h.endBatch());
    }
  }

  @Test
  void aLeftRowWhoseMatchComesInTheSameBatchIsNeverPadded() {
    try (OperatorHarness<RegularJoinOperator> h = OperatorHarness.open(join(JoinKind.LEFT))) {
      h.input(0, SIDE, List.of(row(1L, 10L), row(2L, 20L)));
      h.input(1, SIDE, List.of(row(1L, 100L)));
      assertEquals(List.of("+I [1, 10, 1, 100]", "+I [2, 20, null, null]"), h.endBatch());
    }
  }

  @Test
  void aFullJoinPadsBothSides() {
    try (OperatorHarness<RegularJoinOperator> h = OperatorHarness.open(join(JoinKind.FULL))) {
      h.input(0, SIDE, List.of(row(1L, 10L)));
      h.input(1, SIDE, List.of(row(2L, 200L)));
      assertEquals(List.of("+I [1, 10, null, null]", "+I [null, null, 2, 200]"), h.endBatch());
      h.input(0, SIDE, List.of(row(2L, 20L)));
      assertEquals(List.of("+I [2, 20, 2, 200]", "-D [null, null, 2, 200]"), h.endBatch());
    }
  }

  @Test
  void aRowWithANullKeyMatchesNothingButAnOuterJoinEmitsIt() {
    try (OperatorHarness<RegularJoinOperator> h = OperatorHarness.open(join(JoinKind.RIGHT))) {
      h.input(0, SIDE, List.of(row(null, 1L)));
      h.input(1, SIDE, List.of(row(null, 2L)));
      assertEquals(List.of("+I [null, null, null, 2]"), h.endBatch());
      h.input(1, changes(RowKind.DELETE, List.of(row(null, 2L))));
      assertEquals(List.of("-D [null, null, null, 2]"), h.endBatch());
      assertEquals(1, h.operator().stateRows());
    }
  }

  @Test
  void aSemiJoinEmitsALeftRowOnItsFirstMatchAndTakesItBackWithItsLast() {
    try (OperatorHarness<RegularJoinOperator> h = OperatorHarness.open(join(JoinKind.SEMI))) {
      h.input(0, SIDE, List.of(row(1L, 10L), row(2L, 20L)));
      assertEquals(List.of(), h.endBatch());
      h.input(1, SIDE, List.of(row(1L, 100L), row(1L, 101L)));
      assertEquals(List.of("+I [1, 10]"), h.endBatch());
      h.input(1, changes(RowKind.UPDATE_BEFORE, List.of(row(1L, 100L))));
      assertEquals(List.of(), h.endBatch());
      h.input(1, changes(RowKind.DELETE, List.of(row(1L, 101L))));
      assertEquals(List.of("-D [1, 10]"), h.endBatch());
    }
  }

  @Test
  void anAntiJoinEmitsALeftRowAtOnceAndTakesItBackWhenAMatchArrives() {
    try (OperatorHarness<RegularJoinOperator> h = OperatorHarness.open(join(JoinKind.ANTI))) {
      h.input(0, SIDE, List.of(row(1L, 10L), row(2L, 20L)));
      assertEquals(List.of("+I [1, 10]", "+I [2, 20]"), h.endBatch());
      h.input(1, SIDE, List.of(row(2L, 200L)));
      assertEquals(List.of("-D [2, 20]"), h.endBatch());
      h.input(0, SIDE, List.of(row(2L, 21L)));
      assertEquals(List.of(), h.endBatch());
      h.input(1, changes(RowKind.DELETE, List.of(row(2L, 200L))));
      assertEquals(List.of("+I [2, 20]", "+I [2, 21]"), h.endBatch());
    }
  }

  @Test
  void aRetractedInputRowTakesBackItsPairsAndAnUpdateBringsNewOnes() {
    // an input that is itself a changelog (an aggregation's -U/+U): the old row's pairs go, the new row's come
    try (OperatorHarness<RegularJoinOperator> h = OperatorHarness.open(join(JoinKind.INNER))) {
      h.input(0, SIDE, List.of(row(1L, 1L)));
      h.input(1, SIDE, List.of(row(1L, 100L)));
      assertEquals(List.of("+I [1, 1, 1, 100]"), h.endBatch());
      Batch update = TestRows.dense(SIDE, List.of(row(1L, 1L), row(1L, 2L)));
      update.kinds = new byte[] {RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER};
      h.input(0, update);
      assertEquals(List.of("+I [1, 2, 1, 100]", "-D [1, 1, 1, 100]"), h.endBatch());
      assertEquals(2, h.operator().stateRows());
      // a retraction of a row never seen (its state expired) changes nothing
      h.input(0, changes(RowKind.DELETE, List.of(row(1L, 7L))));
      assertEquals(List.of(), h.endBatch());
    }
  }

  @Test
  void theResidualConditionDecidesWhichPairsMatch() {
    JoinCondition leftSmaller = (candidates, passing) -> {
      long[] l = ((LongVector) candidates.columns[1]).values;
      long[] r = ((LongVector) candidates.columns[3]).values;
      int n = 0;
      for (int i = 0; i < candidates.size; i++) {
        if (l[i] < r[i]) {
          passing[n++] = i;
        }
      }
      return n;
    };
    try (OperatorHarness<RegularJoinOperator> h = OperatorHarness.open(join(JoinKind.LEFT, leftSmaller, 0))) {
      h.input(1, SIDE, List.of(row(1L, 5L)));
      h.input(0, SIDE, List.of(row(1L, 3L), row(1L, 9L)));
      assertEquals(List.of("+I [1, 3, 1, 5]", "+I [1, 9, null, null]"), h.endBatch());
    }
  }

  @Test
  void theStateTimeToLiveForgetsOldRowsWithoutOutput() {
    try (OperatorHarness<RegularJoinOperator> h = OperatorHarness.open(join(JoinKind.INNER, null, 1000))) {
      h.batchTime(0).input(0, SIDE, List.of(row(1L, 10L)));
      assertEquals(List.of(), h.endBatch());
      h.batchTime(500).input(0, SIDE, List.of(row(1L, 11L)));
      assertEquals(List.of(), h.endBatch());
      h.batchTime(1200);
      assertEquals(List.of(), h.endBatch());
      assertEquals(1, h.operator().stateRows());
      h.batchTime(1300).input(1, SIDE, List.of(row(1L, 100L)));
      assertEquals(List.of("+I [1, 11, 1, 100]"), h.endBatch());
    }
  }

  @Test
  void aRestoredOperatorContinuesExactly() {
    List<Consumer<OperatorHarness<RegularJoinOperator>>> batches = List.of(
        h -> h.input(0, SIDE, List.of(row(1L, 10L), row(2L, 20L), row(null, 0L)))
            .input(1, SIDE, List.of(row(1L, 100L))),
        h -> h.input(1, SIDE, List.of(row(2L, 200L), row(1L, 101L), row(5L, 500L))),
        h -> h.input(0, changes(RowKind.DELETE, List.of(row(1L, 10L)))).input(0, SIDE, List.of(row(5L, 50L))),
        h -> h.input(1, changes(RowKind.DELETE, List.of(row(2L, 200L), row(5L, 500L)))),
        h -> h.input(0, SIDE, List.of(row(1L, 12L), row(2L, 22L))));
    for (JoinKind kind : JoinKind.values()) {
      OperatorHarness.checkRestoreAfterEveryBatch(join(kind), batches);
    }
  }

  @Test
  void deltasOfAddedRetractedRecountedAndExpiredRowsRestoreTheSameState() {
    List<Consumer<OperatorHarness<RegularJoinOperator>>> batches = List.of(
        h -> h.batchTime(0).input(0, SIDE, List.of(row(1L, 10L), row(2L, 20L), row(null, 0L)))
            .input(1, SIDE, List.of(row(1L, 100L))),
        h -> h.batchTime(100).input(1, SIDE, List.of(row(2L, 200L), row(1L, 101L), row(5L, 500L))),
        h -> h.batchTime(200).input(0, changes(RowKind.DELETE, List.of(row(1L, 10L))))
            .input(0, SIDE, List.of(row(5L, 50L))),
        h -> h.batchTime(300).input(1, changes(RowKind.DELETE, List.of(row(2L, 200L), row(5L, 500L)))),
        h -> h.batchTime(400),
        h -> h.batchTime(1150).input(0, SIDE, List.of(row(1L, 12L), row(2L, 22L))),
        h -> h.batchTime(1250).input(1, SIDE, List.of(row(2L, 201L))),
        h -> h.batchTime(2500).input(1, SIDE, List.of(row(1L, 102L))));
    for (long ttl : new long[] {0, 1000}) {
      for (JoinKind kind : JoinKind.values()) {
        assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(join(kind, null, ttl), batches),
            kind + ", time-to-live " + ttl + ": every batch after the first is a delta");
      }
    }
  }

  @Test
  void deltasSurviveACompactionOfRetractedRows() {
    // thousands of rows retracted at once make the joiner compact its rows between two checkpoints
    List<List<Object>> many = new java.util.ArrayList<>();
    for (long i = 0; i < 3000; i++) {
      many.add(row(i % 400, i));
    }
    List<Consumer<OperatorHarness<RegularJoinOperator>>> batches = List.of(
        h -> h.input(0, SIDE, many).input(1, SIDE, List.of(row(3L, 30L), row(7L, 70L))),
        h -> h.input(1, SIDE, List.of(row(3L, 31L))),
        h -> h.input(0, changes(RowKind.DELETE, many.subList(0, 2500))),
        h -> h.input(1, changes(RowKind.DELETE, List.of(row(7L, 70L)))).input(0, SIDE, List.of(row(7L, 1L))));
    for (JoinKind kind : List.of(JoinKind.INNER, JoinKind.FULL, JoinKind.ANTI)) {
      assertEquals(3, OperatorHarness.checkDeltasAfterEveryBatch(join(kind), batches));
    }
  }

  @Test
  void theBudgetCheckSeesTheGrowthOfTheKeptRowsBeforeTheyGoIn() {
    OperatorHarness.checkGrowthOfKeptRows(join(JoinKind.INNER), row(1L, 10L));
  }
}
