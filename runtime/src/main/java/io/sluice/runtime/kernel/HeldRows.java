package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import java.util.List;

/**
 * Rows read but not yet applied to the state they are for, held for early firing (a SESSION
 * window's rows wait so that the changes they make are emitted together after a delay), with the
 * processing time the first of them came. Few: at most the rows of one early-fire delay, so
 * snapshots and deltas write them whole.
 */
final class HeldRows {
  private final ColumnarRows rows;
  private final int timeColumn;
  private long since;

  /** @param timeColumn a non-NULL event-time column of the rows */
  HeldRows(List<DataType> types, int timeColumn) {
    this.rows = new ColumnarRows(types);
    this.timeColumn = timeColumn;
  }

  /** Holds rows {@code selected[0 .. count)} of {@code batch}, read at processing time {@code batchTime}. */
  void add(Batch batch, int[] selected, int count, long batchTime) {
    if (rows.size() == 0) {
      since = batchTime;
    }
    rows.appendRows(batch, null, selected, count);
  }

  int size() {
    return rows.size();
  }

  /** The processing time the first held row came. */
  long since() {
    return since;
  }

  /** The smallest event time held, or {@link Long#MAX_VALUE}. */
  long earliestTime() {
    long earliest = Long.MAX_VALUE;
    long[] times = rows.longs(timeColumn);
    for (int r = 0; r < rows.size(); r++) {
      earliest = Math.min(earliest, times[r]);
    }
    return earliest;
  }

  /** The held rows, in arrival order. */
  ColumnarRows rows() {
    return rows;
  }

  void clear() {
    rows.clear();
  }

  long estimatedBytes() {
    return rows.estimatedBytes();
  }

  void writeTo(java.io.DataOutput out) throws java.io.IOException {
    rows.writeTo(out);
    out.writeLong(since);
  }

  void readFrom(java.io.DataInput in) throws java.io.IOException {
    rows.readFrom(in);
    since = in.readLong();
  }
}
