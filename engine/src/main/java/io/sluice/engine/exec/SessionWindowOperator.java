package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.SessionAssigner;
import java.util.List;

/** SESSION windows over a bounded input: keeps it whole, then emits each row with its session's bounds. */
public final class SessionWindowOperator extends ExecNode {
  private final ExecNode input;
  private final List<DataType> inputTypes;
  private final int[] keys;
  private final int timeColumn;
  private final long gapMillis;

  public SessionWindowOperator(String name, ExecNode input, List<DataType> inputTypes, int[] keys, int timeColumn,
      long gapMillis) {
    super(name, List.of(input));
    this.input = input;
    this.inputTypes = inputTypes;
    this.keys = keys;
    this.timeColumn = timeColumn;
    this.gapMillis = gapMillis;
  }

  @Override
  void execute(BatchConsumer out) {
    SessionAssigner assigner = new SessionAssigner(inputTypes, keys, timeColumn, gapMillis);
    input.run(assigner::add);
    assigner.emit(out);
  }
}
