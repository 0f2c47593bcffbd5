package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.HashAggregator;
import java.util.List;

/** Groups its whole input in a hash table, then emits one row per group (a bounded GROUP BY). */
public final class HashAggregateOperator extends ExecNode {
  private final ExecNode input;
  private final List<DataType> inputTypes;
  private final int[] keys;
  private final List<AggregateSpec> specs;

  public HashAggregateOperator(ExecNode input, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs) {
    super("HashAggregate", List.of(input));
    this.input = input;
    this.inputTypes = inputTypes;
    this.keys = keys;
    this.specs = specs;
  }

  @Override
  void execute(BatchConsumer out) {
    HashAggregator aggregator = new HashAggregator(inputTypes, keys, specs);
    input.run(aggregator::add);
    aggregator.emit(out);
  }
}
