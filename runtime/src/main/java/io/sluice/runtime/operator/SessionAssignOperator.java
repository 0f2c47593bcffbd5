package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.SessionAssigner;
import java.util.List;

/**
 * SESSION windows over a bounded input: keeps the batch's input whole, then emits each row with
 * its session's bounds. Over a stream sessions stay open across batches ({@link SessionWindowsOperator}).
 */
public final class SessionAssignOperator extends AbstractOperator {
  private final List<DataType> inputTypes;
  private final int[] keys;
  private final int timeColumn;
  private final long gapMillis;
  private SessionAssigner assigner;

  public SessionAssignOperator(String name, List<DataType> inputTypes, int[] keys, int timeColumn, long gapMillis) {
    super(name);
    this.inputTypes = inputTypes;
    this.keys = keys;
    this.timeColumn = timeColumn;
    this.gapMillis = gapMillis;
  }

  @Override
  public void startBatch() {
    assigner = new SessionAssigner(inputTypes, keys, timeColumn, gapMillis);
  }

  @Override
  public void input(int port, Batch batch) {
    assigner.add(batch);
  }

  @Override
  public void endBatch() {
    assigner.emit(output);
    assigner = null;
  }
}
