package io.sluice.runtime.kernel;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;

/**
 * A join that keeps one input (the build side) and then streams the other past it (the probe
 * side): {@link #build} any number of times, {@link #finishBuild} once, {@link #probe} any number
 * of times, {@link #finish} once, {@link #close} last. In memory ({@link HashJoiner}, also as a
 * nested loop) or partitioned to disk when the build side outgrows memory ({@link SpillingHashJoiner}).
 */
public interface BuildProbeJoiner extends AutoCloseable {
  void build(Batch batch);

  void finishBuild();

  void probe(Batch batch, BatchConsumer consumer);

  /** Emits what depends on having seen every probe row (build rows an outer join left unmatched). */
  void finish(BatchConsumer consumer);

  /** Releases what the join holds (spill files). Nothing by default. */
  @Override
  default void close() {}
}
