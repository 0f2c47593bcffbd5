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
 */
public final class HashAggregateOperator extends AbstractOperator {
  private final List<DataType> inputTypes;
  private final int[] keys;
  private final List<AggregateSpec> specs;
  private final SpillSpace space;
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

  @Override
  public void startBatch() {
    close();
    aggregator = new SpillingHashAggregator(inputTypes, keys, specs, space);
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
