package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.HashAggregator;
import java.util.List;

/** Groups its whole input in a hash table, then emits one row per group (a bounded GROUP BY). */
public final class HashAggregateOperator extends AbstractOperator {
  private final List<DataType> inputTypes;
  private final int[] keys;
  private final List<AggregateSpec> specs;
  private HashAggregator aggregator;

  public HashAggregateOperator(List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs) {
    super("HashAggregate");
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
