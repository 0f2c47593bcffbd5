package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.kernel.JoinKind;
import io.sluice.runtime.kernel.SpillingHashJoiner;
import io.sluice.runtime.kernel.TestRows;
import io.sluice.runtime.spill.SpillSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operators of bounded plans run alone through the same life cycle as the streaming ones: each
 * batch is a whole run of the query (a bounded plan inside a continuous query runs again every batch).
 */
class BoundedOperatorsTest {
  private static final List<DataType> KEY_NAME = List.of(BIGINT, VARCHAR);
  private static final List<DataType> KEY_PRICE = List.of(BIGINT, BIGINT);

  @Test
  void aLimitPassesItsRowsThenStopsItsInputAndStartsAgainNextBatch() {
    try (OperatorHarness<LimitOperator> h = OperatorHarness.open(() -> new LimitOperator(1, 2))) {
      h.input(KEY_PRICE, List.of(row(1L, 10L), row(2L, 20L)));
      EnoughInput enough = assertThrows(EnoughInput.class,
          () -> h.input(KEY_PRICE, List.of(row(3L, 30L), row(4L, 40L))));
      assertTrue(enough.isFrom(h.operator()));
      assertEquals(List.of("+I [2, 20]", "+I [3, 30]"), h.endBatch());
      assertThrows(EnoughInput.class, () -> h.input(KEY_PRICE, List.of(row(5L, 1L), row(6L, 2L), row(7L, 3L))));
      assertEquals(List.of("+I [6, 2]", "+I [7, 3]"), h.endBatch());
    }
  }

  @Test
  void aLimitOfNoRowsReadsNoInputAndOneWithoutLimitTakesAll() {
    try (OperatorHarness<LimitOperator> h = OperatorHarness.open(() -> new LimitOperator(0, 0))) {
      assertFalse(h.needsInput(0));
      assertEquals(List.of(), h.endBatch());
    }
    try (OperatorHarness<LimitOperator> h = OperatorHarness.open(() -> new LimitOperator(1, -1))) {
      h.input(KEY_PRICE, List.of(row(1L, 10L), row(2L, 20L))).input(KEY_PRICE, List.of(row(3L, 30L)));
      assertEquals(List.of("+I [2, 20]", "+I [3, 30]"), h.endBatch());
    }
  }

  /** A hash join of (key, name) with (key, price) on the key, the right side building. */
  private static BoundedJoinOperator hashJoin(JoinKind kind) {
    return new BoundedJoinOperator("HashJoin", () -> new SpillingHashJoiner(kind, KEY_NAME, KEY_PRICE, new int[] {0},
        new int[] {0}, HashJoiner.BuildSide.RIGHT, null, SpillSpace.unlimited()));
  }

  @Test
  void aHashJoinBuildsOnPortZeroAndProbesWithPortOneEveryBatchAfresh() {
    // the right side (key, price) builds; the left (key, name) probes; output is left columns then right
    try (OperatorHarness<BoundedJoinOperator> h = OperatorHarness.open(() -> hashJoin(JoinKind.LEFT))) {
      h.input(0, KEY_PRICE, List.of(row(1L, 10L), row(1L, 11L), row(3L, 30L)));
      h.input(1, KEY_NAME, List.of(row(1L, "a"), row(2L, "b")));
      assertEquals(List.of("+I [1, a, 1, 10]", "+I [1, a, 1, 11]", "+I [2, b, null, null]"), h.endBatch());
      h.input(0, KEY_PRICE, List.of(row(2L, 20L)));
      h.input(1, KEY_NAME, List.of(row(2L, "b")));
      assertEquals(List.of("+I [2, b, 2, 20]"), h.endBatch());
    }
  }

  @Test
  void aRightJoinWithAnEmptyProbeSideEmitsTheBuildRowsAtTheEnd() {
    try (OperatorHarness<BoundedJoinOperator> h = OperatorHarness.open(() -> hashJoin(JoinKind.RIGHT))) {
      h.input(0, KEY_PRICE, List.of(row(1L, 10L)));
      assertEquals(List.of("+I [null, null, 1, 10]"), h.endBatch());
    }
  }

  @Test
  void aNestedLoopJoinPairsEveryRow() {
    try (OperatorHarness<BoundedJoinOperator> h = OperatorHarness.open(() -> new BoundedJoinOperator("NestedLoopJoin",
        () -> HashJoiner.nestedLoop(JoinKind.INNER, KEY_NAME, KEY_PRICE, HashJoiner.BuildSide.RIGHT, null)))) {
      h.input(0, KEY_PRICE, List.of(row(7L, 70L), row(8L, 80L)));
      h.input(1, KEY_NAME, List.of(row(1L, "a")));
      assertEquals(List.of("+I [1, a, 7, 70]", "+I [1, a, 8, 80]"), h.endBatch());
    }
  }

  @Test
  void valuesEmitTheirRowsEveryBatchAndUnionAllPassesEveryPort() {
    Batch rows = TestRows.dense(KEY_NAME, List.of(row(1L, "x"), row(2L, null)));
    try (OperatorHarness<ValuesOperator> h = OperatorHarness.open(() -> new ValuesOperator(rows))) {
      assertEquals(List.of("+I [1, x]", "+I [2, null]"), h.endBatch());
      assertEquals(List.of("+I [1, x]", "+I [2, null]"), h.endBatch());
    }
    try (OperatorHarness<UnionAllOperator> h = OperatorHarness.open(UnionAllOperator::new)) {
      h.input(0, KEY_NAME, List.of(row(1L, "x"))).input(1, KEY_NAME, List.of(row(1L, "x"), row(3L, "z")));
      assertEquals(List.of("+I [1, x]", "+I [1, x]", "+I [3, z]"), h.endBatch());
    }
  }

  @Test
  void aScalarSubqueryWithMoreThanOneRowFailsAndTheCountColumnIsDropped() {
    List<DataType> withCount = List.of(VARCHAR, BIGINT);
    try (OperatorHarness<AssertSingleValueOperator> h = OperatorHarness.open(() -> new AssertSingleValueOperator(1))) {
      h.input(withCount, List.of(row("a", 1L), row("b", null)));
      assertEquals(List.of("+I [a]", "+I [b]"), h.endBatch());
      SluiceException e = assertThrows(SluiceException.class, () -> h.input(withCount, List.of(row("c", 2L))));
      assertEquals("21000", e.sqlState());
    }
  }

  @Test
  void sessionsOverABoundedInputCarryTheirBounds() {
    List<DataType> keyTime = List.of(VARCHAR, BIGINT);
    try (OperatorHarness<SessionAssignOperator> h = OperatorHarness.open(
        () -> new SessionAssignOperator("Session", keyTime, new int[] {0}, 1, 10))) {
      h.input(keyTime, List.of(row("a", 0L), row("a", 5L), row("a", 30L), row("b", 1L)));
      List<String> out = h.endBatch();
      assertEquals(4, out.size());
      assertTrue(out.contains("+I [a, 0, 0, 15]"), out.toString());
      assertTrue(out.contains("+I [a, 30, 30, 40]"), out.toString());
    }
  }
}
