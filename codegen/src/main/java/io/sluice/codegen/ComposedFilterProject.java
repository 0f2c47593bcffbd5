package io.sluice.codegen;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.runtime.generated.FilterProject;

/**
 * A filter and projection run as separate compiled pieces: the condition's class marks the rows
 * that pass, then each projection's class computes its one column over those rows. Each piece is
 * a class of its own over only the columns it reads (numbered from 0), found in the
 * {@link CodeCache} by its own source, so that queries sharing an expression (but not their whole
 * SELECT list, nor the place of its columns) compile only what is new. Used for inputs the planner
 * expects to be small, where compiling costs more than the loops do; it evaluates the expressions
 * in the order and over the rows the fused class does, so both give the same results and errors.
 *
 * <p>Allocates nothing per batch: each piece's view of the input and the output batch are kept.
 * Not thread-safe, like every {@link FilterProject}.
 */
final class ComposedFilterProject implements FilterProject {
  private final FilterProject filter;
  private final int[] filterColumns;
  private final Batch filterView;
  /** Per output column the piece computing it, or null where the column is the input's {@code columns[i][0]}. */
  private final FilterProject[] pieces;
  /** Per output column the input columns its piece reads, in the piece's order. */
  private final int[][] columns;
  private final Batch[] views;
  private final Batch out;

  ComposedFilterProject(FilterProject filter, int[] filterColumns, FilterProject[] pieces, int[][] columns) {
    this.filter = filter;
    this.filterColumns = filterColumns;
    this.filterView = filter == null ? null : new Batch(new ColumnVector[filterColumns.length], 0);
    this.pieces = pieces;
    this.columns = columns;
    this.views = new Batch[pieces.length];
    for (int i = 0; i < pieces.length; i++) {
      views[i] = pieces[i] == null ? null : new Batch(new ColumnVector[columns[i].length], 0);
    }
    this.out = new Batch(new ColumnVector[pieces.length], 0);
  }

  @Override
  public Batch process(Batch in) {
    int[] selection = in.selection;
    int selectedCount = in.selectedCount;
    if (filter != null) {
      Batch passed = filter.process(view(filterView, in, filterColumns, selection, selectedCount));
      selection = passed.selection;
      selectedCount = passed.selectedCount;
    }
    for (int i = 0; i < pieces.length; i++) {
      out.columns[i] = pieces[i] == null ? in.columns[columns[i][0]]
          : pieces[i].process(view(views[i], in, columns[i], selection, selectedCount)).columns[0];
    }
    out.size = in.size;
    out.selection = selection;
    out.selectedCount = selectedCount;
    return out;
  }

  /** {@code view} holding {@code in}'s {@code columns} and the rows {@code selection} marks (null: all). */
  private static Batch view(Batch view, Batch in, int[] columns, int[] selection, int selectedCount) {
    for (int k = 0; k < columns.length; k++) {
      view.columns[k] = in.columns[columns[k]];
    }
    view.size = in.size;
    view.selection = selection;
    view.selectedCount = selectedCount;
    return view;
  }
}
