package io.sluice.engine.batch;

/**
 * The event times one micro-batch read: smallest, largest and mean, over every row with an event
 * time that its scans read (late rows too, as Spark's {@code eventTime} block counts them). The
 * mean is kept as a running mean, not a sum, so that many timestamps cannot overflow it.
 */
public final class EventTimeStats {
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;
  private double mean;
  private long count;

  /** Adds {@code rows} rows (at least one) whose event times range from {@code low} to {@code high} with mean {@code avg}. */
  public synchronized void add(long low, long high, double avg, long rows) {
    min = Math.min(min, low);
    max = Math.max(max, high);
    count += rows;
    mean += (avg - mean) * ((double) rows / count);
  }

  /** Rows with an event time read since the last {@link #reset}. */
  public synchronized long count() {
    return count;
  }

  public synchronized long min() {
    return min;
  }

  public synchronized long max() {
    return max;
  }

  /** The mean event time, rounded to the millisecond. */
  public synchronized long avg() {
    return Math.round(mean);
  }

  /** Starts over, for the next batch. */
  public synchronized void reset() {
    min = Long.MAX_VALUE;
    max = Long.MIN_VALUE;
    mean = 0;
    count = 0;
  }
}
