package io.sluice.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.engine.result.Cancellation;
import io.sluice.runtime.batch.BatchContext;
import io.sluice.runtime.operator.AbstractOperator;
import io.sluice.runtime.operator.Operator;
import io.sluice.runtime.operator.UnionAllOperator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The life cycle a plan gives its run-time operators (Trino's operator contract, Flink's
 * open/finish/close): opened once, a batch per run, finished once after the last run of a bounded
 * input, and closed exactly once however the plan ends: after its run, after a failure, after a
 * cancel, and when a continuous query closes it. Two operators are stacked so that the one that did
 * not fail is checked too.
 */
class OperatorLifeCycleTest {
  private static final List<DataType> TYPES = List.of(DataType.of(TypeKind.BIGINT));

  @Test
  void aBoundedPlanOpensRunsFinishesAndClosesEachOperatorOnce() {
    Recorder lower = new Recorder("lower");
    Recorder upper = new Recorder("upper");
    ExecutionPlan plan = plan(new Source(2, -1), lower, upper);
    List<Batch> out = new ArrayList<>();
    plan.run(out::add);
    assertEquals(2, out.size(), "both batches pass through");
    List<String> expected = List.of("open", "startBatch", "input", "input", "endBatch", "finish", "close");
    assertEquals(expected, lower.calls);
    assertEquals(expected, upper.calls);
  }

  @Test
  void aFailingInputStillClosesEveryOperatorAndFinishesNone() {
    Recorder lower = new Recorder("lower");
    Recorder upper = new Recorder("upper");
    ExecutionPlan plan = plan(new Source(3, 1), lower, upper);
    SluiceException e = assertThrows(SluiceException.class, () -> plan.run(batch -> { }));
    assertEquals(ErrorCode.IO_ERROR, e.code());
    assertEquals(List.of("open", "startBatch", "input", "close"), lower.calls);
    assertEquals(List.of("open", "startBatch", "input", "close"), upper.calls);
  }

  @Test
  void aCancelledRunClosesEveryOperator() {
    Recorder lower = new Recorder("lower");
    Recorder upper = new Recorder("upper");
    ExecutionPlan plan = plan(new Source(5, -1), lower, upper);
    Cancellation cancellation = new Cancellation();
    SluiceException e = assertThrows(SluiceException.class, () -> cancellation.runWith(() -> {
      plan.run(batch -> cancellation.cancel("stop"));
      return null;
    }));
    assertEquals(ErrorCode.QUERY_CANCELLED, e.code());
    assertEquals(1, lower.count("close"));
    assertEquals(1, upper.count("close"));
    assertEquals(0, upper.count("finish"), "a cancelled input has not ended");
  }

  @Test
  void aContinuousPlanFinishesAfterItsLastRunAndClosesOnceWhenItEnds() {
    Recorder lower = new Recorder("lower");
    Recorder upper = new Recorder("upper");
    ExecutionPlan plan = plan(new Source(1, -1), lower, upper).withWorkers(null, true);
    plan.run(batch -> { });
    plan.run(batch -> { });
    assertEquals(0, upper.count("finish"));
    assertEquals(0, upper.count("close"), "a continuous plan keeps its operators between batches");
    plan.runLast(batch -> { });
    plan.close();
    plan.close();
    assertEquals(List.of("open", "startBatch", "input", "endBatch", "startBatch", "input", "endBatch", "startBatch",
        "input", "endBatch", "finish", "close"), upper.calls);
    assertEquals(1, lower.count("finish"));
    assertEquals(1, lower.count("close"));
  }

  @Test
  void anOperatorThatFailsToCloseDoesNotKeepTheOthersOpen() {
    Recorder lower = new Recorder("lower");
    lower.failOnClose = true;
    Recorder upper = new Recorder("upper");
    ExecutionPlan plan = plan(new Source(1, -1), lower, upper).withWorkers(null, true);
    plan.run(batch -> { });
    IllegalStateException e = assertThrows(IllegalStateException.class, plan::close);
    assertEquals("lower cannot close", e.getMessage());
    assertEquals(1, upper.count("close"));
  }

  @Test
  void aScanSharedByTwoBranchesIsOneOperatorClosedOnce() {
    Recorder shared = new Recorder("shared");
    OperatorNode scan = OperatorNode.of(shared, new Context(), OperatorNode.of(new Source(1, -1), new Context()));
    ExecutionPlan plan = new ExecutionPlan(OperatorNode.of(new UnionAllOperator(), new Context(), scan, scan), List.of());
    plan.run(batch -> { });
    assertEquals(1, shared.count("close"));
    assertEquals(1, shared.count("finish"));
  }

  private static ExecutionPlan plan(Source source, Recorder lower, Recorder upper) {
    Context context = new Context();
    OperatorNode node = OperatorNode.of(upper, context, OperatorNode.of(lower, context, OperatorNode.of(source, context)));
    return new ExecutionPlan(node, List.of());
  }

  /** Emits {@code batches} batches of one row per run; throws instead of batch {@code failAt} (-1: never). */
  private static final class Source extends AbstractOperator {
    private final int batches;
    private final int failAt;

    Source(int batches, int failAt) {
      super("Source");
      this.batches = batches;
      this.failAt = failAt;
    }

    @Override
    public void input(int port, Batch batch) {
      throw new IllegalStateException("no input");
    }

    @Override
    public void endBatch() {
      for (int i = 0; i < batches; i++) {
        if (i == failAt) {
          throw new SluiceException(ErrorCode.IO_ERROR, "the source could not be read");
        }
        Batch batch = Batch.allocate(TYPES, 1);
        batch.size = 1;
        output.accept(batch);
      }
    }
  }

  /** Records every life-cycle call it gets and passes its input on. */
  private static final class Recorder implements Operator {
    private final String name;
    final List<String> calls = new ArrayList<>();
    boolean failOnClose;
    private BatchConsumer output;

    Recorder(String name) {
      this.name = name;
    }

    int count(String call) {
      return (int) calls.stream().filter(call::equals).count();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void open(BatchContext context, BatchConsumer output) {
      calls.add("open");
      this.output = output;
    }

    @Override
    public void startBatch() {
      calls.add("startBatch");
    }

    @Override
    public void input(int port, Batch batch) {
      calls.add("input");
      output.accept(batch);
    }

    @Override
    public void endBatch() {
      calls.add("endBatch");
    }

    @Override
    public void finish() {
      calls.add("finish");
    }

    @Override
    public void close() {
      calls.add("close");
      if (failOnClose) {
        throw new IllegalStateException(name + " cannot close");
      }
    }
  }

  /** A batch context with no watermark, for operators that need none. */
  private static final class Context implements BatchContext {
    @Override
    public long watermark() {
      return Long.MIN_VALUE;
    }

    @Override
    public long batchTime() {
      return 0;
    }

    @Override
    public void countLateRows(long rows) {}

    @Override
    public void stateExpiresAt(long millis) {}

    @Override
    public void stateWaitsUntil(long eventTime) {}
  }
}
