package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.WindowAssigner;

/** TUMBLE, HOP or CUMULATE: gives each row the window (or windows) it falls in, batch by batch. */
public final class WindowAssignOperator extends AbstractOperator {
  private final WindowAssigner assigner;

  public WindowAssignOperator(String name, WindowAssigner assigner) {
    super(name);
    this.assigner = assigner;
  }

  @Override
  public void input(int port, Batch batch) {
    assigner.process(batch, output);
  }

  @Override
  public void endBatch() {}
}
