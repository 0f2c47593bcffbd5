package io.sluice.catalog;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Option values that are a length of time, such as {@code '30 s'}, {@code '10 minutes'} or {@code '2 hours'}. */
public final class Durations {
  private static final Pattern INTERVAL = Pattern.compile(
      "(\\d{1,12})\\s*(ms|milliseconds?|s|secs?|seconds?|min|mins|minutes?|h|hours?|d|days?)");

  private Durations() {}

  /**
   * The positive length of time {@code value} gives, in milliseconds; refuses anything else
   * naming option {@code option}.
   */
  public static long positiveMillis(String option, String value) {
    Matcher m = INTERVAL.matcher(value.trim().toLowerCase(Locale.ROOT));
    long n = m.matches() ? Long.parseLong(m.group(1)) : 0;
    if (n <= 0) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Option '" + option + "' takes a positive interval"
          + " such as '30 s', '10 minutes', '2 hours' or '1 day', not '" + value + "'");
    }
    String unit = m.group(2);
    long scale = unit.startsWith("ms") || unit.startsWith("milli") ? 1
        : unit.startsWith("s") ? 1_000
        : unit.startsWith("min") ? 60_000
        : unit.startsWith("h") ? 3_600_000 : 86_400_000;
    return n * scale;
  }
}
