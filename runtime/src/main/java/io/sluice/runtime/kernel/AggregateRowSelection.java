package io.sluice.runtime.kernel;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;

/**
 * The (group id, row) pairs one aggregate of a {@link HashAggregator} sees after its {@code FILTER}
 * clause and {@code DISTINCT}: each method keeps some of the pairs it is given in {@link #groups}
 * and {@link #rows} (reused from batch to batch) and returns how many it kept. The input arrays
 * may be these same arrays: a pair is only ever moved to a position at or before its own.
 */
final class AggregateRowSelection {
  /** Group ids of the pairs kept by the last call, in row order. */
  int[] groups = new int[0];
  /** Rows of the pairs kept by the last call. */
  int[] rows = new int[0];
  private LongVector pairGroups;

  private void ensure(int n) {
    groups = Vectors.grow(groups, n);
    rows = Vectors.grow(rows, n);
  }

  /** Keeps the pairs whose FILTER column is TRUE. */
  int keepWhere(BooleanVector condition, int[] groupIds, int[] rowIds, int n) {
    ensure(n);
    boolean[] values = condition.values;
    boolean[] nulls = condition.mayHaveNulls ? condition.nulls : null;
    int count = 0;
    for (int i = 0; i < n; i++) {
      int row = rowIds[i];
      if (values[row] && (nulls == null || !nulls[row])) {
        groups[count] = groupIds[i];
        rows[count] = row;
        count++;
      }
    }
    return count;
  }

  /**
   * Keeps the pairs whose (group, value) {@code pairs} had not seen before, and records them there.
   * New pair ids are handed out in row order, so a pair is new exactly when its id is the next
   * unused one.
   */
  int keepFirstOccurrences(KeyTable pairs, Batch batch, ColumnVector argument, int[] groupIds, int[] rowIds,
      int n) {
    if (pairGroups == null || pairGroups.capacity() < batch.size) {
      pairGroups = new LongVector(Math.max(batch.size, Batch.DEFAULT_CAPACITY));
    }
    for (int i = 0; i < n; i++) {
      pairGroups.values[rowIds[i]] = groupIds[i];
    }
    Batch view = new Batch(new ColumnVector[] {pairGroups, argument}, batch.size);
    int[] viewSelection = rowIds == rows ? rowIds.clone() : rowIds;
    int[] viewGroups = groupIds == groups ? groupIds.clone() : groupIds;
    view.selection = viewSelection;
    view.selectedCount = n;
    int next = pairs.size();
    int[] pairIds = pairs.groupIdsFor(view, new int[] {0, 1});
    ensure(n);
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (pairIds[i] == next) {
        next++;
        groups[count] = viewGroups[i];
        rows[count] = viewSelection[i];
        count++;
      }
    }
    return count;
  }

  /**
   * Over a changelog, keeps the pairs whose value a DISTINCT aggregate sees: its first row arriving
   * ({@code retract} false) or its last row leaving ({@code retract} true), counted in {@code values}.
   */
  int keepDistinctChanges(ValueCounts values, boolean retract, ColumnVector argument, int[] groupIds,
      int[] rowIds, int n) {
    int[] pairIds = values.lookup(argument, groupIds, rowIds, n);
    ensure(n);
    int changed = 0;
    for (int i = 0; i < n; i++) {
      int p = pairIds[i];
      if (retract ? values.decrement(p) : values.increment(p)) {
        groups[changed] = groupIds[i];
        rows[changed++] = rowIds[i];
      }
    }
    return changed;
  }
}
