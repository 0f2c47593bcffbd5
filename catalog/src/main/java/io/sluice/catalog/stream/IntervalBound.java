package io.sluice.catalog.stream;

/**
 * The event-time bound of a join of two streams: a left row and a right row can only match when
 * {@code lower <= leftTime - rightTime <= upper} (milliseconds), where the times are the values
 * of column {@code leftTime} of the left input and {@code rightTime} of the right input.
 *
 * <p>The lags say how far behind the watermark an input's rows can still come: after a batch run
 * with watermark W, every later row of the left input has a left time of at least
 * {@code W - leftLag} (0 for a source's event-time column, whose late rows scans drop; a window's
 * size for {@code window_start}). From these the join knows when a stored row can no longer
 * match, and drops it.
 *
 * <p>A bound may be open at one end ({@code lower} is {@link Long#MIN_VALUE} or {@code upper}
 * {@link Long#MAX_VALUE}) when the join releases that end's rows by a {@link RowRelease} on
 * another column; it then only prunes candidate pairs.
 */
public record IntervalBound(int leftTime, int rightTime, long lower, long upper, long leftLag, long rightLag) {
  public IntervalBound {
    if (lower > upper) {
      throw new IllegalArgumentException("empty bound [" + lower + ", " + upper + "]");
    }
    if (leftLag < 0 || rightLag < 0) {
      throw new IllegalArgumentException("negative lag");
    }
  }

  /** A stored left row of time t is released once the watermark W satisfies t < W - leftRelease(). */
  public long leftRelease() {
    return Saturated.subtract(rightLag, lower);
  }

  /** A stored right row of time t is released once the watermark W satisfies t < W - rightRelease(). */
  public long rightRelease() {
    return Saturated.add(upper, leftLag);
  }

  /** Whether both ends are finite: it releases the rows of both inputs by their event time. */
  public boolean closed() {
    return lower != Long.MIN_VALUE && upper != Long.MAX_VALUE;
  }

  /** How the bound releases left rows: by their time, {@link #leftRelease()} after it. */
  public RowRelease leftRowRelease() {
    return new RowRelease(leftTime, leftRelease());
  }

  /** How the bound releases right rows: by their time, {@link #rightRelease()} after it. */
  public RowRelease rightRowRelease() {
    return new RowRelease(rightTime, rightRelease());
  }
}
