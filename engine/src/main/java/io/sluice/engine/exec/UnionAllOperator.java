package io.sluice.engine.exec;

import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/** UNION ALL: runs its inputs one after the other and passes every batch on. */
public final class UnionAllOperator extends ExecNode {
  public UnionAllOperator(List<ExecNode> inputs) {
    super("UnionAll", inputs);
  }

  @Override
  void execute(BatchConsumer out) {
    for (ExecNode input : inputs) {
      input.run(out);
    }
  }
}
