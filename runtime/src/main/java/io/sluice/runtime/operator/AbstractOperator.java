package io.sluice.runtime.operator;

import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.batch.BatchContext;

/**
 * What every operator keeps the same way: its name, and from {@link #open} on the context its
 * batches run in and where its output goes. A stateful subclass shows the same name to
 * checkpoints ({@link io.sluice.runtime.state.StatefulOperator#operatorName()}).
 */
public abstract class AbstractOperator implements Operator {
  private final String name;
  /** The context of the batches the operator runs in; set by {@link #open}. */
  protected BatchContext context;
  /** Where the operator's output goes; set by {@link #open}. */
  protected BatchConsumer output;

  protected AbstractOperator(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  /** The name under which checkpoints and progress show a stateful operator: its {@link #name()}. */
  public final String operatorName() {
    return name;
  }

  @Override
  public void open(BatchContext context, BatchConsumer output) {
    this.context = context;
    this.output = output;
  }
}
