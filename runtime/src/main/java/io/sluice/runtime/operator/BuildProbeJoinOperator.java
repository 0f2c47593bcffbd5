package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.BuildProbeJoiner;

/**
 * A join of bounded inputs that keeps one side (the build side, port 0) and then streams the other
 * (the probe side, port 1) past it, with a fresh {@link BuildProbeJoiner} every batch: the build
 * is finished when the first probe rows arrive, or at the end of the batch when the probe side has
 * none, and what only the end can tell (rows an outer join left unmatched) is emitted then.
 */
abstract class BuildProbeJoinOperator extends AbstractOperator {
  static final int BUILD = 0;
  private BuildProbeJoiner joiner;
  private boolean built;

  BuildProbeJoinOperator(String name) {
    super(name);
  }

  /** The join of one batch. */
  abstract BuildProbeJoiner newJoiner();

  @Override
  public final void startBatch() {
    close(); // what a batch stopped part way left
    joiner = newJoiner();
    built = false;
  }

  @Override
  public final void input(int port, Batch batch) {
    if (port == BUILD) {
      joiner.build(batch);
      return;
    }
    finishBuild();
    joiner.probe(batch, output);
  }

  @Override
  public final void endBatch() {
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
  public final void close() {
    if (joiner != null) {
      joiner.close();
      joiner = null;
    }
  }
}
