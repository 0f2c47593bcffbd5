package io.sluice.sqlparser;

import java.util.Locale;

/**
 * Reads the text of an interval as PostgreSQL's {@code interval} input reads it, into PostgreSQL's
 * three fields: months, days and microseconds, each with its own sign.
 *
 * <p>Accepted, as PostgreSQL accepts them: quantities with units ({@code 1 year 2 months 3 days},
 * {@code 2h 30m}, {@code -1.5 weeks}, units singular, plural or abbreviated, a number and its unit
 * written together or apart), a time {@code [-]h:mm[:ss[.fraction]]}, a number before a time being
 * days ({@code 3 04:05:06}), a last number without a unit being seconds, {@code ago} at the end
 * negating all, a leading {@code @}, the SQL standard's year-month form ({@code 1-2}) and ISO 8601
 * ({@code P1Y2M3DT4H5M6S}). A fraction flows down as PostgreSQL's does: a fraction of a year into
 * whole months, of a month into days of 30 and then time, of a week or day into time.
 */
final class PostgresIntervalText {
  static final long MICROS_PER_SECOND = 1_000_000L;
  static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  /** The value: months, days and microseconds, as PostgreSQL keeps an interval. */
  record Value(long months, long days, long micros) {
    boolean hasMonths() {
      return months != 0;
    }

    boolean hasDayTime() {
      return days != 0 || micros != 0;
    }
  }

  /** Text that is no interval; the message says what is wrong and where in the text. */
  static final class BadInterval extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInterval(String message) {
      super(message, null, false, false);
    }
  }

  private final String text;
  private int at;
  private double months;
  private double days;
  private double micros;
  private boolean sawTime;

  private PostgresIntervalText(String text) {
    this.text = text;
  }

  /** Reads {@code text}; throws {@link BadInterval} naming the fault. */
  static Value parse(String text) {
    PostgresIntervalText reader = new PostgresIntervalText(text);
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new BadInterval("invalid input syntax for type interval: \"" + text + "\" (the text is empty)");
    }
    char first = Character.toUpperCase(trimmed.charAt(0));
    if (first == 'P') {
      reader.iso(trimmed);
    } else {
      reader.postgres();
    }
    return reader.value();
  }

  private Value value() {
    if (Math.abs(months) > Integer.MAX_VALUE || Math.abs(days) > Integer.MAX_VALUE
        || Math.abs(micros) > 9.2e18) {
      throw new BadInterval("interval out of range: \"" + text + "\"");
    }
    return new Value((long) months, (long) days, Math.round(micros));
  }

  private void postgres() {
    int n = text.length();
    skipBlanks();
    if (at < n && text.charAt(at) == '@') {
      at++;
    }
    boolean ago = false;
    while (true) {
      skipBlanks();
      if (at >= n) {
        break;
      }
      int start = at;
      if (startsWord("ago")) {
        at += 3;
        skipBlanks();
        if (at < n) {
          throw bad(start, "'ago' must come last");
        }
        ago = true;
        break;
      }
      char c = text.charAt(at);
      if (!(Character.isDigit(c) || c == '+' || c == '-' || c == '.')) {
        throw bad(start, "a number was expected");
      }
      int numberEnd = numberEnd(at);
      String number = text.substring(at, numberEnd);
      if (numberEnd < n && text.charAt(numberEnd) == ':') {
        time(start);
        continue;
      }
      if (numberEnd < n && text.charAt(numberEnd) == '-' && isInteger(number)) {
        yearMonth(start, number);
        continue;
      }
      double quantity = number(number, start);
      at = numberEnd;
      skipBlanks();
      int unitStart = at;
      while (at < n && Character.isLetter(text.charAt(at))) {
        at++;
      }
      String unit = text.substring(unitStart, at).toLowerCase(Locale.ROOT);
      if (unit.isEmpty() || unit.equals("ago")) {
        at = unitStart;
        int next = nextNonBlank(at);
        if (next < n && isDaysBeforeTime(next, number)) {
          days += quantity;
          continue;
        }
        if (next < n && !startsWordAt(next, "ago")) {
          throw bad(next, "a unit (year, month, week, day, hour, minute, second, ...) was expected after " + number);
        }
        micros += quantity * MICROS_PER_SECOND;
        continue;
      }
      add(quantity, unit, unitStart);
    }
    if (ago) {
      months = -months;
      days = -days;
      micros = -micros;
    }
  }

  /** Whether the number before {@code next} is a count of days because a time follows ({@code 3 04:05}). */
  private boolean isDaysBeforeTime(int next, String number) {
    if (!isInteger(number)) {
      return false;
    }
    int end = numberEnd(next);
    return end > next && end < text.length() && text.charAt(end) == ':';
  }

  private void add(double quantity, String unit, int unitStart) {
    switch (unit) {
      case "millennium": case "millennia": case "millenniums": case "mil": case "mils":
        years(quantity * 1000);
        return;
      case "century": case "centuries": case "c": case "cent":
        years(quantity * 100);
        return;
      case "decade": case "decades": case "dec": case "decs":
        years(quantity * 10);
        return;
      case "year": case "years": case "y": case "yr": case "yrs":
        years(quantity);
        return;
      case "month": case "months": case "mon": case "mons":
        double whole = truncate(quantity);
        months += whole;
        fractionOfDays((quantity - whole) * 30);
        return;
      case "week": case "weeks": case "w":
        fractionOfDays(quantity * 7);
        return;
      case "day": case "days": case "d":
        fractionOfDays(quantity);
        return;
      case "hour": case "hours": case "h": case "hr": case "hrs":
        micros += quantity * 3600 * MICROS_PER_SECOND;
        return;
      case "minute": case "minutes": case "m": case "min": case "mins":
        micros += quantity * 60 * MICROS_PER_SECOND;
        return;
      case "second": case "seconds": case "s": case "sec": case "secs":
        micros += quantity * MICROS_PER_SECOND;
        return;
      case "millisecond": case "milliseconds": case "ms": case "msec": case "msecs": case "millisecon":
        micros += quantity * 1000;
        return;
      case "microsecond": case "microseconds": case "us": case "usec": case "usecs":
        micros += quantity;
        return;
      default:
        throw bad(unitStart, "'" + unit + "' is no unit of an interval (year, month, week, day, hour, minute, second,"
            + " millisecond, microsecond, decade, century, millennium)");
    }
  }

  /** Years, a fraction going to whole months as PostgreSQL rounds it. */
  private void years(double quantity) {
    double whole = truncate(quantity);
    months += whole * 12 + Math.rint((quantity - whole) * 12);
  }

  /** Days, a fraction of a day going to time. */
  private void fractionOfDays(double quantity) {
    double whole = truncate(quantity);
    days += whole;
    micros += Math.rint((quantity - whole) * MICROS_PER_DAY);
  }

  /** {@code [-]h:mm[:ss[.fraction]]} from {@code start}. */
  private void time(int start) {
    if (sawTime) {
      throw bad(start, "a second time of day");
    }
    sawTime = true;
    int n = text.length();
    boolean negative = false;
    if (text.charAt(at) == '-' || text.charAt(at) == '+') {
      negative = text.charAt(at) == '-';
      at++;
    }
    long hours = digits(start);
    expect(':', start);
    long minutes = digits(start);
    double seconds = 0;
    if (at < n && text.charAt(at) == ':') {
      at++;
      int secondsStart = at;
      while (at < n && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
        at++;
      }
      seconds = number(text.substring(secondsStart, at), secondsStart);
    }
    if (minutes > 59 || seconds >= 60) {
      throw bad(start, "the minutes or seconds of a time are out of range");
    }
    double value = (hours * 3600 + minutes * 60 + seconds) * MICROS_PER_SECOND;
    micros += negative ? -value : value;
  }

  /** The SQL standard's {@code years-months} from {@code start}. */
  private void yearMonth(int start, String yearsText) {
    long years = Long.parseLong(yearsText.startsWith("+") ? yearsText.substring(1) : yearsText);
    at = numberEnd(at) + 1;
    long month = digits(start);
    if (month > 11) {
      throw bad(start, "the months of a years-months interval must be below 12");
    }
    months += years * 12 + (years < 0 || yearsText.startsWith("-") ? -month : month);
  }

  /** ISO 8601: {@code P[nY][nM][nW][nD][T[nH][nM][nS]]}. */
  private void iso(String trimmed) {
    boolean time = false;
    int i = 1;
    int n = trimmed.length();
    if (n == 1) {
      throw new BadInterval("invalid input syntax for type interval: \"" + text + "\" (P must be followed by fields)");
    }
    while (i < n) {
      char c = Character.toUpperCase(trimmed.charAt(i));
      if (c == 'T') {
        time = true;
        i++;
        continue;
      }
      int end = i;
      while (end < n && (Character.isDigit(trimmed.charAt(end)) || "+-.".indexOf(trimmed.charAt(end)) >= 0)) {
        end++;
      }
      if (end == i || end == n) {
        throw new BadInterval("invalid input syntax for type interval: \"" + text + "\" (an ISO 8601 field needs a"
            + " number and a designator at character " + (i + 1) + ")");
      }
      double quantity = number(trimmed.substring(i, end), i);
      char designator = Character.toUpperCase(trimmed.charAt(end));
      String unit = time ? (designator == 'H' ? "h" : designator == 'M' ? "m" : designator == 'S' ? "s" : "?")
          : (designator == 'Y' ? "y" : designator == 'M' ? "mon" : designator == 'W' ? "w" : designator == 'D' ? "d"
              : "?");
      if (unit.equals("?")) {
        throw new BadInterval("invalid input syntax for type interval: \"" + text + "\" ('" + trimmed.charAt(end)
            + "' is no ISO 8601 designator " + (time ? "after T" : "before T") + ")");
      }
      add(quantity, unit, end);
      i = end + 1;
    }
  }

  private long digits(int start) {
    int from = at;
    while (at < text.length() && Character.isDigit(text.charAt(at))) {
      at++;
    }
    if (at == from || at - from > 12) {
      throw bad(start, "a time of day needs digits between its colons");
    }
    return Long.parseLong(text.substring(from, at));
  }

  private void expect(char c, int start) {
    if (at >= text.length() || text.charAt(at) != c) {
      throw bad(start, "'" + c + "' was expected");
    }
    at++;
  }

  /** End of a signed decimal number starting at {@code from}. */
  private int numberEnd(int from) {
    int i = from;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
      i++;
    }
    return i;
  }

  private double number(String number, int start) {
    try {
      double value = Double.parseDouble(number);
      if (Double.isInfinite(value) || Double.isNaN(value)) {
        throw bad(start, "the number is out of range");
      }
      return value;
    } catch (NumberFormatException e) {
      throw bad(start, "'" + number + "' is no number");
    }
  }

  private static boolean isInteger(String number) {
    int from = number.startsWith("+") || number.startsWith("-") ? 1 : 0;
    if (from == number.length()) {
      return false;
    }
    for (int i = from; i < number.length(); i++) {
      if (!Character.isDigit(number.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static double truncate(double value) {
    return value < 0 ? Math.ceil(value) : Math.floor(value);
  }

  private void skipBlanks() {
    at = nextNonBlank(at);
  }

  private int nextNonBlank(int from) {
    int i = from;
    while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == ',')) {
      i++;
    }
    return i;
  }

  private boolean startsWord(String word) {
    return startsWordAt(at, word);
  }

  private boolean startsWordAt(int from, String word) {
    int end = from + word.length();
    return text.regionMatches(true, from, word, 0, word.length())
        && (end == text.length() || !Character.isLetter(text.charAt(end)));
  }

  private BadInterval bad(int offset, String problem) {
    return new BadInterval("invalid input syntax for type interval: \"" + text + "\": " + problem + " at character "
        + (offset + 1));
  }
}
