package io.sluice.engine.exec;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.generated.FilterProject;

/**
 * A batch of a split's rows on its way from a worker to the query's thread, given back once the
 * query's thread has passed it on. Either a copy (of rows read into a buffer the split reuses) or a
 * frame: a batch a split handed over ({@link io.sluice.catalog.connector.HandOverSplit}) together
 * with the scan's view of it and an instance of the compiled filter/projection, whose output
 * points into that batch; the frame's three parts are reused together, so nothing is copied and
 * nothing a batch still in flight points to is overwritten.
 */
final class HandedBatch {
  /** The scan's worker side of a frame; null in a copy. */
  final SplitScan.Worker view;
  /** The compiled filter/projection of a frame, or null (none, or a copy). */
  final FilterProject program;
  /** The batch the split filled, reused by its next read; null in a copy. */
  Batch source;
  /** What passes on: a copy, or the frame's source seen through its view and program. */
  Batch rows;

  private HandedBatch(SplitScan.Worker view, FilterProject program, Batch rows) {
    this.view = view;
    this.program = program;
    this.rows = rows;
  }

  /** A frame with its own view and program. */
  static HandedBatch frame(SplitScan.Worker view, FilterProject program) {
    return new HandedBatch(view, program, null);
  }

  /** A copy held in {@code rows}. */
  static HandedBatch copy(Batch rows) {
    return new HandedBatch(null, null, rows);
  }

  boolean isFrame() {
    return view != null;
  }
}
