package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.Batches;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.runtime.operator.AbstractOperator;
import io.sluice.runtime.parallel.BatchPool;
import java.util.ArrayList;
import java.util.List;

/**
 * One operator whose output several branches of a plan take alike (Nexmark q5 aggregates bids by
 * auction and window in both sides of its join): it runs once per batch, for the first branch to
 * ask, and the others are given copies of the same rows. Its output is copied whole before any
 * branch takes it, so that a branch that stops early (a LIMIT) leaves the operator's batch, and
 * the others' rows, whole.
 *
 * <p>Sharing it keeps its state once rather than once per branch, and leaves the scan below it
 * with one reader, which workers can then read in splits.
 */
public final class SharedOutput {
  private final OperatorNode inner;
  private final BatchRanges ranges;
  private final int uses;
  private final BatchPool copies;
  private final List<Batch> rows = new ArrayList<>();
  private long ranInBatch = -1;
  private int replaysLeft;

  /** {@code inner}, whose rows have {@code types}, taken by {@code uses} branches. */
  public SharedOutput(OperatorNode inner, List<DataType> types, BatchRanges ranges, int uses) {
    this.inner = inner;
    this.ranges = ranges;
    this.uses = uses;
    this.copies = new BatchPool(types);
  }

  /** The node one branch runs: it shows the shared operator as its input. */
  public OperatorNode use() {
    return OperatorNode.of(new Use(inner.name + " (shared)"), ranges, List.of(), List.of(inner));
  }

  private void produce(BatchConsumer out) {
    long batch = ranges.batchNumber();
    if (batch != ranInBatch || replaysLeft == 0) {
      release();
      ranInBatch = batch;
      replaysLeft = uses;
      inner.run(output -> {
        if (output.rowCount() > 0) {
          Batch copy = copies.take();
          Batches.compactInto(output, copy);
          rows.add(copy);
        }
      });
    }
    replaysLeft--;
    for (Batch copy : rows) {
      out.accept(copy);
    }
    if (replaysLeft == 0) {
      release();
    }
  }

  private void release() {
    for (Batch copy : rows) {
      copies.giveBack(copy);
    }
    rows.clear();
  }

  /** What one branch runs: the shared operator's rows of this batch. */
  private final class Use extends AbstractOperator {
    Use(String name) {
      super(name);
    }

    @Override
    public void input(int port, Batch batch) {
      throw new IllegalStateException(name() + " has no input");
    }

    @Override
    public void endBatch() {
      produce(output);
    }
  }
}
