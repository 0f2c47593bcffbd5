package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.SpillingHashAggregator;
import io.sluice.runtime.spill.SpillSpace;
import java.util.List;

/**
 * Groups each batch's input in a hash table, then emits one row per group and keeps nothing: a
 * bounded GROUP BY (its one batch is the whole input), or an aggregation by windows its input
 * closes (session windows emit a window's rows in the batch that closes it, so every row of a
 * group arrives in one batch; the rows of open windows are the sessions' state, not this one's).
 * Groups beyond the memory limit of its {@link SpillSpace} go to disk until the batch ends.
 *
 * <p>{@link #mergingPartials Merging partials}, it is the final phase of a two-phase GROUP BY: its
 * input is the groups the workers aggregated each split into, in split order, with each
 * aggregate's partial result (an AVG's sum and count), and its results are those of one phase.
 */
public final class HashAggregateOperator extends AbstractOperator {
  private final List<DataType> inputTypes;
  private final int[] keys;
  private final List<AggregateSpec> specs;
  private final SpillSpace space;
  /** Whether the input is partial results ({@link #mergingPartials}) rather than rows. */
  private boolean mergesPartials;
  private SpillingHashAggregator aggregator;

  public HashAggregateOperator(String name, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs,
      SpillSpace space) {
    super(name);
    this.inputTypes = inputTypes;
    this.keys = keys;
    this.specs = specs;
    this.space = space;
    space.addOperator();
  }

  /**
   * Takes the partial results of aggregators of the same input types, keys and aggregates ({@link
   * io.sluice.runtime.kernel.HashAggregator#emitPartials}) rather than rows; the aggregates must
   * {@link io.sluice.runtime.kernel.PartialResults#mergeable merge exactly}.
   */
  public HashAggregateOperator mergingPartials() {
    mergesPartials = true;
    return this;
  }

  @Override
  public void startBatch() {
    close();
    aggregator = mergesPartials ? SpillingHashAggregator.mergingPartials(inputTypes, keys, specs, space)
        : new SpillingHashAggregator(inputTypes, keys, specs, space);
  }

  @Override
  public void input(int port, Batch batch) {
    aggregator.add(batch);
  }

  @Override
  public void endBatch() {
    try {
      aggregator.emit(output);
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    if (aggregator != null) {
      aggregator.close();
      aggregator = null;
    }
  }
}
