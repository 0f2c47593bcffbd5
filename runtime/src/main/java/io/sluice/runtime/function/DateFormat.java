package io.sluice.runtime.function;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A TO_CHAR format for dates and timestamps in PostgreSQL's template patterns, compiled once per
 * call site ({@link Memo}) and written into the call's scratch buffer: {@code YYYY YYY YY Y IYYY
 * MM MON Mon mon MONTH Month month DD DDD D ID DAY Day day DY Dy dy HH HH12 HH24 MI SS MS US AM PM
 * am pm A.M. P.M. Q WW IW}, an {@code FM} prefix that drops padding, a {@code th} or
 * {@code TH} suffix after a number (1st, 2ND), {@code "text"} in double quotes and {@code \"} for a
 * double quote; anything else is copied. Names of months and days are English.
 */
final class DateFormat {
  static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
      "August", "September", "October", "November", "December"};
  static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
      "Saturday"};

  private static final String[] SUFFIXES = {"th", "st", "nd", "rd"};
  private static final String[] UPPER_SUFFIXES = {"TH", "ST", "ND", "RD"};

  /** The patterns, longest first where one is a prefix of another. */
  static final String[] PATTERNS = {"HH24", "HH12", "HH", "MI", "SS", "MS", "US", "A.M.", "P.M.", "a.m.",
      "p.m.", "AM", "PM", "am", "pm", "IYYY", "YYYY", "YYY", "YY", "Y", "MONTH", "Month", "month", "MON", "Mon", "mon",
      "MM", "DAY", "Day", "day", "DY", "Dy", "dy", "DDD", "DD", "D", "ID", "IW", "WW", "Q"};

  /**
   * One step: a pattern (an index into PATTERNS) or text to copy; {@code ordinal} is 1 for a
   * {@code th} suffix (st, nd, rd, th after the number), 2 for {@code TH} (upper case), else 0.
   */
  record Step(int pattern, boolean fillMode, byte[] text, int ordinal) {}

  private final Step[] steps;

  private DateFormat(Step[] steps) {
    this.steps = steps;
  }

  /** The compiled steps, in order: what {@link DateParser} reads a date by. */
  Step[] steps() {
    return steps;
  }

  static DateFormat compile(String format) {
    List<Step> steps = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < format.length()) {
      boolean fill = format.startsWith("FM", i) || format.startsWith("fm", i);
      int at = fill ? i + 2 : i;
      int pattern = patternAt(format, at);
      if (pattern >= 0) {
        flush(text, steps);
        i = at + PATTERNS[pattern].length();
        int ordinal = format.startsWith("th", i) ? 1 : format.startsWith("TH", i) ? 2 : 0;
        i += ordinal == 0 ? 0 : 2;
        steps.add(new Step(pattern, fill, null, ordinal));
        continue;
      }
      char c = format.charAt(i);
      if (c == '"') {
        int end = format.indexOf('"', i + 1);
        end = end < 0 ? format.length() : end;
        text.append(format, i + 1, end);
        i = end + 1;
      } else if (c == '\\' && i + 1 < format.length() && format.charAt(i + 1) == '"') {
        text.append('"');
        i += 2;
      } else {
        text.append(c);
        i++;
      }
    }
    flush(text, steps);
    return new DateFormat(steps.toArray(new Step[0]));
  }

  private static int patternAt(String format, int at) {
    for (int p = 0; p < PATTERNS.length; p++) {
      if (format.startsWith(PATTERNS[p], at)) {
        return p;
      }
    }
    return -1;
  }

  private static void flush(StringBuilder text, List<Step> steps) {
    if (text.length() > 0) {
      steps.add(new Step(-1, false, text.toString().getBytes(StandardCharsets.UTF_8), 0));
      text.setLength(0);
    }
  }

  /** Writes {@code ts} (milliseconds since the epoch) in this format into {@code out}; returns its length. */
  int format(long ts, Scratch out) {
    long days = Math.floorDiv(ts, DateTimes.MILLIS_PER_DAY);
    long millisOfDay = Math.floorMod(ts, DateTimes.MILLIS_PER_DAY);
    int length = 0;
    for (Step step : steps) {
      if (step.text != null) {
        length = put(out, length, step.text);
        continue;
      }
      length = pattern(PATTERNS[step.pattern], step.fillMode, days, millisOfDay, out, length);
      if (step.ordinal != 0) {
        length = ordinal(out, length, step.ordinal == 2);
      }
    }
    return length;
  }

  /** The English ordinal suffix of the number that ends at {@code at}: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th. */
  private static int ordinal(Scratch out, int at, boolean upper) {
    byte[] buf = out.ensure(at + 2, at);
    int last = at > 0 && buf[at - 1] >= '0' && buf[at - 1] <= '9' ? buf[at - 1] - '0' : -1;
    boolean teen = at > 1 && buf[at - 2] == '1';
    int kind = teen || last < 1 || last > 3 ? 0 : last;
    return text(out, at, (upper ? UPPER_SUFFIXES : SUFFIXES)[kind]);
  }

  private static int pattern(String pattern, boolean fill, long days, long millisOfDay, Scratch out, int at) {
    long hour = millisOfDay / DateTimes.MILLIS_PER_HOUR;
    switch (pattern) {
      case "HH24":
        return number(out, at, hour, fill ? 0 : 2);
      case "HH12":
      case "HH":
        return number(out, at, hour % 12 == 0 ? 12 : hour % 12, fill ? 0 : 2);
      case "MI":
        return number(out, at, millisOfDay / DateTimes.MILLIS_PER_MINUTE % 60, fill ? 0 : 2);
      case "SS":
        return number(out, at, millisOfDay / 1000 % 60, fill ? 0 : 2);
      case "MS":
        return number(out, at, millisOfDay % 1000, fill ? 0 : 3);
      case "US":
        return number(out, at, millisOfDay % 1000 * 1000, fill ? 0 : 6);
      case "AM":
      case "PM":
        return text(out, at, hour < 12 ? "AM" : "PM");
      case "am":
      case "pm":
        return text(out, at, hour < 12 ? "am" : "pm");
      case "A.M.":
      case "P.M.":
        return text(out, at, hour < 12 ? "A.M." : "P.M.");
      case "a.m.":
      case "p.m.":
        return text(out, at, hour < 12 ? "a.m." : "p.m.");
      case "YYYY":
        return number(out, at, yearOf(DateTimes.year(days)), fill ? 0 : 4);
      case "IYYY":
        return number(out, at, yearOf(DateTimes.isoYear(days)), fill ? 0 : 4);
      case "YYY":
        return number(out, at, yearOf(DateTimes.year(days)) % 1000, fill ? 0 : 3);
      case "YY":
        return number(out, at, yearOf(DateTimes.year(days)) % 100, fill ? 0 : 2);
      case "Y":
        return number(out, at, yearOf(DateTimes.year(days)) % 10, 0);
      case "MM":
        return number(out, at, DateTimes.month(days), fill ? 0 : 2);
      case "MONTH":
      case "Month":
      case "month":
        return name(out, at, MONTHS[(int) DateTimes.month(days) - 1], pattern, fill ? 0 : 9);
      case "MON":
      case "Mon":
      case "mon":
        return name(out, at, MONTHS[(int) DateTimes.month(days) - 1].substring(0, 3), pattern, 0);
      case "DAY":
      case "Day":
      case "day":
        return name(out, at, DAYS[(int) DateTimes.dayOfWeek(days) - 1], pattern, fill ? 0 : 9);
      case "DY":
      case "Dy":
      case "dy":
        return name(out, at, DAYS[(int) DateTimes.dayOfWeek(days) - 1].substring(0, 3), pattern, 0);
      case "DDD":
        return number(out, at, DateTimes.dayOfYear(days), fill ? 0 : 3);
      case "DD":
        return number(out, at, DateTimes.dayOfMonth(days), fill ? 0 : 2);
      case "D":
        return number(out, at, DateTimes.dayOfWeek(days), 0);
      case "ID":
        return number(out, at, DateTimes.isoDayOfWeek(days), 0);
      case "IW":
        return number(out, at, DateTimes.isoWeek(days), fill ? 0 : 2);
      case "WW":
        return number(out, at, (DateTimes.dayOfYear(days) - 1) / 7 + 1, fill ? 0 : 2);
      default: // Q
        return number(out, at, (DateTimes.month(days) - 1) / 3 + 1, 0);
    }
  }

  /** PostgreSQL writes the year before 1 BC as 1 (BC), not 0: the astronomical year -n is n + 1 BC. */
  private static long yearOf(long astronomical) {
    return astronomical <= 0 ? 1 - astronomical : astronomical;
  }

  private static int number(Scratch out, int at, long value, int width) {
    int digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10_000 ? 4 : Long.toString(value).length();
    int pad = Math.max(0, width - digits);
    byte[] buf = out.ensure(at + pad + digits, at);
    for (int i = 0; i < pad; i++) {
      buf[at + i] = '0';
    }
    long v = value;
    for (int i = at + pad + digits - 1; i >= at + pad; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return at + pad + digits;
  }

  /** A month or day name in the pattern's case (all upper, first upper, all lower), padded with blanks to {@code width}. */
  private static int name(Scratch out, int at, String name, String pattern, int width) {
    boolean upper = Character.isUpperCase(pattern.charAt(1));
    boolean capital = Character.isUpperCase(pattern.charAt(0));
    byte[] buf = out.ensure(at + Math.max(width, name.length()), at);
    int length = at;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      buf[length++] = (byte) (upper ? Character.toUpperCase(c) : i == 0 && capital ? c : Character.toLowerCase(c));
    }
    while (length < at + width) {
      buf[length++] = ' ';
    }
    return length;
  }

  private static int text(Scratch out, int at, String text) {
    byte[] buf = out.ensure(at + text.length(), at);
    for (int i = 0; i < text.length(); i++) {
      buf[at + i] = (byte) text.charAt(i);
    }
    return at + text.length();
  }

  private static int put(Scratch out, int at, byte[] bytes) {
    System.arraycopy(bytes, 0, out.ensure(at + bytes.length, at), at, bytes.length);
    return at + bytes.length;
  }
}
