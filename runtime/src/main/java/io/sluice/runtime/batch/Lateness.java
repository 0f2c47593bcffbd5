package io.sluice.runtime.batch;

/**
 * The one rule for late rows and closed state, which every operator of a continuous query obeys
 * (Spark's definition; README's "Event time"). The watermark {@code w} says that every row with
 * an event time at or below {@code w} has arrived:
 * <ul>
 *   <li>a row whose event time is at or below the watermark is late: scans drop it before any
 *       operator that keeps state until the watermark passes (deduplication, Top-N and GROUP BY
 *       on an event-time column, stream–stream joins, windows);
 *   <li>a window {@code [start, end)} is closed once {@code end <= w}, in aggregations and window
 *       joins alike: it is emitted (append) and its state dropped, in a batch that runs at once
 *       even without new rows;
 *   <li>a row held until no row can come before it (event-time ordered deduplication and Top-N)
 *       is final once its event time is at or below the watermark.
 * </ul>
 * Before the first watermark ({@link Long#MIN_VALUE}) nothing is late and nothing closes.
 */
public final class Lateness {
  private Lateness() {}

  /** Whether a row of event time {@code eventTime} is late under watermark {@code watermark}. */
  public static boolean isLate(long eventTime, long watermark) {
    return watermark != Long.MIN_VALUE && eventTime <= watermark;
  }

  /** Whether a window ending (exclusively) at {@code windowEnd} is closed under watermark {@code watermark}. */
  public static boolean isClosed(long windowEnd, long watermark) {
    return watermark != Long.MIN_VALUE && windowEnd <= watermark;
  }

  /**
   * The watermark at which state waiting on event time {@code eventTime} is released: a window
   * that ends there closes, a row held at that time is final. Operators report it to {@link
   * BatchContext#stateWaitsUntil}.
   */
  public static long releasedAt(long eventTime) {
    return eventTime;
  }
}
