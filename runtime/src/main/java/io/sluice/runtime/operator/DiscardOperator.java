package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;

/**
 * Reads its input and passes nothing on: a filter the planner proved keeps no row ({@code rn < 1}
 * over a ranking), whose input must still be read so that the query's progress and watermark move.
 */
public final class DiscardOperator extends AbstractOperator {
  public DiscardOperator(String name) {
    super(name);
  }

  @Override
  public void input(int port, Batch batch) {}

  @Override
  public void endBatch() {}
}
