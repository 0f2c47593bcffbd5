package io.sluice.engine.connector.datagen;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Checks and parses the option values shared by the generator connectors ({@code datagen},
 * {@code nexmark}). Every error is {@link ErrorCode#INVALID_OPTION} and names the option.
 */
public final class SourceOptions {
  /** The value of a rate option that means "no limit". */
  public static final String UNLIMITED = "unlimited";

  private SourceOptions() {}

  public static SluiceException invalid(String message) {
    return new SluiceException(ErrorCode.INVALID_OPTION, message);
  }

  /** Refuses a key outside {@code known}, naming the nearest known key. */
  public static void checkKey(String connector, String key, Collection<String> known) {
    if (!known.contains(key)) {
      throw invalid("Unknown option '" + key + "' for connector '" + connector + "'." + NameMatcher.hint(key, known)
          + " Valid options: " + String.join(", ", known) + ".");
    }
  }

  /** A whole number at least {@code min}; {@code defaultValue} when absent. */
  public static long wholeNumber(Map<String, String> options, String key, long min, long defaultValue) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    try {
      long value = Long.parseLong(text.trim().replace("_", ""));
      if (value >= min) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("Option '" + key + "' must be a whole number" + (min == 1 ? " greater than 0" : " of at least " + min)
        + ", not '" + text + "'.");
  }

  /** Any whole number (the seed); {@code defaultValue} when absent. */
  public static long anyLong(Map<String, String> options, String key, long defaultValue) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw invalid("Option '" + key + "' must be a whole number, not '" + text + "'.");
    }
  }

  /**
   * A rate per second: a positive number, or {@code 'unlimited'} which gives
   * {@link Double#POSITIVE_INFINITY}.
   */
  public static double rate(Map<String, String> options, String key, double defaultValue) {
    String text = options.get(key);
    if (text == null) {
      return defaultValue;
    }
    String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
    if (t.equals(UNLIMITED)) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      double value = Double.parseDouble(t);
      if (value > 0 && !Double.isInfinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("Option '" + key + "' must be a number greater than 0 or 'unlimited', not '" + text + "'.");
  }

  /** A fraction between 0 and 1 inclusive. */
  public static double fraction(String key, String text) {
    try {
      double value = Double.parseDouble(text.trim());
      if (value >= 0 && value <= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("Option '" + key + "' must be a number between 0 and 1, not '" + text + "'.");
  }

  public static BigDecimal decimal(String key, String text) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw invalid("Option '" + key + "' must be a number, not '" + text + "'.");
    }
  }

  /**
   * A point in time in UTC as milliseconds since the epoch: {@code 2024-01-01 00:00:00[.SSS]},
   * the same with a {@code T}, an ISO instant ending in {@code Z}, or a date alone.
   */
  public static long timestamp(String key, String text) {
    String t = text.trim();
    try {
      if (t.endsWith("Z") || t.endsWith("z")) {
        return Instant.parse(t.toUpperCase(Locale.ROOT)).toEpochMilli();
      }
      if (t.length() == 10) {
        return LocalDate.parse(t).toEpochDay() * 86_400_000L;
      }
      return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw invalid("Option '" + key + "' must be a timestamp like '2024-01-01 00:00:00' (UTC), not '" + text + "'.");
    }
  }

  /** A date as days since the epoch: {@code 2024-01-01}. */
  public static long date(String key, String text) {
    try {
      return LocalDate.parse(text.trim()).toEpochDay();
    } catch (DateTimeParseException e) {
      throw invalid("Option '" + key + "' must be a date like '2024-01-01', not '" + text + "'.");
    }
  }

  /**
   * A non-negative duration in microseconds: a number with an optional unit {@code us},
   * {@code ms} (the default), {@code s}, {@code min}; fractions allowed, e.g. {@code '0.5 ms'}.
   */
  public static long durationMicros(String key, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    int split = 0;
    while (split < t.length() && (Character.isDigit(t.charAt(split)) || t.charAt(split) == '.')) {
      split++;
    }
    String number = t.substring(0, split);
    String unit = t.substring(split).trim();
    double micros;
    switch (unit) {
      case "us":
      case "microsecond":
      case "microseconds":
        micros = 1;
        break;
      case "":
      case "ms":
      case "millisecond":
      case "milliseconds":
        micros = 1_000;
        break;
      case "s":
      case "second":
      case "seconds":
        micros = 1_000_000;
        break;
      case "min":
      case "minute":
      case "minutes":
        micros = 60_000_000;
        break;
      default:
        throw invalid("Option '" + key + "' has an unknown unit '" + unit + "': use us, ms, s or min, e.g. '1 ms'.");
    }
    try {
      double value = Double.parseDouble(number) * micros;
      if (value >= 0 && value < 9e15 && value == Math.rint(value)) {
        return (long) value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("Option '" + key + "' must be a duration like '1 ms' or '250 us' (whole microseconds), not '"
        + text + "'.");
  }
}
