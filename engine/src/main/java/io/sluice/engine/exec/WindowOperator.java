package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.kernel.WindowEvaluator;
import io.sluice.runtime.kernel.WindowFunctionSpec;
import java.util.List;

/** Window functions (OVER) over a bounded input: keeps it whole, then emits each row with its function values. */
public final class WindowOperator extends ExecNode {
  private final ExecNode input;
  private final List<DataType> inputTypes;
  private final int[] partition;
  private final List<SortKey> order;
  private final List<WindowFunctionSpec> functions;

  public WindowOperator(ExecNode input, List<DataType> inputTypes, int[] partition, List<SortKey> order,
      List<WindowFunctionSpec> functions) {
    super("Window", List.of(input));
    this.input = input;
    this.inputTypes = inputTypes;
    this.partition = partition;
    this.order = order;
    this.functions = functions;
  }

  @Override
  void execute(BatchConsumer out) {
    WindowEvaluator evaluator = new WindowEvaluator(inputTypes, partition, order, functions);
    input.run(evaluator::add);
    evaluator.emit(out);
  }
}
