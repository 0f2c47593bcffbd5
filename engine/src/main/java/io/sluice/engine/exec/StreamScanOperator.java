package io.sluice.engine.exec;

import io.sluice.runtime.batch.Lateness;
import io.sluice.catalog.DataType;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.Batches;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.table.SourceTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a stream source's range of the current micro-batch. It moves the source's event time
 * (so the watermark), drops rows older than the watermark once an operator waits on it (sending
 * them to the late-rows sink), and tells the batch ranges where each row came from, so that a
 * row that fails later is named by its place in the source.
 *
 * <p>Branches of one query that scan a source alike (Nexmark q5 reads bid twice) share one
 * operator and one read per batch: the first to run reads and keeps the rows, the others replay
 * them ({@link #shareWithAnotherBranch}).
 */
public final class StreamScanOperator extends ExecNode {
  private final String tableName;
  private final SourceTable table;
  private final BatchRanges ranges;
  private final ScanRequest request;
  /** The read columns passed on, in the order the plan asked for them; null to pass on every read column. */
  private final int[] columnsOut;
  /** Position of the event-time column among the read columns, or -1. */
  private final int timeAt;
  private final List<DataType> readTypes;
  private final Batch view;
  private int uses = 1;
  private int[] kept = new int[0];
  private int[] late = new int[0];
  private long readInBatch = -1;
  private List<Batch> forReplay;
  private int replays;
  private long read;
  /** Rows the source gave before the batch being passed on, in this micro-batch. */
  private long sourceRowsBefore;
  private BatchRanges.Range readRange;
  /** Passing on rows another branch read: compacted copies, whose positions say nothing. */
  private boolean replaying;

  /**
   * {@code request} reads the columns whose types are {@code readTypes}; of them the operator
   * passes on {@code columnsOut} ({@code requestedCount} columns), or all when it is null.
   */
  public StreamScanOperator(String tableName, SourceTable table, BatchRanges ranges, ScanRequest request,
      List<DataType> readTypes, int requestedCount, int[] columnsOut, int timeAt) {
    super("Scan " + tableName + " (stream)", List.of());
    this.tableName = tableName;
    this.table = table;
    this.ranges = ranges;
    this.request = request;
    this.readTypes = readTypes;
    this.view = new Batch(new ColumnVector[requestedCount], 0);
    this.columnsOut = columnsOut;
    this.timeAt = timeAt;
  }

  /** Another branch of the query scans the source alike and runs this operator too. */
  public void shareWithAnotherBranch() {
    uses++;
  }

  @Override
  long rowsRead() {
    return read;
  }

  @Override
  void execute(BatchConsumer out) {
    if (readInBatch == ranges.batchNumber()) {
      // another branch read this batch already: replay its rows
      replaying = true;
      try {
        for (Batch b : forReplay) {
          project(b, out);
        }
      } finally {
        replaying = false;
      }
      if (++replays == uses - 1) {
        forReplay = null;
      }
      return;
    }
    readInBatch = ranges.batchNumber();
    forReplay = uses > 1 ? new ArrayList<>() : null;
    replays = 0;
    BatchRanges.Range range = ranges.get(table.source());
    if (range == null || range.start().equals(range.end())) {
      return;
    }
    long watermark = ranges.watermark();
    boolean dropLate = timeAt >= 0 && ranges.dropsLateRows() && watermark != BatchRanges.NO_WATERMARK;
    readRange = range;
    sourceRowsBefore = 0;
    table.source().read(range.start(), range.end(), request, batch -> {
      try {
        readSourceBatch(batch, out, watermark, dropLate);
      } finally {
        sourceRowsBefore += batch.size;
      }
    });
  }

  private void readSourceBatch(Batch batch, BatchConsumer out, long watermark, boolean dropLate) {
    if (timeAt < 0) {
      forward(batch, out);
      return;
    }
    LongVector time = (LongVector) batch.columns[timeAt];
    observe(time, batch);
    if (!dropLate) {
      forward(batch, out);
      return;
    }
    int n = batch.rowCount();
    if (kept.length < n) {
      kept = new int[Math.max(n, Batch.DEFAULT_CAPACITY)];
      late = new int[kept.length];
    }
    int keptCount = 0;
    int lateCount = 0;
    for (int k = 0; k < n; k++) {
      int row = batch.row(k);
      if (!time.isNull(row) && Lateness.isLate(time.values[row], watermark)) {
        late[lateCount++] = row;
      } else {
        kept[keptCount++] = row;
      }
    }
    if (lateCount == 0) {
      forward(batch, out);
      return;
    }
    ranges.lateRows(table, batch, late, lateCount);
    if (keptCount == 0) {
      return;
    }
    int[] selection = batch.selection;
    int selected = batch.selectedCount;
    batch.selection = kept;
    batch.selectedCount = keptCount;
    forward(batch, out);
    batch.selection = selection;
    batch.selectedCount = selected;
  }

  /** Moves the source's event time to the batch's latest, and adds the batch's event times to the batch's statistics. */
  private void observe(LongVector time, Batch batch) {
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    long count = 0;
    long base = 0;
    double offsets = 0; // event times minus the first: their sum keeps its precision
    int n = batch.rowCount();
    for (int k = 0; k < n; k++) {
      int row = batch.row(k);
      if (time.isNull(row)) {
        continue;
      }
      long t = time.values[row];
      if (count++ == 0) {
        base = t;
      }
      offsets += t - base;
      max = Math.max(max, t);
      min = Math.min(min, t);
    }
    if (count > 0) {
      ranges.observeEventTime(table.source(), max);
      ranges.eventTimeStats().add(min, max, base + offsets / count, count);
    }
  }

  /** Rows read from the source (late rows left out): kept for the branches that replay them, and passed on. */
  private void forward(Batch batch, BatchConsumer out) {
    if (forReplay != null) {
      forReplay.add(Batches.compactCopy(batch, readTypes));
    }
    read += batch.rowCount();
    project(batch, out);
  }

  private void project(Batch batch, BatchConsumer out) {
    if (columnsOut == null) {
      passOn(batch, out);
      return;
    }
    for (int i = 0; i < columnsOut.length; i++) {
      view.columns[i] = batch.columns[columnsOut[i]];
    }
    view.size = batch.size;
    view.selection = batch.selection;
    view.selectedCount = batch.selectedCount;
    passOn(view, out);
  }

  /** Passes rows on, telling where they are in the source so that a row that fails can be named by it. */
  private void passOn(Batch batch, BatchConsumer out) {
    ranges.scanned(tableName, replaying ? null : readRange, batch, sourceRowsBefore);
    out.accept(batch);
  }
}
