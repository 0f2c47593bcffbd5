package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.StreamWindowAggregate;

/**
 * Turns an aggregation of a stream grouped by an event-time window into a
 * {@link StreamWindowAggregate}: it decides the window key and how far it is from the window's end,
 * which group keys are the same for a whole window, whether its input are closed sessions, and
 * the output mode (complete mode keeps every window). Sessions shown as they grow (update mode)
 * are groups updated every batch instead ({@link StreamGroupAggregateRule}).
 */
final class StreamWindowAggregateRule {
  private StreamWindowAggregateRule() {}

  /** The window aggregate {@code aggregate} runs as, or null when it runs as another operator. */
  static StreamWindowAggregate convert(PhysicalHashAggregate aggregate, OutputMode mode) {
    WindowKeys.WindowKey window = WindowKeys.windowKey(aggregate);
    if (window == null || window.closedUpstream() && mode == OutputMode.UPDATE) {
      return null;
    }
    return new StreamWindowAggregate(aggregate.input(0), aggregate.groupKeys(), aggregate.aggregates(),
        aggregate.rowType(), aggregate.rows(), window.column(), window.addToEnd(),
        WindowKeys.windowOffsets(aggregate, window), window.closedUpstream(), mode == OutputMode.COMPLETE, mode);
  }
}
