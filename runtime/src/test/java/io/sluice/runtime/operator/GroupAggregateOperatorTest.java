package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.catalog.DataType;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.RowKind;
import io.sluice.runtime.kernel.AggregateKind;
import io.sluice.runtime.kernel.AggregateSpec;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** GROUP BY over a stream, run alone: changelog of groups, time-to-live, snapshot and restore. */
class GroupAggregateOperatorTest {
  /** Input (k VARCHAR, v BIGINT); SELECT k, COUNT(*), SUM(v) GROUP BY k. */
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT);
  private static final List<AggregateSpec> COUNT_AND_SUM = List.of(
      new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT), AggregateSpec.of(AggregateKind.SUM, 1, BIGINT));

  private static Supplier<GroupAggregateOperator> operator(OutputMode mode, long ttlMillis) {
    return () -> new GroupAggregateOperator("GroupAggregate", INPUT, new int[] {0}, COUNT_AND_SUM, mode, ttlMillis,
        false, -1);
  }

  @Test
  void updateModeEmitsTheGroupsEachBatchChanged() {
    try (OperatorHarness<GroupAggregateOperator> h = OperatorHarness.open(operator(OutputMode.UPDATE, 0))) {
      h.input(INPUT, List.of(row("a", 1L), row("a", 2L), row("b", 5L)));
      assertEquals(List.of("+I [a, 2, 3]", "+I [b, 1, 5]"), h.endBatch());
      h.input(INPUT, List.of(row("a", 10L)));
      assertEquals(List.of("+U [a, 3, 13]", "-U [a, 2, 3]"), h.endBatch());
      assertEquals(List.of(), h.endBatch());
      assertEquals(2, h.operator().stateRows());
    }
  }

  @Test
  void completeModeEmitsEveryGroupEachBatch() {
    try (OperatorHarness<GroupAggregateOperator> h = OperatorHarness.open(operator(OutputMode.COMPLETE, 0))) {
      h.input(INPUT, List.of(row("a", 1L), row("b", 5L)));
      assertEquals(List.of("+I [a, 1, 1]", "+I [b, 1, 5]"), h.endBatch());
      h.input(INPUT, List.of(row("b", 1L)));
      assertEquals(List.of("+I [a, 1, 1]", "+I [b, 2, 6]"), h.endBatch());
    }
  }

  @Test
  void aGroupNoRowTouchedForTheTimeToLiveIsRetracted() {
    try (OperatorHarness<GroupAggregateOperator> h = OperatorHarness.open(operator(OutputMode.UPDATE, 100))) {
      h.batchTime(0).input(INPUT, List.of(row("a", 1L)));
      assertEquals(List.of("+I [a, 1, 1]"), h.endBatch());
      h.batchTime(50).input(INPUT, List.of(row("b", 2L)));
      assertEquals(List.of("+I [b, 1, 2]"), h.endBatch());
      assertEquals(100, h.context().expiresAt(), "a expires first");
      h.batchTime(120);
      assertEquals(List.of("-D [a, 1, 1]"), h.endBatch());
      assertEquals(1, h.operator().stateRows());
      assertEquals(150, h.context().expiresAt());
    }
  }

  @Test
  void aRestoredOperatorContinuesExactly() {
    List<Consumer<OperatorHarness<GroupAggregateOperator>>> batches = List.of(
        h -> h.batchTime(0).input(INPUT, List.of(row("a", 1L), row("b", 2L), row(null, 3L))),
        h -> h.batchTime(40).input(INPUT, List.of(row("a", 4L), row("c", 5L))),
        h -> h.batchTime(90),
        h -> h.batchTime(130).input(INPUT, List.of(row("b", 6L), row(null, 7L))),
        h -> h.batchTime(400).input(INPUT, List.of(row("a", 8L))));
    for (OutputMode mode : List.of(OutputMode.UPDATE, OutputMode.COMPLETE)) {
      for (long ttl : new long[] {0, 100}) {
        List<List<String>> output = OperatorHarness.checkRestoreAfterEveryBatch(operator(mode, ttl), batches);
        assertEquals(5, output.size());
      }
    }
  }

  @Test
  void deltasOfChangedAndNewGroupsRestoreTheSameState() {
    List<Consumer<OperatorHarness<GroupAggregateOperator>>> batches = List.of(
        h -> h.input(INPUT, List.of(row("a", 1L), row("b", 2L), row(null, 3L))),
        h -> h.input(INPUT, List.of(row("a", 4L), row("c", 5L))),
        h -> { },
        h -> h.input(INPUT, List.of(row("b", 6L), row(null, 7L), row("d", 8L))),
        h -> h.input(INPUT, List.of(row("a", 8L))));
    for (OutputMode mode : List.of(OutputMode.UPDATE, OutputMode.COMPLETE)) {
      assertEquals(4, OperatorHarness.checkDeltasAfterEveryBatch(operator(mode, 0), batches), mode + ": every"
          + " batch after the first is a delta");
    }
  }

  @Test
  void overAChangelogDeltasCarryRetractionsAndEmptiedGroups() {
    Supplier<GroupAggregateOperator> overChangelog = () -> new GroupAggregateOperator("GroupAggregate", INPUT,
        new int[] {0}, COUNT_AND_SUM, OutputMode.UPDATE, 0, true, -1);
    List<Consumer<OperatorHarness<GroupAggregateOperator>>> batches = List.of(
        h -> h.input(0, changes(INPUT, List.of(row("a", 1L), row("b", 2L)), RowKind.INSERT, RowKind.INSERT)),
        h -> h.input(0, changes(INPUT, List.of(row("a", 1L), row("c", 3L)), RowKind.DELETE, RowKind.INSERT)),
        h -> h.input(0, changes(INPUT, List.of(row("b", 2L), row("b", 5L)), RowKind.UPDATE_BEFORE,
            RowKind.UPDATE_AFTER)));
    assertEquals(2, OperatorHarness.checkDeltasAfterEveryBatch(overChangelog, batches));
  }

  /** A dense batch of {@code rows} whose kinds are {@code kinds}. */
  private static io.sluice.catalog.data.Batch changes(List<DataType> types, List<List<Object>> rows, byte... kinds) {
    io.sluice.catalog.data.Batch batch = io.sluice.runtime.kernel.TestRows.dense(types, rows);
    batch.kinds = kinds.clone();
    return batch;
  }

  @Test
  void withATimeToLiveEveryStateIsASnapshot() {
    List<Consumer<OperatorHarness<GroupAggregateOperator>>> batches = List.of(
        h -> h.batchTime(0).input(INPUT, List.of(row("a", 1L))),
        h -> h.batchTime(200).input(INPUT, List.of(row("b", 1L))));
    assertEquals(0, OperatorHarness.checkDeltasAfterEveryBatch(operator(OutputMode.UPDATE, 100), batches));
  }

  @Test
  void aSnapshotOfAnotherShapeIsRefused() {
    byte[] snapshot;
    try (OperatorHarness<GroupAggregateOperator> h = OperatorHarness.open(operator(OutputMode.UPDATE, 0))) {
      h.input(INPUT, List.of(row("a", 1L)));
      h.endBatch();
      snapshot = h.snapshot();
    }
    SluiceException e = assertThrows(SluiceException.class,
        () -> OperatorHarness.restore(operator(OutputMode.UPDATE, 100), snapshot, Long.MIN_VALUE, 0));
    assertEquals(true, e.getMessage().contains("cannot be restored into"), e.getMessage());
  }
}
