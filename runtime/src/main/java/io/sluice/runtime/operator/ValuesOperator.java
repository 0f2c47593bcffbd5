package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;

/** A VALUES list: has no input, and emits its rows, held in one batch, at the end of every batch. */
public final class ValuesOperator extends AbstractOperator {
  private final Batch rows;

  public ValuesOperator(Batch rows) {
    super("Values");
    this.rows = rows;
  }

  @Override
  public void input(int port, Batch batch) {
    throw new IllegalStateException("VALUES has no input");
  }

  @Override
  public void endBatch() {
    if (rows.size > 0) {
      output.accept(rows);
    }
  }
}
