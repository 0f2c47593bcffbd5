package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.batch.Lateness;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.kernel.TopN;
import io.sluice.runtime.state.StateFormat;
import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.StatefulOperator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Top-N per window (Flink's window Top-N and window deduplication): a ROW_NUMBER partitioned by a
 * window's bounds keeps each open window's best rows per partition, and emits them once, in rank
 * order, when the watermark passes the window's end; the window's state is dropped then. A row
 * of a window already emitted is late and dropped. The filter and projection above the ranking
 * are applied to the rows it emits.
 */
public final class WindowRankOperator extends AbstractOperator implements StatefulOperator {
  /** Version of the snapshot format: the closed-through time, then per open window its end and Top-N. */
  private static final int STATE_VERSION = 1;

  private final List<DataType> inputTypes;
  private final int[] partitionKeys;
  private final List<SortKey> order;
  private final int limit;
  private final int windowColumn;
  private final long addToEnd;
  private final FilterProject program;
  private final TreeMap<Long, TopN> windows = new TreeMap<>();
  /** Scratch: the selected rows of the running input batch that fall in one window. */
  private int[] windowRows = new int[Batch.DEFAULT_CAPACITY];
  /** Windows ending at or before this were emitted by an earlier batch. */
  private long closedThrough = Long.MIN_VALUE;
  /** Changelog checkpoints: the ends of the windows open at the last one (their Top-Ns record their changes); null before. */
  private long[] baseEnds;

  /**
   * @param windowColumn the input column that bounds a row's window (window_end, or a fixed
   *     window_start), whose value plus {@code addToEnd} is the window's end
   * @param program the filter and projection above the ranking (input columns, then the rank)
   */
  public WindowRankOperator(String name, List<DataType> inputTypes, int[] partitionKeys, List<SortKey> order,
      int limit, int windowColumn, long addToEnd, FilterProject program) {
    super(name);
    this.inputTypes = List.copyOf(inputTypes);
    this.partitionKeys = partitionKeys.clone();
    this.order = List.copyOf(order);
    this.limit = limit;
    this.windowColumn = windowColumn;
    this.addToEnd = addToEnd;
    this.program = program;
  }

  @Override
  public void input(int port, Batch batch) {
    LongVector ends = (LongVector) batch.columns[windowColumn];
    int n = batch.rowCount();
    int[] savedSelection = batch.selection;
    int savedCount = batch.selectedCount;
    if (windowRows.length < n) {
      windowRows = new int[n];
    }
    // rows mostly come in runs of one window (window assigners and windowed aggregations emit
    // them so): each run goes to its window's Top-N as a selection
    long late = 0;
    int k = 0;
    while (k < n) {
      long end = endOf(ends, batch.row(k));
      int count = 0;
      while (k < n && endOf(ends, batch.row(k)) == end) {
        windowRows[count++] = batch.row(k++);
      }
      if (Lateness.isClosed(end, closedThrough)) {
        late += count;
        continue;
      }
      TopN topN = windows.get(end);
      if (topN == null) {
        topN = TopN.changelog(inputTypes, partitionKeys, order, limit, false);
        windows.put(end, topN);
      }
      batch.selection = windowRows;
      batch.selectedCount = count;
      topN.add(batch, 0);
      batch.selection = savedSelection;
      batch.selectedCount = savedCount;
    }
    if (late > 0) {
      context.countLateRows(late);
    }
  }

  /** The end of a row's window; a NULL time (a partition by an event-time column) is final only at the end of input. */
  private long endOf(LongVector ends, int row) {
    return ends.isNull(row) ? Long.MAX_VALUE : ends.values[row] + addToEnd;
  }

  @Override
  public void endBatch() {
    long watermark = context.watermark();
    closedThrough = Math.max(closedThrough, watermark);
    while (!windows.isEmpty() && Lateness.isClosed(windows.firstKey(), watermark)) {
      windows.pollFirstEntry().getValue().emitAll(this::project);
    }
    for (TopN open : windows.values()) {
      open.settle();
    }
    if (!windows.isEmpty()) {
      context.stateWaitsUntil(Lateness.releasedAt(windows.firstKey()));
    }
  }

  private void project(Batch batch) {
    Batch result = program.process(batch);
    if (result.rowCount() > 0) {
      result.kinds = null;
      output.accept(result);
    }
  }

  @Override
  public long stateRows() {
    long rows = 0;
    for (TopN topN : windows.values()) {
      rows += topN.heldRows();
    }
    return rows;
  }

  @Override
  public long stateBytes() {
    long bytes = 0;
    for (TopN topN : windows.values()) {
      bytes += topN.estimatedBytes();
    }
    return bytes;
  }

  @Override
  public boolean pendingOutput() {
    return !windows.isEmpty();
  }

  @Override
  public StateFormat stateFormat() {
    return new StateFormat(STATE_VERSION, name() + ": " + inputTypes + " partitioned by "
        + java.util.Arrays.toString(partitionKeys) + " ordered by " + order + ", first " + limit + " per window of column "
        + windowColumn + " (end + " + addToEnd + ")");
  }

  @Override
  public void snapshot(java.io.DataOutput out) throws java.io.IOException {
    stateFormat().writeHeader(out);
    out.writeLong(closedThrough);
    out.writeInt(windows.size());
    for (Map.Entry<Long, TopN> e : windows.entrySet()) {
      out.writeLong(e.getKey());
      e.getValue().writeTo(out);
    }
  }

  @Override
  public void restore(java.io.DataInput in) throws java.io.IOException {
    stateFormat().readHeader(in);
    windows.clear();
    closedThrough = in.readLong();
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      long end = in.readLong();
      TopN topN = TopN.changelog(inputTypes, partitionKeys, order, limit, false);
      topN.readFrom(in);
      windows.put(end, topN);
    }
  }

  @Override
  public void markDeltaBase() {
    baseEnds = new long[windows.size()];
    int i = 0;
    for (Map.Entry<Long, TopN> e : windows.entrySet()) {
      baseEnds[i++] = e.getKey();
      e.getValue().markDeltaBase();
    }
  }

  /** Deltas hold the windows closed since the last checkpoint by end, those opened in full, and the others' Top-N deltas. */
  @Override
  public boolean deltaReady() {
    return baseEnds != null;
  }

  @Override
  public void snapshotDelta(java.io.DataOutput out) throws java.io.IOException {
    stateFormat().writeHeader(out);
    out.writeLong(closedThrough);
    long[] closed = new long[baseEnds.length];
    int closedCount = 0;
    for (long end : baseEnds) {
      if (!windows.containsKey(end)) {
        closed[closedCount++] = end;
      }
    }
    StateIO.writeArray(out, closed, closedCount);
    out.writeInt(windows.size());
    for (Map.Entry<Long, TopN> e : windows.entrySet()) {
      boolean opened = java.util.Arrays.binarySearch(baseEnds, e.getKey()) < 0;
      out.writeLong(e.getKey());
      out.writeBoolean(opened);
      if (opened) {
        e.getValue().writeTo(out);
      } else {
        e.getValue().writeDelta(out);
      }
    }
  }

  @Override
  public void applyDelta(java.io.DataInput in) throws java.io.IOException {
    stateFormat().readHeader(in);
    closedThrough = in.readLong();
    Object closed = StateIO.readArray(in, 0);
    if (!(closed instanceof long[] ends)) {
      throw StateIO.corrupt("closed windows that are not longs");
    }
    for (long end : ends) {
      if (windows.remove(end) == null) {
        throw StateIO.corrupt("a closed window ending at " + end + " that was not open");
      }
    }
    int count = StateIO.readCount(in, Integer.MAX_VALUE, "a window count");
    for (int i = 0; i < count; i++) {
      long end = in.readLong();
      boolean opened = in.readBoolean();
      TopN topN = windows.get(end);
      if (opened == (topN != null)) {
        throw StateIO.corrupt("the window ending at " + end + (opened ? " opened again" : " changed but not open"));
      }
      if (opened) {
        topN = TopN.changelog(inputTypes, partitionKeys, order, limit, false);
        topN.readFrom(in);
        windows.put(end, topN);
      } else {
        topN.applyDelta(in);
      }
    }
    if (windows.size() != count) {
      throw StateIO.corrupt(windows.size() + " open windows after a delta that lists " + count);
    }
  }

  @Override
  public String lastChoice() {
    return windows.size() + " open windows";
  }
}
