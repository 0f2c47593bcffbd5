package io.sluice.engine.exec;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/** A VALUES list: emits its rows, held in one batch, on every run. */
public final class ValuesOperator extends ExecNode {
  private final Batch rows;

  public ValuesOperator(Batch rows) {
    super("Values", List.of());
    this.rows = rows;
  }

  @Override
  void execute(BatchConsumer out) {
    if (rows.size > 0) {
      out.accept(rows);
    }
  }
}
