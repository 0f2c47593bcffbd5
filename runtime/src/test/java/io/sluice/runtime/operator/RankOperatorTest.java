package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.kernel.TopN;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Top-N and deduplication over a stream, run alone: a changelog of ranks, or final rows by event time. */
class RankOperatorTest {
  /** Input (k VARCHAR, v BIGINT, t BIGINT). */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT, BIGINT);

  /** The two largest v per k, with their rank, as a changelog. */
  private static Supplier<RankOperator> topTwo(long ttlMillis) {
    return () -> {
      TopN topN = TopN.changelog(INPUT, new int[] {0}, List.of(SortKey.descending(1)), 2, true);
      if (ttlMillis > 0) {
        topN.expireAfter(ttlMillis);
      }
      return new RankOperator("TopN (update)", topN, batch -> batch, false);
    };
  }

  /** The first row per k by event time t, emitted once the watermark passes it. */
  private static Supplier<RankOperator> firstByTime() {
    return firstByTime(1, 0);
  }

  /** The first {@code n} rows per k by event time t, each emitted once the watermark passes it. */
  private static Supplier<RankOperator> firstByTime(int n, long ttlMillis) {
    return () -> {
      TopN topN = TopN.finalRows(INPUT, new int[] {0}, List.of(SortKey.ascending(2)), n);
      if (ttlMillis > 0) {
        topN.expireAfter(ttlMillis);
      }
      return new RankOperator("Deduplicate (append)", topN, batch -> batch, true);
    };
  }

  /** The three smallest v over the whole stream: one partition, no keys. */
  private static Supplier<RankOperator> smallestThree() {
    return () -> new RankOperator("TopN (update)",
        TopN.changelog(INPUT, new int[0], List.of(SortKey.ascending(1)), 3, true), batch -> batch, false);
  }

  /** The first row to arrive per (k, t), t an event time: each key dropped once the watermark reaches t. */
  private static Supplier<RankOperator> firstArrivalByKeyAndTime() {
    return () -> {
      TopN topN = TopN.changelog(INPUT, new int[] {0, 2}, List.of(), 1, false);
      topN.releaseKeysAtWatermark(1);
      return new RankOperator("Deduplicate (first arrival)", topN, batch -> batch, false);
    };
  }

  @Test
  void firstArrivalKeyedByEventTimeForgetsKeysTheWatermarkPassed() {
    try (OperatorHarness<RankOperator> h = OperatorHarness.open(firstArrivalByKeyAndTime())) {
      h.input(INPUT, List.of(row("a", 1L, 10L), row("a", 2L, 10L), row("a", 3L, 20L), row("b", 4L, null)));
      assertEquals(List.of("+I [a, 1, 10, 1]", "+I [a, 3, 20, 1]", "+I [b, 4, null, 1]"), h.endBatch(),
          "each key's first arrival at once; the second (a, 10) is a duplicate");
      assertEquals(3, h.operator().stateRows(), "no watermark yet: every key kept");
      h.watermark(10).input(INPUT, List.of(row("a", 5L, 20L), row("c", 6L, 30L)));
      assertEquals(List.of("+I [c, 6, 30, 1]"), h.endBatch());
      assertEquals(3, h.operator().stateRows(), "(a, 10) is at the watermark (Lateness): dropped from state");
      h.watermark(30);
      assertEquals(List.of(), h.endBatch());
      assertEquals(1, h.operator().stateRows(), "only the key whose time is NULL, which no watermark passes");
    }
  }

  /** The first row to arrive per k, its key kept until the watermark reaches its first row's t + 5 (within the watermark). */
  private static Supplier<RankOperator> firstArrivalWithinWatermark() {
    return () -> {
      TopN topN = TopN.changelog(INPUT, new int[] {0}, List.of(), 1, false);
      topN.releaseKeysAfter(2, 5);
      return new RankOperator("Deduplicate (first arrival)", topN, batch -> batch, false);
    };
  }

  @Test
  void firstArrivalWithinTheWatermarkForgetsAKeyAtItsFirstRowsTimePlusTheDelay() {
    try (OperatorHarness<RankOperator> h = OperatorHarness.open(firstArrivalWithinWatermark())) {
      h.input(INPUT, List.of(row("a", 1L, 10L), row("a", 2L, 12L), row("b", 3L, 20L), row("c", 4L, null)));
      assertEquals(List.of("+I [a, 1, 10, 1]", "+I [b, 3, 20, 1]", "+I [c, 4, null, 1]"), h.endBatch());
      h.watermark(14).input(INPUT, List.of(row("a", 5L, 16L)));
      assertEquals(List.of(), h.endBatch(), "a's first row (10) + 5 is above the watermark: still a duplicate");
      h.watermark(15);
      assertEquals(List.of(), h.endBatch());
      assertEquals(2, h.operator().stateRows(), "a went at 15 (10 + 5, at the watermark); c's NULL time is kept");
      h.input(INPUT, List.of(row("a", 6L, 17L)));
      assertEquals(List.of("+I [a, 6, 17, 1]"), h.endBatch(), "a again, after its key went: a first row");
    }
  }

  @Test
  void keysKeptWithinTheWatermarkRestoreAndDeltaRestoreExactly() {
    List<Consumer<OperatorHarness<RankOperator>>> batches = List.of(
        h -> h.input(INPUT, List.of(row("a", 1L, 10L), row("b", 2L, 12L), row("a", 3L, 11L))),
        h -> h.watermark(14).input(INPUT, List.of(row("c", 4L, 18L), row("b", 5L, 19L))),
        h -> h.watermark(17).input(INPUT, List.of(row("a", 6L, 20L), row("b", 7L, 21L))),
        h -> h.watermark(30));
    OperatorHarness.checkRestoreAfterEveryBatch(firstArrivalWithinWatermark(), batches);
    OperatorHarness.checkDeltasAfterEveryBatch(firstArrivalWithinWatermark(), batches);
  }

  @Test
  void topNEmitsEntriesExitsAndRankMoves() {
    try (OperatorHarness<RankOperator> h = OperatorHarness.open(topTwo(0))) {
      h.input(INPUT, List.of(row("a", 10L, 1L), row("a", 20L, 2L), row("b", 5L, 3L)));
      assertEquals(List.of("+I [a, 10, 1, 2]", "+I [a, 20, 2, 1]", "+I [b, 5, 3, 1]"), h.endBatch());
      h.input(INPUT, List.of(row("a", 15L, 4L)));
      assertEquals(List.of("+I [a, 15, 4, 2]", "-D [a, 10, 1, 2]"), h.endBatch());
      assertEquals(3, h.operator().stateRows());
    }
  }

  @Test
  void deduplicationOnEventTimeEmitsTheFirstRowOnceItIsFinal() {
    try (OperatorHarness<RankOperator> h = OperatorHarness.open(firstByTime())) {
      h.input(INPUT, List.of(row("a", 1L, 5L), row("b", 2L, 7L)));
      assertEquals(List.of(), h.endBatch());
      assertEquals(5, h.context().waitsUntil(), "a's row is final once the watermark reaches 5 (Lateness)");
      h.watermark(6).input(INPUT, List.of(row("a", 3L, 4L)));
      assertEquals(List.of("+I [a, 3, 4, 1]"), h.endBatch(), "the row and its rank, which the projection above drops");
      h.watermark(8);
      assertEquals(List.of("+I [b, 2, 7, 1]"), h.endBatch());
    }
  }

  @Test
  void aRestoredOperatorContinuesExactly() {
    List<Consumer<OperatorHarness<RankOperator>>> batches = List.of(
        h -> h.batchTime(0).input(INPUT, List.of(row("a", 10L, 1L), row("b", 20L, 2L), row("a", 30L, 3L))),
        h -> h.batchTime(50).watermark(2).input(INPUT, List.of(row("a", 5L, 4L), row("a", 40L, 5L))),
        h -> h.batchTime(120).watermark(4).input(INPUT, List.of(row("b", 1L, 3L), row("c", 7L, 6L))),
        h -> h.batchTime(300).watermark(10));
    OperatorHarness.checkRestoreAfterEveryBatch(topTwo(0), batches);
    OperatorHarness.checkRestoreAfterEveryBatch(topTwo(100), batches);
    OperatorHarness.checkRestoreAfterEveryBatch(firstByTime(), batches);
    OperatorHarness.checkRestoreAfterEveryBatch(firstArrivalByKeyAndTime(), batches);
  }

  @Test
  void deltasOfChangedAndRemovedPartitionsRestoreTheSameState() {
    // keys enter, rows displace others, partitions are released at the watermark, expire or emit their last row
    List<Consumer<OperatorHarness<RankOperator>>> batches = List.of(
        h -> h.batchTime(0).input(INPUT, List.of(row("a", 10L, 1L), row("b", 20L, 2L), row("a", 30L, 3L),
            row("d", 1L, null))),
        h -> h.batchTime(50).watermark(2).input(INPUT, List.of(row("a", 5L, 4L), row("a", 40L, 5L))),
        h -> h.batchTime(120).watermark(4).input(INPUT, List.of(row("b", 1L, 3L), row("c", 7L, 6L))),
        h -> h.batchTime(130),
        h -> h.batchTime(200).watermark(6).input(INPUT, List.of(row("e", 2L, 9L), row("c", 8L, 7L))),
        h -> h.batchTime(400).watermark(8).input(INPUT, List.of(row("f", 3L, 12L), row("a", 50L, 11L))),
        h -> h.batchTime(420).watermark(20));
    List<Supplier<RankOperator>> operators = List.of(topTwo(0), topTwo(100), firstByTime(), firstByTime(2, 100),
        firstArrivalByKeyAndTime(), smallestThree());
    for (Supplier<RankOperator> operator : operators) {
      assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(operator, batches),
          "every batch after the first is a delta");
    }
  }

  @Test
  void deltasSurviveACompactionOfTheRowStore() {
    // thousands of rows displaced at once make the Top-N compact its store between two checkpoints
    List<List<Object>> many = new java.util.ArrayList<>();
    List<List<Object>> better = new java.util.ArrayList<>();
    for (long i = 0; i < 3000; i++) {
      many.add(row("k" + (i % 500), i, i));
      better.add(row("k" + (i % 700), 10_000 + i, 5000 + i));
    }
    List<Consumer<OperatorHarness<RankOperator>>> batches = List.of(
        h -> h.input(INPUT, many),
        h -> h.input(INPUT, better),
        h -> h.watermark(4000).input(INPUT, List.of(row("k1", 1L, 1L))),
        h -> h.watermark(9000));
    for (Supplier<RankOperator> operator : List.of(topTwo(0), firstByTime(2, 0), firstArrivalByKeyAndTime())) {
      assertEquals(3, OperatorHarness.checkDeltasAfterEveryBatch(operator, batches));
    }
  }

  @Test
  void theBudgetCheckSeesTheGrowthOfThePartitionsBeforeTheyGrow() {
    try (OperatorHarness<RankOperator> h = OperatorHarness.open(topTwo(0))) {
      h.input(INPUT, List.of(row("a", 1L, 1L)));
      h.endBatch();
      long growth = h.operator().growthBytes(100_000);
      org.junit.jupiter.api.Assertions.assertTrue(growth > 100_000 * 24L,
          growth + " bytes for 100,000 rows, each a new partition with its key");
      assertEquals(0, h.operator().growthBytes(0));
    }
  }
}
