package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.HashAggregator;
import java.util.List;

/**
 * Groups each batch's input in a hash table, then emits one row per group and keeps nothing: a
 * bounded GROUP BY (its one batch is the whole input), or an aggregation by windows its input
 * closes (session windows emit a window's rows in the batch that closes it, so every row of a
 * group arrives in one batch; the rows of open windows are the sessions' state, not this one's).
 */
public final class HashAggregateOperator extends AbstractOperator {
  private final List<DataType> inputTypes;
  private final int[] keys;
  private final List<AggregateSpec> specs;
  private HashAggregator aggregator;

  public HashAggregateOperator(String name, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs) {
    super(name);
    this.inputTypes = inputTypes;
    this.keys = keys;
    this.specs = specs;
  }

  @Override
  public void startBatch() {
    aggregator = new HashAggregator(inputTypes, keys, specs);
  }

  @Override
  public void input(int port, Batch batch) {
    aggregator.add(batch);
  }

  @Override
  public void endBatch() {
    aggregator.emit(output);
    aggregator = null;
  }
}
