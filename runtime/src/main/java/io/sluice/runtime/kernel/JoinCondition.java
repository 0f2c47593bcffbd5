package io.sluice.runtime.kernel;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.generated.FilterProject;

/**
 * The residual (non-equi) part of a join condition, evaluated over candidate joined rows laid
 * out as left columns then right columns.
 */
@FunctionalInterface
public interface JoinCondition {
  /**
   * Writes the physical rows of {@code candidates} (which has no selection) that satisfy the
   * condition into {@code passing}, ascending, and returns how many there are. NULL counts as
   * not satisfied.
   */
  int filter(Batch candidates, int[] passing);

  /** The condition a generated filter computes: the rows its output selection marks. */
  static JoinCondition of(FilterProject filter) {
    return (candidates, passing) -> {
      Batch result = filter.process(candidates);
      if (result.selection == null) {
        for (int i = 0; i < result.size; i++) {
          passing[i] = i;
        }
        return result.size;
      }
      System.arraycopy(result.selection, 0, passing, 0, result.selectedCount);
      return result.selectedCount;
    };
  }
}
