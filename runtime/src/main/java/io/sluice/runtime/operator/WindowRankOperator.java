package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.batch.Lateness;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.kernel.TopN;
import io.sluice.runtime.state.StateFormat;
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
  public String lastChoice() {
    return windows.size() + " open windows";
  }
}
