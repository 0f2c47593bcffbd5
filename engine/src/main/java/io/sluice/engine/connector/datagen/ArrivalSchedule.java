package io.sluice.engine.connector.datagen;

import java.util.function.LongSupplier;

/**
 * When rows of a generator become available: at a fixed rate of wall-clock time, counted from
 * the first time the engine asks (so a source resumed from a checkpoint continues at its rate
 * from where it stopped, instead of waiting for the clock to catch up or bursting), capped
 * by a total and a per-batch maximum.
 */
public final class ArrivalSchedule {
  private final double rowsPerSecond;
  private final long totalRows;
  private final long maxRowsPerBatch;
  private final LongSupplier nanoClock;
  private boolean anchored;
  private long anchorNanos;
  private long anchorRows;

  /**
   * @param rowsPerSecond the rate; {@link Double#POSITIVE_INFINITY} makes every row available at once
   * @param totalRows rows in all, or {@link Long#MAX_VALUE} for no end
   * @param maxRowsPerBatch most rows in one batch, or {@link Long#MAX_VALUE}
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  public ArrivalSchedule(double rowsPerSecond, long totalRows, long maxRowsPerBatch, LongSupplier nanoClock) {
    this.rowsPerSecond = rowsPerSecond;
    this.totalRows = totalRows;
    this.maxRowsPerBatch = maxRowsPerBatch;
    this.nanoClock = nanoClock;
  }

  /** Rows due by now: everything before this offset may be read. */
  public synchronized long dueRows(long start) {
    if (rowsPerSecond == Double.POSITIVE_INFINITY) {
      return totalRows;
    }
    long now = nanoClock.getAsLong();
    if (!anchored) {
      anchored = true;
      anchorNanos = now;
      anchorRows = start;
    }
    // exact for whole rates while elapsed nanoseconds times the rate stays below 2^53
    double due = (double) (now - anchorNanos) * rowsPerSecond / 1e9;
    long rows = due >= (double) (totalRows - anchorRows) ? totalRows : anchorRows + (long) due;
    return Math.min(rows, totalRows);
  }

  /** The end of the batch that starts at {@code start}: never before {@code start}. */
  public long nextEnd(long start) {
    long due = dueRows(start);
    long end = Math.min(due, start > Long.MAX_VALUE - maxRowsPerBatch ? Long.MAX_VALUE : start + maxRowsPerBatch);
    return Math.max(start, end);
  }

  public boolean isFinished(long offset) {
    return offset >= totalRows;
  }

  public double rowsPerSecond() {
    return rowsPerSecond;
  }

  public long totalRows() {
    return totalRows;
  }

  public long maxRowsPerBatch() {
    return maxRowsPerBatch;
  }

  /** The rate as text for EXPLAIN, e.g. "1000 rows/s" or "unlimited". */
  public String describeRate(String unit) {
    if (rowsPerSecond == Double.POSITIVE_INFINITY) {
      return "unlimited";
    }
    String number = rowsPerSecond == Math.rint(rowsPerSecond) ? Long.toString((long) rowsPerSecond)
        : Double.toString(rowsPerSecond);
    return number + " " + unit + "/s";
  }
}
