package io.sluice.engine.exec;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/**
 * Passes on the rows from {@code offset} to {@code offset + limit} and stops its input once it
 * has them, by throwing through the pipeline (nothing below needs to know about limits).
 */
public final class LimitOperator extends ExecNode {
  private final ExecNode input;
  private final long offset;
  /** Negative for no limit. */
  private final long limit;

  public LimitOperator(ExecNode input, long offset, long limit) {
    super("Limit", List.of(input));
    this.input = input;
    this.offset = offset;
    this.limit = limit;
  }

  /** Thrown through a pipeline when a LIMIT has all the rows it needs. Carries no stack trace. */
  private static final class LimitReached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LimitReached() {
      super(null, null, false, false);
    }
  }

  @Override
  void execute(BatchConsumer out) {
    if (limit == 0) {
      return;
    }
    long[] seen = {0};
    long end = limit < 0 ? Long.MAX_VALUE : offset + limit;
    int[][] selection = {new int[Batch.DEFAULT_CAPACITY]};
    try {
      input.run(batch -> {
        int n = batch.rowCount();
        long first = seen[0];
        seen[0] += n;
        if (seen[0] <= offset) {
          return;
        }
        int from = (int) Math.max(0, offset - first);
        int to = (int) Math.min(n, end - first);
        if (from > 0 || to < n) {
          if (selection[0].length < n) {
            selection[0] = new int[n];
          }
          int[] sel = selection[0];
          for (int k = from; k < to; k++) {
            sel[k - from] = batch.row(k);
          }
          int[] saved = batch.selection;
          int savedCount = batch.selectedCount;
          batch.selection = sel;
          batch.selectedCount = to - from;
          out.accept(batch);
          batch.selection = saved;
          batch.selectedCount = savedCount;
        } else {
          out.accept(batch);
        }
        if (seen[0] >= end) {
          throw new LimitReached();
        }
      });
    } catch (LimitReached done) {
      // the limit has its rows; the input stops here
    }
  }
}
