package io.sluice.engine.batch;

import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.data.Batch;
import io.sluice.engine.table.SourceTable;
import io.sluice.runtime.batch.BatchContext;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What the operators of a continuous query share with its loop: the offset range each source
 * reads in the running micro-batch, the event time seen per source, the watermark, and what
 * state waits on the watermark. Operators see it as their {@link BatchContext}.
 */
public final class BatchRanges implements BatchContext {
  /** A source's range: rows after {@code start} up to and including {@code end}. */
  public record Range(String start, String end) {}

  /** No watermark yet: no event time seen. */
  public static final long NO_WATERMARK = Long.MIN_VALUE;

  private final Map<StreamSource, Range> ranges = new IdentityHashMap<>();
  private final Map<StreamSource, Long> maxEventTime = new IdentityHashMap<>();
  private final Map<StreamSource, PartTimes> partTimes = new IdentityHashMap<>();
  private final Map<StreamSource, Long> lastRowsAt = new IdentityHashMap<>();
  private final EventTimeStats eventTimeStats = new EventTimeStats();
  private long watermark = NO_WATERMARK;
  private WatermarkPolicy watermarkPolicy = WatermarkPolicy.MIN;
  private long idleTimeoutMillis = Long.MAX_VALUE;
  private boolean noDataBatches = true;
  private boolean dropLateRows;
  private LateRows lateRows;
  private long lateRowCount;
  private long lateRowsReported;
  /** The smallest window end of state kept by windowed operators after the last batch. */
  private long nextStateDeadline = Long.MAX_VALUE;
  /** The earliest processing time at which keyed state may expire, after the last batch. */
  private long nextExpiry = Long.MAX_VALUE;
  /** The {@code pipeline.state-ttl} option in milliseconds; 0 keeps state until it is no longer needed. */
  private long stateTtlMillis;
  /** Null on the heap backend. */
  private io.sluice.runtime.state.backend.DiskStateBackend diskState;
  /** When windowed aggregations in update mode emit, and how late a row may come for them. */
  private io.sluice.catalog.stream.WindowEmit windowEmit = io.sluice.catalog.stream.WindowEmit.DEFAULT;

  public void set(StreamSource source, String start, String end) {
    ranges.put(source, new Range(start, end));
  }

  /** The source's range in the current batch; null when none was set. */
  public Range get(StreamSource source) {
    return ranges.get(source);
  }

  /** Records event times read from {@code source} (in a batch, or restored from a saved state before any). */
  public synchronized void observeEventTime(StreamSource source, long max) {
    Long seen = maxEventTime.get(source);
    if (seen == null || max > seen) {
      maxEventTime.put(source, max);
    }
    if (batchNumber > 0) {
      lastRowsAt.put(source, batchTime);
    }
  }

  /**
   * Whether {@code source} has read no row with an event time for longer than the idle timeout,
   * in batch time ({@link #setIdleTimeout}); a source not seen since this query started counts
   * from its first batch.
   */
  public synchronized boolean idle(StreamSource source) {
    if (idleTimeoutMillis == Long.MAX_VALUE) {
      return false;
    }
    long last = lastRowsAt.computeIfAbsent(source, s -> batchTime);
    return batchTime - last > idleTimeoutMillis;
  }

  /** The event times the running batch read, for its progress record. */
  public EventTimeStats eventTimeStats() {
    return eventTimeStats;
  }

  /**
   * How a continuous query's event time moves: how the sources' watermarks make the query's
   * ({@code pipeline.watermark-policy}), after how long without rows a source stops holding it
   * back ({@code pipeline.idle-timeout}, milliseconds of processing time; {@link Long#MAX_VALUE}
   * for never), and whether a batch runs without new rows when the watermark has released state
   * ({@code pipeline.no-data-batches}).
   */
  public void setEventTimeOptions(WatermarkPolicy policy, long idleTimeoutMillis, boolean noDataBatches) {
    this.watermarkPolicy = policy;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.noDataBatches = noDataBatches;
  }

  public WatermarkPolicy watermarkPolicy() {
    return watermarkPolicy;
  }

  /** Whether a batch without new rows runs when the watermark or a time-to-live has released state. */
  public boolean noDataBatches() {
    return noDataBatches;
  }

  /**
   * Records that part {@code part} of {@code source} held rows up to event time {@code max} in the
   * running batch (a source made of parts, such as Kafka partitions).
   */
  public synchronized void observePartEventTime(StreamSource source, int part, long max) {
    PartTimes times = partTimes.computeIfAbsent(source, s -> new PartTimes());
    times.observe(part, max, batchTime);
  }

  /**
   * The largest event time the watermark of {@code source}, made of {@code parts} parts, may build
   * on: the smallest over parts of the largest event time each showed, leaving out parts without
   * new rows for longer than {@code idleMillis} of batch time; {@link Long#MIN_VALUE} while a part
   * that is not idle has shown none yet (after a start or restart), {@link Long#MAX_VALUE} when
   * every part is idle.
   */
  public synchronized long partEventTimeBound(StreamSource source, int parts, long idleMillis) {
    return partTimes.computeIfAbsent(source, s -> new PartTimes()).bound(parts, idleMillis, batchTime);
  }

  /** The largest event time read from the source so far, or null. */
  public synchronized Long maxEventTime(StreamSource source) {
    return maxEventTime.get(source);
  }

  /** The watermark the running batch works with: event time before which windows are final. */
  public synchronized long watermark() {
    return watermark;
  }

  /**
   * The watermark scans drop late rows by: the query's watermark, moved back by the allowed
   * lateness of {@code pipeline.window.allowed-lateness} (a row at or below it is late).
   */
  public synchronized long lateThrough() {
    return windowEmit.lateThrough(watermark);
  }

  /** Sets when windowed aggregations in update mode emit ({@code pipeline.window.*}). */
  public void setWindowEmit(io.sluice.catalog.stream.WindowEmit emit) {
    this.windowEmit = emit;
  }

  public io.sluice.catalog.stream.WindowEmit windowEmit() {
    return windowEmit;
  }

  /** Moves the watermark forward; it never goes back. */
  public synchronized void advanceWatermark(long candidate) {
    if (candidate > watermark) {
      watermark = candidate;
    }
  }

  /** Where rows behind the watermark go, besides being counted. */
  public interface LateRows {
    /** Takes the physical rows {@code rows[0 .. count)} of {@code batch}, read from {@code source}. */
    void accept(SourceTable source, Batch batch, int[] rows, int count);
  }

  private long batchTime;

  /** Marks the start of a batch at processing time {@code millis} (what state time-to-live measures). */
  public void startBatch(long millis) {
    batchTime = millis;
    batchNumber++;
  }

  private long batchNumber;

  /** Counts the batches run (operators that run more than once per batch tell the batches apart by it). */
  public long batchNumber() {
    return batchNumber;
  }

  /** The processing time the running batch started at. */
  public long batchTime() {
    return batchTime;
  }

  /** Whether scans drop rows behind the watermark: set when an operator keeps state until the watermark passes. */
  public void dropLateRows(boolean drop) {
    this.dropLateRows = drop;
  }

  public boolean dropsLateRows() {
    return dropLateRows;
  }

  private boolean keepLateRows;

  /** Asks scans to read every column of their source, so that late rows can go whole to a late-rows sink. */
  public void keepLateRows() {
    keepLateRows = true;
  }

  public boolean keepsLateRows() {
    return keepLateRows;
  }

  private DeadLetters deadLetters;
  private String scannedSource;
  private Range scannedRange;
  private Batch scannedBatch;
  private long scannedRowsBefore;

  /**
   * Notes the batch a stream scan passes on: its rows are the rows from {@code rowsBefore} on of
   * what {@code source} gave for {@code range} in this micro-batch (null when replayed).
   */
  public void scanned(String source, Range range, Batch batch, long rowsBefore) {
    scannedSource = source;
    scannedRange = range;
    scannedBatch = range == null ? null : batch;
    scannedRowsBefore = rowsBefore;
  }

  /**
   * Where row {@code row} (physical) of {@code batch} comes from, if {@code batch} is the one a
   * scan passed on last: "source raw, offset 4" for sources whose offsets count rows, else "source
   * raw, row 3 of its rows in offsets a..b". Null when it is not known.
   */
  public String sourcePosition(Batch batch, int row) {
    if (batch != scannedBatch || scannedRange == null) {
      return null;
    }
    long index = scannedRowsBefore + row;
    try {
      return "source " + scannedSource + ", offset " + Math.addExact(Long.parseLong(scannedRange.start()), index);
    } catch (NumberFormatException | ArithmeticException e) {
      return "source " + scannedSource + ", row " + (index + 1) + " of its rows in offsets " + scannedRange.start()
          + ".." + scannedRange.end();
    }
  }

  /** Rows that make an expression fail go to {@code target} (a dead-letter sink) instead of failing the batch. */
  public void sendDeadLettersTo(DeadLetters target) {
    this.deadLetters = target;
  }

  /** Where rows that make an expression fail go, or null: then they fail the query. */
  public DeadLetters deadLetters() {
    return deadLetters;
  }

  /** Sends late rows to {@code target} (a late-rows sink) as well as counting them. */
  public void sendLateRowsTo(LateRows target) {
    this.lateRows = target;
  }

  /** Records rows a scan found behind the watermark: counted, and written to the late-rows sink if any. */
  public void lateRows(SourceTable source, Batch batch, int[] rows, int count) {
    countLateRows(count);
    if (lateRows != null) {
      lateRows.accept(source, batch, rows, count);
    }
  }

  public synchronized void countLateRows(long rows) {
    lateRowCount += rows;
  }

  /** Late rows dropped since the last call. */
  public synchronized long takeLateRows() {
    long delta = lateRowCount - lateRowsReported;
    lateRowsReported = lateRowCount;
    return delta;
  }

  public synchronized long nextStateDeadline() {
    return nextStateDeadline;
  }

  /** Set by windowed operators after each batch; the minimum over them is kept. */
  public synchronized void resetStateDeadline() {
    nextStateDeadline = Long.MAX_VALUE;
    nextExpiry = Long.MAX_VALUE;
  }

  /**
   * Sets the state time-to-live: keyed state (groups, deduplication keys, Top-N partitions) that
   * no row touched for this long, in processing time, is dropped. 0 (the default) keeps it.
   */
  public void setStateTtl(long millis) {
    this.stateTtlMillis = millis;
  }

  /** The state time-to-live in milliseconds, or 0 for none. */
  public long stateTtlMillis() {
    return stateTtlMillis;
  }

  /** Sets the disk state backend ({@code pipeline.state.backend = 'disk'}) the query's keyed state may use. */
  public void setDiskState(io.sluice.runtime.state.backend.DiskStateBackend backend) {
    this.diskState = backend;
  }

  /** The disk state backend, or null when state stays on the heap (the default). */
  public io.sluice.runtime.state.backend.DiskStateBackend diskState() {
    return diskState;
  }

  /** Deletes the disk state backend's stores: the query ended. */
  public void closeDiskState() {
    if (diskState != null) {
      diskState.close();
    }
  }

  /** Says that some state expires at processing time {@code millis}: a batch then runs even without new rows. */
  public synchronized void stateExpiresAt(long millis) {
    nextExpiry = Math.min(nextExpiry, millis);
  }

  /** The earliest processing time at which state expires, or {@link Long#MAX_VALUE}. */
  public synchronized long nextExpiry() {
    return nextExpiry;
  }

  public synchronized void stateWaitsUntil(long eventTime) {
    nextStateDeadline = Math.min(nextStateDeadline, eventTime);
  }

  /** Per part of one source: the largest event time shown and the batch time of its last rows. */
  private static final class PartTimes {
    private long[] maxEventTime = new long[0];
    private long[] lastRows = new long[0];

    void observe(int part, long max, long now) {
      grow(part + 1, now);
      maxEventTime[part] = Math.max(maxEventTime[part], max);
      lastRows[part] = now;
    }

    long bound(int parts, long idleMillis, long now) {
      grow(parts, now);
      long bound = Long.MAX_VALUE;
      for (int p = 0; p < parts; p++) {
        boolean idle = idleMillis != Long.MAX_VALUE && now - lastRows[p] > idleMillis;
        if (!idle) {
          bound = Math.min(bound, maxEventTime[p]);
        }
      }
      return bound;
    }

    private void grow(int parts, long now) {
      if (parts > maxEventTime.length) {
        int old = maxEventTime.length;
        maxEventTime = java.util.Arrays.copyOf(maxEventTime, parts);
        lastRows = java.util.Arrays.copyOf(lastRows, parts);
        java.util.Arrays.fill(maxEventTime, old, parts, Long.MIN_VALUE);
        java.util.Arrays.fill(lastRows, old, parts, now); // a part new to the query counts idle from now
      }
    }
  }
}
