package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.HashAggregator;
import java.util.List;

/**
 * Aggregation by a window that its input closes: every row of a window arrives in the batch
 * in which the window is final (session windows emit their rows once the watermark passes the
 * session's end). Each batch's rows are aggregated and emitted, and nothing is kept: so it is
 * not a {@link io.sluice.runtime.state.StatefulOperator} and has nothing to snapshot (its input,
 * the sessions, holds the rows of open windows).
 */
public final class ClosedWindowAggregateOperator extends AbstractOperator {
  private final HashAggregator aggregator;

  public ClosedWindowAggregateOperator(List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs) {
    super("WindowAggregate (closed windows)");
    this.aggregator = new HashAggregator(inputTypes, keys, specs);
  }

  @Override
  public void input(int port, Batch batch) {
    aggregator.add(batch);
  }

  @Override
  public void endBatch() {
    aggregator.emit(output);
    aggregator.clear();
  }
}
