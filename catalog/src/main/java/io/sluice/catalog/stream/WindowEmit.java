package io.sluice.catalog.stream;

import io.sluice.catalog.Durations;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;

/**
 * When a windowed aggregation in update mode emits, beyond its default of every batch until the
 * window closes (README, "Early and late firing"): the session options {@value #EARLY_FIRE} and
 * {@value #ALLOWED_LATENESS}, after Flink's {@code table.exec.emit.early-fire.delay} and
 * {@code allow-lateness}.
 *
 * <p>With an early-fire delay, the changes of windows still open wait: they are emitted once
 * that much processing time has passed since the first change not yet emitted, and at the latest
 * in the batch that closes the window (its final row). With an allowed lateness {@code L}, a
 * row is late only when its event time is at or below {@code watermark - L}: a window closed by
 * the watermark keeps its groups until {@code window_end + L <= watermark}, and a row that comes
 * in time for it updates the result already emitted (a retraction and the new row). Either makes
 * the aggregation's output a changelog.
 *
 * @param earlyFireMillis processing time the changes of open windows wait; 0 to emit them every batch
 * @param allowedLatenessMillis how long after the watermark closes a window it still takes rows; 0 for none
 */
public record WindowEmit(long earlyFireMillis, long allowedLatenessMillis) {
  /** The session option that sets the early-fire delay. */
  public static final String EARLY_FIRE = "pipeline.window.early-fire";
  /** The session option that sets the allowed lateness. */
  public static final String ALLOWED_LATENESS = "pipeline.window.allowed-lateness";
  /** The default: every batch, no lateness allowed. */
  public static final WindowEmit DEFAULT = new WindowEmit(0, 0);

  /** The emit strategy the two option values give (null or blank: not set). */
  public static WindowEmit of(String earlyFire, String allowedLateness) {
    return new WindowEmit(millis(EARLY_FIRE, earlyFire), millis(ALLOWED_LATENESS, allowedLateness));
  }

  /** Refuses a value that is neither a positive interval nor 'off' (or '0'), naming the option. */
  public static void check(String option, String value) {
    millis(option, value);
  }

  private static long millis(String option, String value) {
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("off") || value.trim().equals("0")) {
      return 0;
    }
    try {
      return Durations.positiveMillis(option, value);
    } catch (SluiceException e) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, e.getMessage() + ", or 'off'");
    }
  }

  /** Whether either option is set: windowed aggregations then emit a changelog. */
  public boolean isSet() {
    return earlyFireMillis > 0 || allowedLatenessMillis > 0;
  }

  /** The watermark a row must be above not to be late, under query watermark {@code watermark}. */
  public long lateThrough(long watermark) {
    return watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE ? watermark
        : Saturated.subtract(watermark, allowedLatenessMillis);
  }

  /** The options as SET would give them, for EXPLAIN and errors. */
  public String describe() {
    return (earlyFireMillis > 0 ? "early fire after " + earlyFireMillis + " ms" : "every batch")
        + (allowedLatenessMillis > 0 ? ", allowed lateness " + allowedLatenessMillis + " ms" : "");
  }
}
