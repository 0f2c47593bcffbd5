package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.kernel.WindowEvaluator;
import io.sluice.runtime.kernel.WindowFunctionSpec;
import java.util.List;

/** Window functions (OVER) over a bounded input: keeps it whole, then emits each row with its function values. */
public final class WindowOperator extends AbstractOperator {
  private final List<DataType> inputTypes;
  private final int[] partition;
  private final List<SortKey> order;
  private final List<WindowFunctionSpec> functions;
  private WindowEvaluator evaluator;

  public WindowOperator(List<DataType> inputTypes, int[] partition, List<SortKey> order,
      List<WindowFunctionSpec> functions) {
    super("Window");
    this.inputTypes = inputTypes;
    this.partition = partition;
    this.order = order;
    this.functions = functions;
  }

  @Override
  public void startBatch() {
    evaluator = new WindowEvaluator(inputTypes, partition, order, functions);
  }

  @Override
  public void input(int port, Batch batch) {
    evaluator.add(batch);
  }

  @Override
  public void endBatch() {
    evaluator.emit(output);
    evaluator = null;
  }
}
