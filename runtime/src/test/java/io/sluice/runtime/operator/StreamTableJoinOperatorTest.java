package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static io.sluice.runtime.operator.StreamTableJoinOperator.STREAM;
import static io.sluice.runtime.operator.StreamTableJoinOperator.TABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.kernel.JoinKind;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A stream joined with a table, run alone: the table hashed once, again when it changes, and after a restore. */
class StreamTableJoinOperatorTest {
  /** Stream (k BIGINT, what VARCHAR) joined with table (k BIGINT, name VARCHAR) on k. */
  private static final List<DataType> STREAM_ROWS = List.of(BIGINT, VARCHAR);
  private static final List<DataType> TABLE_ROWS = List.of(BIGINT, VARCHAR);

  private static Supplier<StreamTableJoinOperator> join(AtomicLong tableVersion) {
    return () -> new StreamTableJoinOperator("StreamTableJoin inner", () -> new HashJoiner(JoinKind.INNER,
        STREAM_ROWS, TABLE_ROWS, new int[] {0}, new int[] {0}, HashJoiner.BuildSide.RIGHT, null),
        tableVersion::get, "right");
  }

  /** Feeds the table's rows as of {@code version} when the operator asks for them. */
  private static void table(OperatorHarness<StreamTableJoinOperator> h, long version) {
    if (h.needsInput(TABLE)) {
      h.input(TABLE, TABLE_ROWS, version == 1 ? List.of(row(1L, "one"), row(2L, "two"))
          : List.of(row(1L, "uno"), row(3L, "tres")));
    }
  }

  @Test
  void theTableIsHashedOnceAndAgainWhenItChanges() {
    AtomicLong version = new AtomicLong(1);
    try (OperatorHarness<StreamTableJoinOperator> h = OperatorHarness.open(join(version))) {
      assertTrue(h.needsInput(TABLE));
      table(h, 1);
      h.input(STREAM, STREAM_ROWS, List.of(row(1L, "x"), row(3L, "y")));
      assertEquals(List.of("+I [1, x, 1, one]"), h.endBatch());
      assertEquals(2, h.operator().stateRows());

      assertFalse(h.needsInput(TABLE), "hashed already");
      h.input(STREAM, STREAM_ROWS, List.of(row(2L, "z")));
      assertEquals(List.of("+I [2, z, 2, two]"), h.endBatch());

      version.set(2);
      assertTrue(h.needsInput(TABLE), "the table changed");
      table(h, 2);
      h.input(STREAM, STREAM_ROWS, List.of(row(1L, "x"), row(3L, "y")));
      assertEquals(List.of("+I [1, x, 1, uno]", "+I [3, y, 3, tres]"), h.endBatch());
      assertTrue(h.operator().lastChoice().contains("hashed again 1 times"), h.operator().lastChoice());
    }
  }

  @Test
  void aRestoredOperatorHashesTheTableAgainAndContinuesExactly() {
    AtomicLong version = new AtomicLong(1);
    List<Consumer<OperatorHarness<StreamTableJoinOperator>>> batches = List.of(
        h -> {
          version.set(1);
          table(h, 1);
          h.input(STREAM, STREAM_ROWS, List.of(row(1L, "a"), row(2L, "b")));
        },
        h -> {
          version.set(1); // each batch sets the version it runs at: a restored operator runs it later
          table(h, 1);
          h.input(STREAM, STREAM_ROWS, List.of(row(2L, "c"), row(3L, "d")));
        },
        h -> {
          version.set(2);
          table(h, 2);
          h.input(STREAM, STREAM_ROWS, List.of(row(1L, "e"), row(3L, "f")));
        });
    OperatorHarness.checkRestoreAfterEveryBatch(join(version), batches);
    assertEquals(batches.size() - 1, OperatorHarness.checkDeltasAfterEveryBatch(join(version), batches),
        "the state is whether the table was hashed: every batch after the first is a delta of it");
  }
}
