package io.sluice.engine.table;

import io.sluice.catalog.data.Batch;
import java.util.Arrays;
import java.util.List;

/**
 * One version of an in-memory table's rows: immutable dense batches, with rows numbered across
 * them in order (a row's <em>position</em>), which is how indexes name rows.
 */
final class TableContent {
  static final TableContent EMPTY = new TableContent(List.of());

  final List<Batch> batches;
  /** The first position of each batch, and the row count last. */
  private final int[] starts;

  TableContent(List<Batch> batches) {
    this.batches = List.copyOf(batches);
    starts = new int[this.batches.size() + 1];
    for (int b = 0; b < this.batches.size(); b++) {
      starts[b + 1] = Math.addExact(starts[b], this.batches.get(b).size);
    }
  }

  int rows() {
    return starts[starts.length - 1];
  }

  /** The batch that holds row {@code position}. */
  int batchOf(int position) {
    int found = Arrays.binarySearch(starts, position);
    if (found >= 0) {
      while (found + 1 < starts.length && starts[found + 1] == position) {
        found++; // past empty batches
      }
      return found;
    }
    return -found - 2;
  }

  /** The first position of batch {@code batch}. */
  int start(int batch) {
    return starts[batch];
  }
}
