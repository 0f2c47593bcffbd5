package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.SetOperation;
import java.util.List;

/**
 * INTERSECT or EXCEPT (ALL or distinct) of bounded inputs (port 0 the left, port 1 the right):
 * counts each side's rows, then emits what the set operation keeps.
 */
public final class SetOperationOperator extends AbstractOperator {
  private final SetOperation.Kind kind;
  private final boolean all;
  private final List<DataType> types;
  private SetOperation operation;

  public SetOperationOperator(String name, SetOperation.Kind kind, boolean all, List<DataType> types) {
    super(name);
    this.kind = kind;
    this.all = all;
    this.types = types;
  }

  @Override
  public void startBatch() {
    operation = new SetOperation(kind, all, types);
  }

  @Override
  public void input(int port, Batch batch) {
    if (port == 0) {
      operation.addLeft(batch);
    } else {
      operation.addRight(batch);
    }
  }

  @Override
  public void endBatch() {
    operation.emit(output);
    operation = null;
  }
}
