package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.HashAggregator;
import java.util.List;

/**
 * The first phase of a two-phase aggregation, run by a worker over each split: one row per group
 * of the split (group keys, then each aggregate's partial result), which a final aggregation on
 * the query's thread merges. Groups come out in the order the split first saw them, so merging
 * the splits in split order meets every group in the order one thread would have.
 *
 * <p>A split with more than {@link #MAX_GROUPS} groups passes its groups on and starts afresh
 * rather than hold them all (a whole CSV file is one split): memory stays bounded and the order
 * argument above still holds, as each group is first met in the first part that saw it.
 *
 * <p>{@link #ofPartialResults With partial results} each aggregate passes on its state rather
 * than its result (an AVG's sum and count), for a final aggregation that merges them into exactly
 * the state one thread's would hold ({@code GroupAggregateOperator.mergingPartials}).
 */
public final class PartialAggregation implements SplitStage {
  /** The most groups a worker holds before it passes them on. */
  static final int MAX_GROUPS = 1 << 16;

  private final HashAggregator aggregator;
  private final boolean grouped;
  /** Whether groups pass on with partial results ({@link HashAggregator#emitPartials}) rather than results. */
  private final boolean partialResults;
  /** Whether the split gave a row since the last pass: an aggregate without keys over none passes nothing. */
  private boolean sawRows;

  /** Aggregates {@code specs} over rows of {@code inputTypes}, grouped by {@code groupKeys}. */
  public PartialAggregation(List<DataType> inputTypes, int[] groupKeys, List<AggregateSpec> specs) {
    this(inputTypes, groupKeys, specs, false);
  }

  private PartialAggregation(List<DataType> inputTypes, int[] groupKeys, List<AggregateSpec> specs,
      boolean partialResults) {
    this.aggregator = new HashAggregator(inputTypes, groupKeys, specs);
    this.grouped = groupKeys.length > 0;
    this.partialResults = partialResults;
  }

  /** Aggregates as the constructor does, passing on each group's partial results rather than its results. */
  public static PartialAggregation ofPartialResults(List<DataType> inputTypes, int[] groupKeys,
      List<AggregateSpec> specs) {
    return new PartialAggregation(inputTypes, groupKeys, specs, true);
  }

  /** The columns it passes on {@link #ofPartialResults with partial results}. */
  public static List<DataType> partialResultTypes(List<DataType> inputTypes, int[] groupKeys,
      List<AggregateSpec> specs) {
    return new HashAggregator(inputTypes, groupKeys, specs).partialTypes();
  }

  @Override
  public void accept(Batch batch, BatchConsumer out) {
    if (batch.rowCount() == 0) {
      return;
    }
    aggregator.add(batch);
    sawRows = true;
    if (grouped && aggregator.groupCount() >= MAX_GROUPS) {
      finish(out);
    }
  }

  @Override
  public void finish(BatchConsumer out) {
    if (sawRows) {
      if (partialResults) {
        aggregator.emitPartials(out);
      } else {
        aggregator.emit(out);
      }
      aggregator.clear();
      sawRows = false;
    }
  }
}
