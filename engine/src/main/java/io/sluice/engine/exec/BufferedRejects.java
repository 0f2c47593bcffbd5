package io.sluice.engine.exec;

import io.sluice.catalog.connector.RejectedRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rejected rows of one split read on a worker, kept until the query's thread reports them,
 * in split order, to the scan's own {@link RejectedRows} (which is not shared between threads).
 * Only bad rows pass here, so copying their text costs nothing while input is clean.
 */
final class BufferedRejects implements RejectedRows {
  private record Rejected(String file, long line, long column, String reason, byte[] raw, boolean kept,
      long rowsBefore) {}

  private final List<Rejected> rows = new ArrayList<>();
  /** What the lines and row positions are shifted by when reported: the place of the split in its file. */
  private long lineShift;
  private long rowShift;

  @Override
  public void rejected(String file, long line, long column, String reason, byte[] raw, int rawFrom, int rawTo,
      boolean kept, long rowsBefore) {
    byte[] copy = raw == null ? null : Arrays.copyOfRange(raw, rawFrom, rawTo);
    rows.add(new Rejected(file, line, column, reason, copy, kept, rowsBefore));
  }

  /**
   * Reports the lines and row positions moved on by {@code lines} and {@code rows}: for a split
   * that numbers them from its own start ({@link io.sluice.catalog.connector.RangeSplit}).
   */
  void shiftBy(long lines, long rows) {
    lineShift = lines;
    rowShift = rows;
  }

  /** Reports the kept rows to {@code target}, in the order the split rejected them. */
  void replayTo(RejectedRows rejects) {
    RejectedRows target = rejects.shiftedBy(lineShift, rowShift);
    for (Rejected r : rows) {
      target.rejected(r.file(), r.line(), r.column(), r.reason(), r.raw(), 0, r.raw() == null ? 0 : r.raw().length,
          r.kept(), r.rowsBefore());
    }
  }
}
