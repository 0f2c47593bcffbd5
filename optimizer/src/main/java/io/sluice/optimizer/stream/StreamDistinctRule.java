package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.StreamDistinct;

/**
 * Turns an aggregation that only keeps the distinct keys of an insert-only stream into a
 * {@link StreamDistinct}, which emits each key at its first arrival: no aggregate function, no
 * window, no group key that is a watermarked event time, an input whose rows are final (the trait
 * derivation decides that: {@code StreamTraitDerivation#isDistinct}). Not in complete mode, whose
 * whole result every batch is an aggregation's.
 */
final class StreamDistinctRule {
  private StreamDistinctRule() {}

  /** The distinct node {@code aggregate} runs as, or null when it runs as another operator. */
  static StreamDistinct convert(PhysicalHashAggregate aggregate, boolean distinct, OutputMode mode) {
    if (!distinct || mode == OutputMode.COMPLETE) {
      return null;
    }
    return new StreamDistinct(aggregate.input(0), aggregate.groupKeys(), aggregate.rowType(), aggregate.rows());
  }
}
