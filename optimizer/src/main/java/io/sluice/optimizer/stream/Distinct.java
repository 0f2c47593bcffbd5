package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.StreamDistinct;

/**
 * The distinct values of a stream that only inserts ({@code SELECT DISTINCT}, a GROUP BY without
 * aggregate functions, the distinct keys an IN subquery reads): each emitted once, at once, when it
 * first arrives, as Spark's {@code dropDuplicates} does on a stream. Nothing it emits changes later,
 * so it runs in append (or update) mode; its state is every key seen, kept for the whole query or
 * until the state time-to-live after the key last arrived.
 *
 * <p>Not chosen when a group key is a watermarked event-time column (an aggregation grouped by
 * event time, emitted when the watermark passes it), nor in complete mode (the whole result every
 * batch, an aggregation's), nor over a changelog (a key may lose its last row).
 *
 * <p>The streaming traits' view of a {@link StreamDistinct}, the node {@link StreamDistinctRule} chose.
 */
public record Distinct(StreamDistinct node) implements StreamOperator {
  @Override
  public String name() {
    return "Distinct";
  }

  @Override
  public String operatorName(OutputMode mode) {
    return node.operatorName();
  }

  @Override
  public boolean waitsOnWatermark(OutputMode mode) {
    return false;
  }

  @Override
  public String explainState(OutputMode mode) {
    return operatorName(mode) + " - every key seen, " + state().releasedBy() + "; a row whose key was seen is dropped";
  }

  @Override
  public StateNeed state() {
    return new StateNeed(StateNeed.Kind.GROUPS, false,
        "kept for the whole query (or until pipeline.state-ttl after it last arrived)");
  }
}
