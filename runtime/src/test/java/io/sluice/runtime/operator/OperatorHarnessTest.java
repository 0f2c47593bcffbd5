package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.kernel.TestRows;
import io.sluice.runtime.state.StateFormat;
import io.sluice.runtime.state.StatefulOperator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The harness itself: it catches an operator whose restore loses state or leaves bytes unread. */
class OperatorHarnessTest {
  private static final List<DataType> ONE_LONG = List.of(BIGINT);

  /** Emits, at the end of each batch, the sum of every value it was given so far. */
  private static final class RunningSum extends AbstractOperator implements StatefulOperator {
    private final boolean restoreForgets;
    private final boolean snapshotPads;
    private long sum;

    RunningSum(boolean restoreForgets, boolean snapshotPads) {
      super("RunningSum");
      this.restoreForgets = restoreForgets;
      this.snapshotPads = snapshotPads;
    }

    @Override
    public void input(int port, Batch batch) {
      LongVector values = (LongVector) batch.columns[0];
      for (int k = 0; k < batch.rowCount(); k++) {
        sum += values.values[batch.row(k)];
      }
    }

    @Override
    public void endBatch() {
      output.accept(TestRows.dense(ONE_LONG, List.of(row(sum))));
    }

    @Override
    public StateFormat stateFormat() {
      return new StateFormat(1, "running sum");
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
      stateFormat().writeHeader(out);
      out.writeLong(sum);
      if (snapshotPads) {
        out.writeInt(0);
      }
    }

    @Override
    public void restore(DataInput in) throws IOException {
      stateFormat().readHeader(in);
      long saved = in.readLong();
      sum = restoreForgets ? 0 : saved;
    }

    @Override
    public long stateRows() {
      return 1;
    }

    @Override
    public long stateBytes() {
      return 8;
    }
  }

  private static final List<Consumer<OperatorHarness<RunningSum>>> BATCHES = List.of(
      h -> h.input(ONE_LONG, List.of(row(1L), row(2L))),
      h -> h.input(ONE_LONG, List.of(row(3L))),
      h -> h.input(ONE_LONG, List.of(row(4L))));

  @Test
  void aFaithfulOperatorPasses() {
    List<List<String>> output = OperatorHarness.checkRestoreAfterEveryBatch(() -> new RunningSum(false, false), BATCHES);
    assertEquals(List.of(List.of("+I [3]"), List.of("+I [6]"), List.of("+I [10]")), output);
  }

  @Test
  void aRestoreThatLosesStateFails() {
    assertThrows(AssertionFailedError.class,
        () -> OperatorHarness.checkRestoreAfterEveryBatch(() -> new RunningSum(true, false), BATCHES));
  }

  @Test
  void aSnapshotWithBytesTheRestoreDoesNotReadFails() {
    assertThrows(AssertionFailedError.class,
        () -> OperatorHarness.checkRestoreAfterEveryBatch(() -> new RunningSum(false, true), BATCHES));
  }

  @Test
  void theWatermarkMovesOnlyBetweenBatchesAndNeverBack() {
    try (OperatorHarness<RunningSum> h = OperatorHarness.open(() -> new RunningSum(false, false))) {
      h.watermark(10).input(ONE_LONG, List.of(row(1L)));
      assertThrows(IllegalStateException.class, () -> h.watermark(20));
      h.endBatch();
      assertThrows(IllegalArgumentException.class, () -> h.watermark(5));
    }
  }
}
