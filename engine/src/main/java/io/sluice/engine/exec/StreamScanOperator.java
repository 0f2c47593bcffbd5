package io.sluice.engine.exec;

import io.sluice.runtime.batch.Lateness;
import io.sluice.catalog.DataType;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.ScanSplit;
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
 *
 * <p>A source that cuts its ranges into splits is read by workers ({@link SplitScan}), unless
 * branches share the scan or late rows go to a sink: each worker drops late rows and notes event
 * times as this operator would, and the query's thread applies what they saw in split order.
 */
public final class StreamScanOperator extends AbstractScan {
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
  /** The watermark of the batch being read in splits, and whether rows behind it are dropped. */
  private long splitWatermark;
  private boolean splitDropsLate;
  /** The event times of the batch being passed on, on the query's thread. */
  private final SplitResult observed = new SplitResult();
  /** Time spent inside the source's reads, for the batch's read phase. */
  private final ReadTime readTime = new ReadTime();

  /**
   * {@code request} reads the columns whose types are {@code readTypes}; of them the operator
   * passes on {@code columnsOut} ({@code requestedCount} columns), or all when it is null.
   */
  public StreamScanOperator(String tableName, SourceTable table, BatchRanges ranges, ScanRequest request,
      List<DataType> readTypes, int requestedCount, int[] columnsOut, int timeAt) {
    super("Scan " + tableName + " (stream)");
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
  public long rowsRead() {
    return read;
  }

  @Override
  public long takeReadNanos() {
    return readTime.take();
  }

  @Override
  public void countReadTime(long nanos) {
    readTime.add(nanos);
  }

  /** Reads the source's range of this micro-batch (or replays another branch's read of it). */
  @Override
  public void read(BatchConsumer downstream) {
    BatchConsumer out = counting(downstream);
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
    long watermark = ranges.lateThrough();
    boolean dropLate = dropsLate(watermark);
    readRange = range;
    sourceRowsBefore = 0;
    readTime.readStarts();
    try {
      table.source().read(range.start(), range.end(), request, batch -> readSourceBatch(batch, out, watermark, dropLate));
    } finally {
      readTime.readEnds();
    }
  }

  private boolean dropsLate(long watermark) {
    return timeAt >= 0 && ranges.dropsLateRows() && watermark != BatchRanges.NO_WATERMARK;
  }

  @Override
  public List<ScanSplit> splits(int parallelism) {
    if (uses > 1 || ranges.keepsLateRows()) {
      return List.of(); // shared reads are replayed, and late rows go whole to their sink: one thread
    }
    BatchRanges.Range range = ranges.get(table.source());
    if (range == null || range.start().equals(range.end())) {
      return List.of();
    }
    List<ScanSplit> splits = table.source().splits(range.start(), range.end(), request, parallelism);
    if (splits.size() > 1) {
      readInBatch = ranges.batchNumber();
      readRange = range;
      sourceRowsBefore = 0;
      // the workers read these: the tasks that read the splits are submitted after this write
      splitWatermark = ranges.lateThrough();
      splitDropsLate = dropsLate(splitWatermark);
    }
    return splits;
  }

  @Override
  public Worker newWorker() {
    // the worker's own view of each source batch: the columns passed on, with late rows left out
    Batch workerView = new Batch(new ColumnVector[columnsOut == null ? readTypes.size() : columnsOut.length], 0);
    int[][] keptRows = {new int[0]};
    return (source, result) -> {
      for (int i = 0; i < workerView.columns.length; i++) {
        workerView.columns[i] = source.columns[columnsOut == null ? i : columnsOut[i]];
      }
      workerView.size = source.size;
      workerView.selection = source.selection;
      workerView.selectedCount = source.selectedCount;
      workerView.kinds = source.kinds;
      if (timeAt < 0) {
        return workerView;
      }
      LongVector time = (LongVector) source.columns[timeAt];
      noteEventTimes(time, source, result);
      if (!splitDropsLate) {
        return workerView;
      }
      long watermark = splitWatermark;
      int n = source.rowCount();
      if (keptRows[0].length < n) {
        keptRows[0] = new int[Math.max(n, Batch.DEFAULT_CAPACITY)];
      }
      int[] keep = keptRows[0];
      int kept = 0;
      for (int k = 0; k < n; k++) {
        int row = source.row(k);
        if (time.isNull(row) || !Lateness.isLate(time.values[row], watermark)) {
          keep[kept++] = row;
        }
      }
      result.lateRows += n - kept;
      if (kept == 0) {
        return null;
      }
      if (kept < n) {
        workerView.selection = keep;
        workerView.selectedCount = kept;
      }
      return workerView;
    };
  }

  /** Adds the event times of {@code batch} to {@code result}: lowest, highest, first, count and sum past the first. */
  private static void noteEventTimes(LongVector time, Batch batch, SplitResult result) {
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    long count = 0;
    long base = 0;
    double offsets = 0;
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
      result.eventTimes(min, max, base, offsets, count);
    }
  }

  @Override
  public void apply(SplitResult result) {
    applyEventTimes(result);
    if (result.lateRows > 0) {
      ranges.countLateRows(result.lateRows);
    }
    result.rejects.replayTo(request.rejects());
    read += result.keptRows;
    rowsPassed += result.keptRows;
    sourceRowsBefore += result.sourceRows;
  }

  @Override
  public void readSerially(ScanSplit split, long rowsBefore, BatchConsumer out) {
    long watermark = ranges.lateThrough();
    boolean dropLate = dropsLate(watermark);
    sourceRowsBefore = rowsBefore;
    BatchConsumer counted = counting(out);
    readTime.readStarts();
    try {
      split.read(request.rejects(), batch -> readSourceBatch(batch, counted, watermark, dropLate));
    } finally {
      readTime.readEnds();
    }
  }

  /** Passes on one batch the source gave, then counts its rows among those read before the next. */
  private void readSourceBatch(Batch batch, BatchConsumer out, long watermark, boolean dropLate) {
    readTime.chunkArrives();
    try {
      passOnSourceBatch(batch, out, watermark, dropLate);
    } finally {
      sourceRowsBefore += batch.size;
      readTime.chunkPassedOn();
    }
  }

  private void passOnSourceBatch(Batch batch, BatchConsumer out, long watermark, boolean dropLate) {
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
    observed.clearEventTimes();
    noteEventTimes(time, batch, observed);
    applyEventTimes(observed);
  }

  private void applyEventTimes(SplitResult result) {
    for (int i = 0; i < result.timedBatches(); i++) {
      ranges.observeEventTime(table.source(), result.max(i));
      ranges.eventTimeStats().add(result.min(i), result.max(i), result.base(i) + result.offsetSum(i) / result.count(i),
          result.count(i));
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
    view.kinds = batch.kinds;
    passOn(view, out);
  }

  /** Passes rows on, telling where they are in the source so that a row that fails can be named by it. */
  private void passOn(Batch batch, BatchConsumer out) {
    ranges.scanned(tableName, replaying ? null : readRange, batch, sourceRowsBefore);
    out.accept(batch);
  }
}
