package io.sluice.runtime.operator;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;

/**
 * Checks that a scalar subquery gave at most one row per outer row: its input carries a count
 * in column {@code countColumn}, which it drops from the rows it passes on.
 */
public final class AssertSingleValueOperator extends AbstractOperator {
  private final int countColumn;
  /** The input's columns before the count, over the input batch's rows and selection. */
  private final Batch view;

  public AssertSingleValueOperator(int countColumn) {
    super("AssertSingleValue");
    this.countColumn = countColumn;
    this.view = new Batch(new ColumnVector[countColumn], 0);
  }

  @Override
  public void input(int port, Batch batch) {
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
    output.accept(view);
  }

  @Override
  public void endBatch() {}
}
