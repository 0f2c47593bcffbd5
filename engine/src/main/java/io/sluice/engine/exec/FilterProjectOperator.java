package io.sluice.engine.exec;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.catalog.DataType;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.batch.DeadLetters;
import io.sluice.runtime.operator.AbstractOperator;
import java.util.List;

/**
 * Runs a compiled filter/projection over each batch; a row that fails (a bad cast, a division by
 * zero) fails the query, named by its values, or goes to the dead-letter sink when there is one.
 */
public final class FilterProjectOperator extends AbstractOperator {
  private final FilterProject program;
  private final RowFailures.Shape shape;
  /** The continuous query's batch ranges (for dead letters and row positions); null for a bounded query. */
  private final BatchRanges ranges;
  /** What runs each input batch of the current micro-batch through the program. */
  private BatchConsumer processing;

  /**
   * {@code inputNames} and {@code inputTypes} describe the input's columns and {@code read} the
   * ones the expressions read, to name a failing row's values.
   */
  public FilterProjectOperator(String name, FilterProject program, List<String> inputNames,
      List<DataType> inputTypes, int[] read, BatchRanges ranges) {
    super(name);
    this.program = program;
    this.shape = new RowFailures.Shape(name, inputNames, inputTypes, read);
    this.ranges = ranges;
  }

  /** A batch starts: its rows fail into this batch's dead letters. */
  @Override
  public void startBatch() {
    processing = processing(output);
  }

  @Override
  public void input(int port, Batch batch) {
    processing.accept(batch);
  }

  @Override
  public void endBatch() {}

  /** What this operator does with each batch of its input, passing its rows on to {@code out}. */
  BatchConsumer processing(BatchConsumer out) {
    DeadLetters deadLetters = ranges == null ? null : ranges.deadLetters();
    return batch -> {
      Batch result = RowFailures.process(program, batch, shape, deadLetters, ranges);
      if (result.rowCount() > 0) {
        result.kinds = batch.kinds;
        out.accept(result);
      }
    };
  }
}
