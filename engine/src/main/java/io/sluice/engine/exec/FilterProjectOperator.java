package io.sluice.engine.exec;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.catalog.DataType;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.batch.DeadLetters;
import java.util.List;

/**
 * Runs a compiled filter/projection over each batch; a row that fails (a bad cast, a division by
 * zero) fails the query, named by its values, or goes to the dead-letter sink when there is one.
 */
public final class FilterProjectOperator extends ExecNode {
  private final ExecNode input;
  private final FilterProject program;
  private final RowFailures.Shape shape;
  /** The continuous query's batch ranges (for dead letters and row positions); null for a bounded query. */
  private final BatchRanges ranges;

  /**
   * {@code inputNames} and {@code inputTypes} describe the input's columns and {@code read} the
   * ones the expressions read, to name a failing row's values.
   */
  public FilterProjectOperator(String name, ExecNode input, FilterProject program, List<String> inputNames,
      List<DataType> inputTypes, int[] read, BatchRanges ranges) {
    super(name, List.of(input));
    this.input = input;
    this.program = program;
    this.shape = new RowFailures.Shape(name, inputNames, inputTypes, read);
    this.ranges = ranges;
  }

  @Override
  void execute(BatchConsumer out) {
    input.run(processing(out));
  }

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

  ExecNode input() {
    return input;
  }
}
