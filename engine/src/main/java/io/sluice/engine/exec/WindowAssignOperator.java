package io.sluice.engine.exec;

import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.WindowAssigner;
import java.util.List;

/** TUMBLE, HOP or CUMULATE: gives each row the window (or windows) it falls in, batch by batch. */
public final class WindowAssignOperator extends ExecNode {
  private final ExecNode input;
  private final WindowAssigner assigner;

  public WindowAssignOperator(String name, ExecNode input, WindowAssigner assigner) {
    super(name, List.of(input));
    this.input = input;
    this.assigner = assigner;
  }

  @Override
  void execute(BatchConsumer out) {
    input.run(batch -> assigner.process(batch, out));
  }
}
