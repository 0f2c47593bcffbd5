package io.sluice.engine.stream;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a continuous query runs its next micro-batch.
 *
 * @param kind the policy
 * @param intervalMillis for {@link Kind#INTERVAL}, the time between batch starts
 */
public record Trigger(Kind kind, long intervalMillis) {
  /** Trigger policies. */
  public enum Kind {
    /** The next batch as soon as the last one ends (and new data or a watermark move is there). */
    CONTINUOUS,
    /** A batch every interval of processing time. */
    INTERVAL,
    /** One batch of everything available at start, then stop. */
    ONCE,
    /** Everything available at start, in as many batches as the sources' limits require, then stop. */
    AVAILABLE_NOW,
    /** A batch only when asked ({@code StreamingQuery.step}): for tests and step-by-step debugging. */
    MANUAL
  }

  public static final Trigger CONTINUOUS = new Trigger(Kind.CONTINUOUS, 0);

  private static final Pattern INTERVAL =
      Pattern.compile("(\\d+)\\s*(ms|milliseconds?|s|seconds?|min|minutes?|h|hours?)");

  /** Parses the {@code pipeline.trigger} option: 'once', 'available-now', 'continuous' or an interval like '1 second'. */
  public static Trigger parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "once":
        return new Trigger(Kind.ONCE, 0);
      case "available-now":
        return new Trigger(Kind.AVAILABLE_NOW, 0);
      case "manual":
        return new Trigger(Kind.MANUAL, 0);
      case "continuous":
      case "":
        return CONTINUOUS;
      default:
        break;
    }
    Matcher m = INTERVAL.matcher(t);
    if (!m.matches()) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Option 'pipeline.trigger' takes 'once', 'available-now',"
          + " 'continuous', 'manual' or an interval such as '500 ms', '1 second' or '2 minutes', not '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2);
    long millis = unit.startsWith("ms") || unit.startsWith("milli") ? n
        : unit.startsWith("s") ? n * 1000
        : unit.startsWith("min") ? n * 60_000 : n * 3_600_000;
    return new Trigger(Kind.INTERVAL, millis);
  }

  /** Whether the query stops once what was available at its start is processed. */
  public boolean stopsWhenCaughtUp() {
    return kind == Kind.ONCE || kind == Kind.AVAILABLE_NOW;
  }

  @Override
  public String toString() {
    switch (kind) {
      case INTERVAL: return intervalMillis + " ms";
      case ONCE: return "once";
      case AVAILABLE_NOW: return "available-now";
      case MANUAL: return "manual";
      default: return "continuous";
    }
  }
}
