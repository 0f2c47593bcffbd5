package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.HashAggregator;
import java.util.List;

/**
 * The first phase of a two-phase aggregation, run by a worker over each split: one row per group
 * of the split (group keys, then each aggregate's partial result: its state rather than its
 * result, an AVG's sum and count), which a final aggregation on the query's thread merges into
 * exactly the state one thread's would hold ({@code HashAggregateOperator.mergingPartials},
 * {@code GroupAggregateOperator.mergingPartials}). Groups come out in the order the split first saw them, so merging
 * the splits in split order meets every group in the order one thread would have.
 *
 * <p>A split with more than {@link #MAX_GROUPS} groups passes its groups on and starts afresh
 * rather than hold them all (a whole CSV file is one split): memory stays bounded and the order
 * argument above still holds, as each group is first met in the first part that saw it.
 */
public final class PartialAggregation implements SplitStage {
  /** The most groups a worker holds before it passes them on. */
  static final int MAX_GROUPS = 1 << 16;

  private final HashAggregator aggregator;
  private final boolean grouped;
  /** Whether the split gave a row since the last pass: an aggregate without keys over none passes nothing. */
  private boolean sawRows;

  private PartialAggregation(List<DataType> inputTypes, int[] groupKeys, List<AggregateSpec> specs) {
    this.aggregator = new HashAggregator(inputTypes, groupKeys, specs);
    this.grouped = groupKeys.length > 0;
  }

  /**
   * Aggregates {@code specs} over rows of {@code inputTypes}, grouped by {@code groupKeys}, passing
   * on each group's partial results; {@code specs} must {@code PartialResults.mergeable merge exactly}.
   */
  public static PartialAggregation ofPartialResults(List<DataType> inputTypes, int[] groupKeys,
      List<AggregateSpec> specs) {
    return new PartialAggregation(inputTypes, groupKeys, specs);
  }

  /** The columns it passes on: the group keys, then each aggregate's partial result. */
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

  /** Its groups' tables, kept between splits (not the lookup scratch of the chunk in hand, working memory as the batch is). */
  @Override
  public long heldBytes() {
    return aggregator.groupBytes();
  }

  @Override
  public void finish(BatchConsumer out) {
    if (sawRows) {
      aggregator.emitPartials(out);
      aggregator.clear();
      sawRows = false;
    }
  }
}
