package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.SetOperation;
import java.util.List;

/** INTERSECT or EXCEPT (ALL or distinct) of bounded inputs: counts each side's rows, then emits what the set operation keeps. */
public final class SetOperationOperator extends ExecNode {
  private final ExecNode left;
  private final ExecNode right;
  private final SetOperation.Kind kind;
  private final boolean all;
  private final List<DataType> types;

  public SetOperationOperator(String name, ExecNode left, ExecNode right, SetOperation.Kind kind, boolean all,
      List<DataType> types) {
    super(name, List.of(left, right));
    this.left = left;
    this.right = right;
    this.kind = kind;
    this.all = all;
    this.types = types;
  }

  @Override
  void execute(BatchConsumer out) {
    SetOperation operation = new SetOperation(kind, all, types);
    left.run(operation::addLeft);
    right.run(operation::addRight);
    operation.emit(out);
  }
}
