package io.sluice.codegen;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.runtime.generated.FilterProject;

/**
 * A filter and projection run as separate compiled pieces: the condition's class marks the rows
 * that pass, then each projection's class computes its one column over those rows. Each piece is
 * a class of its own, found in the {@link CodeCache} by its own source, so that queries sharing an
 * expression (but not their whole SELECT list) compile only what is new. Used for inputs the
 * planner expects to be small, where compiling costs more than the loops do; it evaluates the
 * expressions in the order and over the rows the fused class does, so both give the same results
 * and the same errors.
 *
 * <p>Allocates nothing per batch: the view of the input with the filter's selection and the
 * output batch are kept. Not thread-safe, like every {@link FilterProject}.
 */
final class ComposedFilterProject implements FilterProject {
  private final FilterProject filter;
  /** Per output column the piece computing it, or null where {@link #references} names an input column. */
  private final FilterProject[] pieces;
  private final int[] references;
  private Batch view;
  private final Batch out;

  ComposedFilterProject(FilterProject filter, FilterProject[] pieces, int[] references) {
    this.filter = filter;
    this.pieces = pieces;
    this.references = references;
    this.out = new Batch(new ColumnVector[pieces.length], 0);
  }

  @Override
  public Batch process(Batch in) {
    Batch rows = in;
    if (filter != null) {
      Batch passed = filter.process(in);
      rows = viewOf(in, passed.selection, passed.selectedCount);
    }
    for (int i = 0; i < pieces.length; i++) {
      out.columns[i] = pieces[i] == null ? in.columns[references[i]] : pieces[i].process(rows).columns[0];
    }
    out.size = rows.size;
    out.selection = rows.selection;
    out.selectedCount = rows.selectedCount;
    return out;
  }

  /** {@code in}'s columns with {@code selection}: a view kept from batch to batch, its columns swapped in. */
  private Batch viewOf(Batch in, int[] selection, int selectedCount) {
    if (view == null || view.columns.length != in.columns.length) {
      view = new Batch(new ColumnVector[in.columns.length], 0);
    }
    System.arraycopy(in.columns, 0, view.columns, 0, in.columns.length);
    view.size = in.size;
    view.selection = selection;
    view.selectedCount = selectedCount;
    return view;
  }
}
