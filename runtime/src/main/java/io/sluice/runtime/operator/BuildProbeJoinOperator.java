package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;

/**
 * A join of bounded inputs that keeps one side (the build side, port 0) and then streams the other
 * (the probe side, port 1) past it, once per batch: the build is finished when the first probe
 * rows arrive, or at the end of the batch when the probe side has none, and what only the end can
 * tell (unmatched rows of an outer join) is emitted then.
 */
abstract class BuildProbeJoinOperator extends AbstractOperator {
  static final int BUILD = 0;
  private boolean built;

  BuildProbeJoinOperator(String name) {
    super(name);
  }

  /** A fresh join for the batch starting, releasing any left by a batch that stopped part way. */
  abstract void startJoin();

  abstract void build(Batch batch);

  abstract void finishBuild();

  abstract void probe(Batch batch);

  /** Emits what only the end of the probe side tells, then lets the batch's join go. */
  abstract void finishJoin();

  @Override
  public final void startBatch() {
    built = false;
    startJoin();
  }

  @Override
  public final void input(int port, Batch batch) {
    if (port == BUILD) {
      build(batch);
      return;
    }
    if (!built) {
      built = true;
      finishBuild();
    }
    probe(batch);
  }

  @Override
  public final void endBatch() {
    if (!built) {
      built = true;
      finishBuild();
    }
    finishJoin();
  }
}
