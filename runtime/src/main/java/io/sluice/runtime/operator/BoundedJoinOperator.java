package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.BuildProbeJoiner;
import java.util.function.Supplier;

/**
 * A join of bounded inputs that keeps one side (the build side, port 0) and then streams the other
 * (the probe side, port 1) past it, with a fresh {@link BuildProbeJoiner} every batch: a hash join
 * ({@link io.sluice.runtime.kernel.SpillingHashJoiner}, partitioned to disk when its build side
 * outgrows memory) or a nested loop ({@link io.sluice.runtime.kernel.HashJoiner#nestedLoop}). The
 * build is finished when the first probe rows arrive, or at the end of the batch when the probe
 * side has none, and what only the end can tell (rows an outer join left unmatched) is emitted then.
 */
public final class BoundedJoinOperator extends AbstractOperator {
  static final int BUILD = 0;
  private final Supplier<BuildProbeJoiner> joiners;
  private BuildProbeJoiner joiner;
  private boolean built;

  /** A join named {@code name} (EXPLAIN ANALYZE: {@code HashJoin inner}) that runs a joiner of {@code joiners} per batch. */
  public BoundedJoinOperator(String name, Supplier<BuildProbeJoiner> joiners) {
    super(name);
    this.joiners = joiners;
  }

  @Override
  public void startBatch() {
    close(); // what a batch stopped part way left
    joiner = joiners.get();
    built = false;
  }

  @Override
  public void input(int port, Batch batch) {
    if (port == BUILD) {
      joiner.build(batch);
      return;
    }
    finishBuild();
    joiner.probe(batch, output);
  }

  @Override
  public void endBatch() {
    finishBuild();
    try {
      joiner.finish(output);
    } finally {
      close();
    }
  }

  private void finishBuild() {
    if (!built) {
      built = true;
      joiner.finishBuild();
    }
  }

  @Override
  public void close() {
    if (joiner != null) {
      joiner.close();
      joiner = null;
    }
  }
}
