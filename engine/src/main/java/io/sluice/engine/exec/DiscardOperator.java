package io.sluice.engine.exec;

import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/**
 * Runs its input and passes nothing on: a filter the planner proved keeps no row ({@code rn < 1}
 * over a ranking), whose input must still be read so that the query's progress and watermark move.
 */
public final class DiscardOperator extends ExecNode {
  private final ExecNode input;

  public DiscardOperator(String name, ExecNode input) {
    super(name, List.of(input));
    this.input = input;
  }

  @Override
  void execute(BatchConsumer out) {
    input.run(batch -> { });
  }
}
