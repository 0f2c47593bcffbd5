package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a date or timestamp from text by a PostgreSQL template, the inverse of TO_CHAR's
 * {@link DateFormat} and compiled from it: TO_DATE and TO_TIMESTAMP with a format. Numbers
 * ({@code YYYY YYY YY Y MM DD DDD HH HH12 HH24 MI SS MS US}) take their digits, at most the
 * field's width when another number follows without a separator ({@code YYYYMMDD}), else all of
 * them; {@code MS} and {@code US} are the digits after the point ({@code .25} is 250 ms), as in
 * PostgreSQL. Month names ({@code Month Mon}) and AM/PM ({@code AM A.M.}) are matched in any
 * case; day names and {@code D Q} are read and ignored. Blanks before a field are skipped, a
 * separator in the template matches one separator of the text (or none), text after the last field
 * is ignored, and a field that is missing keeps its default (year 1, January, day 1, midnight). A
 * two-digit year is the one nearest 2020, as PostgreSQL's: {@code 99} is 1999 and {@code 24} is
 * 2024.
 */
final class DateParser {
  private final DateFormat.Step[] steps;
  /** The fields of the text being read: one per call site, so a row allocates nothing. */
  private final Fields f = new Fields();

  private DateParser(DateFormat.Step[] steps) {
    this.steps = steps;
  }

  static DateParser compile(String format) {
    DateFormat.Step[] steps = DateFormat.compile(format).steps();
    for (DateFormat.Step step : steps) {
      if (step.text() == null) {
        switch (DateFormat.PATTERNS[step.pattern()]) {
          case "IYYY":
          case "ID":
          case "IW":
          case "WW":
            throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "the format pattern '"
                + DateFormat.PATTERNS[step.pattern()] + "' cannot be read from text (ISO weeks): '" + format + "'");
          default:
            break;
        }
      }
    }
    return new DateParser(steps);
  }

  /** The fields read so far. */
  private static final class Fields {
    long year;
    long month;
    long day;
    long dayOfYear;
    long hour;
    long minute;
    long second;
    long millis;
    boolean twelveHour;
    int meridiem; // 0 none, 1 AM, 2 PM
    /** The value of the number or name just read. */
    long read;

    void reset() {
      year = 1;
      month = 1;
      day = 1;
      dayOfYear = -1;
      hour = 0;
      minute = 0;
      second = 0;
      millis = 0;
      twelveHour = false;
      meridiem = 0;
    }
  }

  /** Milliseconds since the epoch of the timestamp the text holds; {@code what} names the function in errors. */
  long parse(byte[] b, int off, int len, String what) {
    f.reset();
    int end = off + len;
    int at = off;
    for (int s = 0; s < steps.length; s++) {
      DateFormat.Step step = steps[s];
      if (step.text() != null) {
        at = literal(step.text(), b, at, end);
        continue;
      }
      at = skipBlanks(b, at, end);
      String pattern = DateFormat.PATTERNS[step.pattern()];
      boolean numberFollows = s + 1 < steps.length && steps[s + 1].text() == null && isNumber(steps[s + 1]);
      at = field(pattern, numberFollows, b, at, end, what);
    }
    return toMillis(f, b, off, len, what);
  }

  private static boolean isNumber(DateFormat.Step step) {
    char c = DateFormat.PATTERNS[step.pattern()].charAt(0);
    return c == 'Y' || c == 'H' || c == 'S' || c == 'U' || (c == 'M' && DateFormat.PATTERNS[step.pattern()].length() == 2
        && DateFormat.PATTERNS[step.pattern()].charAt(1) != 'O') || DateFormat.PATTERNS[step.pattern()].startsWith("DD");
  }

  private int field(String pattern, boolean numberFollows, byte[] b, int at, int end, String what) {
    switch (pattern) {
      case "MS":
        return fraction(pattern, 3, b, at, end, what, f);
      case "US":
        return fraction(pattern, 6, b, at, end, what, f);
      case "AM":
      case "PM":
      case "am":
      case "pm":
      case "A.M.":
      case "P.M.":
      case "a.m.":
      case "p.m.":
        return meridiem(pattern, b, at, end, what, f);
      case "MONTH":
      case "Month":
      case "month":
      case "MON":
      case "Mon":
      case "mon": {
        int next = name(pattern, DateFormat.MONTHS, pattern.length() == 3, b, at, end, what, f);
        f.month = f.read;
        return next;
      }
      case "DAY":
      case "Day":
      case "day":
      case "DY":
      case "Dy":
      case "dy":
        return name(pattern, DateFormat.DAYS, pattern.length() == 2, b, at, end, what, f);
      default: {
        int next = number(pattern, width(pattern, numberFollows), b, at, end, what, f);
        setNumber(pattern, f.read);
        return next;
      }
    }
  }

  /** The most digits a number field takes: a year takes all it finds unless another number follows at once. */
  private static int width(String pattern, boolean numberFollows) {
    switch (pattern) {
      case "YYYY":
        return numberFollows ? 4 : 9;
      case "YYY":
      case "DDD":
        return 3;
      case "Y":
      case "D":
      case "Q":
        return 1;
      default: // YY MM DD HH HH12 HH24 MI SS
        return 2;
    }
  }

  private void setNumber(String pattern, long value) {
    switch (pattern) {
      case "YYYY":
        f.year = value;
        break;
      case "YYY":
        f.year = value < 100 ? 2000 + value : 1000 + value;
        break;
      case "YY":
        f.year = value < 70 ? 2000 + value : 1900 + value;
        break;
      case "Y":
        f.year = 2000 + value;
        break;
      case "MM":
        f.month = value;
        break;
      case "DD":
        f.day = value;
        break;
      case "DDD":
        f.dayOfYear = value;
        break;
      case "HH":
      case "HH12":
        f.twelveHour = true;
        f.hour = value;
        break;
      case "HH24":
        f.hour = value;
        break;
      case "MI":
        f.minute = value;
        break;
      case "SS":
        f.second = value;
        break;
      default: // D, Q: read and ignored
        break;
    }
  }

  private static int number(String pattern, int width, byte[] b, int at, int end, String what, Fields f) {
    long value = 0;
    int i = at;
    while (i < end && i - at < width && b[i] >= '0' && b[i] <= '9') {
      value = value * 10 + (b[i] - '0');
      i++;
    }
    if (i == at) {
      throw invalid(what, pattern, b, at, end);
    }
    f.read = value;
    return i;
  }

  /** Digits after the point: {@code 25} under MS is 250 milliseconds; digits past the millisecond are dropped. */
  private static int fraction(String pattern, int width, byte[] b, int at, int end, String what, Fields f) {
    int i = at;
    long millis = 0;
    while (i < end && i - at < width && b[i] >= '0' && b[i] <= '9') {
      if (i - at < 3) {
        millis = millis * 10 + (b[i] - '0');
      }
      i++;
    }
    if (i == at) {
      throw invalid(what, pattern, b, at, end);
    }
    for (int digits = Math.min(i - at, 3); digits < 3; digits++) {
      millis *= 10;
    }
    f.millis = millis;
    return i;
  }

  private static int meridiem(String pattern, byte[] b, int at, int end, String what, Fields f) {
    boolean dotted = pattern.length() == 4;
    int length = dotted ? 4 : 2;
    if (at + length > end) {
      throw invalid(what, pattern, b, at, end);
    }
    char first = Character.toUpperCase((char) b[at]);
    char m = Character.toUpperCase((char) b[at + (dotted ? 2 : 1)]);
    if ((first != 'A' && first != 'P') || m != 'M' || (dotted && (b[at + 1] != '.' || b[at + 3] != '.'))) {
      throw invalid(what, pattern, b, at, end);
    }
    f.meridiem = first == 'A' ? 1 : 2;
    return at + length;
  }

  private static int name(String pattern, String[] names, boolean abbreviated, byte[] b, int at, int end, String what,
      Fields f) {
    for (int n = 0; n < names.length; n++) {
      String name = abbreviated ? names[n].substring(0, 3) : names[n];
      if (at + name.length() <= end && matchesIgnoringCase(name, b, at)) {
        f.read = n + 1;
        return at + name.length();
      }
    }
    throw invalid(what, pattern, b, at, end);
  }

  private static boolean matchesIgnoringCase(String name, byte[] b, int at) {
    for (int i = 0; i < name.length(); i++) {
      if (Character.toLowerCase((char) b[at + i]) != Character.toLowerCase(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Template text: a letter or digit matches itself; a separator or blank matches one separator or blank, or none. */
  private static int literal(byte[] text, byte[] b, int at, int end) {
    int i = at;
    for (byte c : text) {
      if (i >= end) {
        return i;
      }
      boolean separator = !Character.isLetterOrDigit((char) c);
      if (separator) {
        if (!Character.isLetterOrDigit((char) (b[i] & 0xff))) {
          i++;
        }
      } else {
        i++;
      }
    }
    return i;
  }

  private static int skipBlanks(byte[] b, int at, int end) {
    int i = at;
    while (i < end && b[i] == ' ') {
      i++;
    }
    return i;
  }

  private static long toMillis(Fields f, byte[] b, int off, int len, String what) {
    long hour = f.hour;
    if (f.twelveHour || f.meridiem != 0) {
      if (hour < 1 || hour > 12) {
        throw outOfRange(what, "hour " + hour + " is not a 12-hour clock's", b, off, len);
      }
      hour = hour % 12 + (f.meridiem == 2 ? 12 : 0);
    }
    if (hour > 23 || f.minute > 59 || f.second > 59) {
      throw outOfRange(what, "time " + hour + ":" + f.minute + ":" + f.second, b, off, len);
    }
    long days;
    if (f.dayOfYear >= 0) {
      long daysInYear = DateTimes.daysFromCivil(f.year + 1, 1, 1) - DateTimes.daysFromCivil(f.year, 1, 1);
      if (f.dayOfYear < 1 || f.dayOfYear > daysInYear) {
        throw outOfRange(what, "day of year " + f.dayOfYear, b, off, len);
      }
      days = DateTimes.daysFromCivil(f.year, 1, 1) + f.dayOfYear - 1;
    } else {
      if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > DateTimes.daysInMonth(f.year, f.month)) {
        throw outOfRange(what, "date " + f.year + "-" + f.month + "-" + f.day, b, off, len);
      }
      days = DateTimes.daysFromCivil(f.year, f.month, f.day);
    }
    return days * DateTimes.MILLIS_PER_DAY + hour * DateTimes.MILLIS_PER_HOUR + f.minute * DateTimes.MILLIS_PER_MINUTE
        + f.second * 1000 + f.millis;
  }

  private static SluiceException invalid(String what, String pattern, byte[] b, int at, int end) {
    String rest = at >= end ? "the end of the text" : "'" + new String(b, at, Math.min(end - at, 12), StandardCharsets.UTF_8) + "'";
    return new SluiceException(ErrorCode.INVALID_ARGUMENT, what + ": invalid value for \"" + pattern + "\" at " + rest);
  }

  private static SluiceException outOfRange(String what, String detail, byte[] b, int off, int len) {
    return new SluiceException(ErrorCode.INVALID_ARGUMENT, what + ": date/time field value out of range: " + detail
        + " in '" + new String(b, off, len, StandardCharsets.UTF_8) + "'");
  }
}
