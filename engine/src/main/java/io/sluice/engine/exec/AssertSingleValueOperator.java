package io.sluice.engine.exec;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import java.util.List;

/**
 * Checks that a scalar subquery gave at most one row per outer row: its input carries a count
 * in column {@code countColumn}, which it drops from the rows it passes on.
 */
public final class AssertSingleValueOperator extends ExecNode {
  private final ExecNode input;
  private final int countColumn;

  public AssertSingleValueOperator(ExecNode input, int countColumn) {
    super("AssertSingleValue", List.of(input));
    this.input = input;
    this.countColumn = countColumn;
  }

  @Override
  void execute(BatchConsumer out) {
    Batch view = new Batch(new ColumnVector[countColumn], 0);
    input.run(batch -> {
      LongVector counts = (LongVector) batch.columns[countColumn];
      int n = batch.rowCount();
      for (int k = 0; k < n; k++) {
        int row = batch.row(k);
        if (!counts.isNull(row) && counts.values[row] > 1) {
          throw new SluiceException(ErrorCode.CARDINALITY_VIOLATION,
              "More than one row returned by a subquery used as an expression");
        }
      }
      System.arraycopy(batch.columns, 0, view.columns, 0, countColumn);
      view.size = batch.size;
      view.selection = batch.selection;
      view.selectedCount = batch.selectedCount;
      out.accept(view);
    });
  }
}
