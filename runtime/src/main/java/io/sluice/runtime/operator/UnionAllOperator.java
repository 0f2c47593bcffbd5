package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;

/** UNION ALL: its inputs run one after the other, port by port, and every batch passes on. */
public final class UnionAllOperator extends AbstractOperator {
  public UnionAllOperator() {
    super("UnionAll");
  }

  @Override
  public void input(int port, Batch batch) {
    output.accept(batch);
  }

  @Override
  public void endBatch() {}
}
