package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's date/time functions that take the field as text: {@code DATE_TRUNC('month', ts)},
 * {@code DATE_PART('epoch', ts)}, and {@code DATE(ts)}. The field's name is matched in place, in
 * any case, so a row allocates nothing; an unknown name is an error naming it, as in PostgreSQL.
 */
public final class DateParts {
  private DateParts() {}

  /** Field names PostgreSQL accepts (with its plural and short spellings), and their unit. */
  private static final String[] NAMES = {
    "microseconds", "microsecond", "us", "usec", "usecs",
    "milliseconds", "millisecond", "ms", "msec", "msecs",
    "second", "seconds", "s", "sec", "secs",
    "minute", "minutes", "m", "min", "mins",
    "hour", "hours", "h", "hr", "hrs",
    "day", "days", "d",
    "week", "weeks", "w",
    "month", "months", "mon", "mons",
    "quarter", "qtr",
    "year", "years", "y", "yr", "yrs",
    "decade", "decades", "dec", "decs",
    "century", "centuries", "c", "cent",
    "millennium", "millennia", "millenniums", "mil", "mils",
    "epoch", "dow", "isodow", "doy", "isoyear",
  };
  private static final int[] UNITS = {
    DateTimes.MICROSECOND, DateTimes.MICROSECOND, DateTimes.MICROSECOND, DateTimes.MICROSECOND, DateTimes.MICROSECOND,
    DateTimes.MILLISECOND, DateTimes.MILLISECOND, DateTimes.MILLISECOND, DateTimes.MILLISECOND, DateTimes.MILLISECOND,
    DateTimes.SECOND, DateTimes.SECOND, DateTimes.SECOND, DateTimes.SECOND, DateTimes.SECOND,
    DateTimes.MINUTE, DateTimes.MINUTE, DateTimes.MINUTE, DateTimes.MINUTE, DateTimes.MINUTE,
    DateTimes.HOUR, DateTimes.HOUR, DateTimes.HOUR, DateTimes.HOUR, DateTimes.HOUR,
    DateTimes.DAY, DateTimes.DAY, DateTimes.DAY,
    DateTimes.WEEK, DateTimes.WEEK, DateTimes.WEEK,
    DateTimes.MONTH, DateTimes.MONTH, DateTimes.MONTH, DateTimes.MONTH,
    DateTimes.QUARTER, DateTimes.QUARTER,
    DateTimes.YEAR, DateTimes.YEAR, DateTimes.YEAR, DateTimes.YEAR, DateTimes.YEAR,
    DateTimes.DECADE, DateTimes.DECADE, DateTimes.DECADE, DateTimes.DECADE,
    DateTimes.CENTURY, DateTimes.CENTURY, DateTimes.CENTURY, DateTimes.CENTURY,
    DateTimes.MILLENNIUM, DateTimes.MILLENNIUM, DateTimes.MILLENNIUM, DateTimes.MILLENNIUM, DateTimes.MILLENNIUM,
    DateTimes.EPOCH, DateTimes.DOW, DateTimes.ISODOW, DateTimes.DOY, DateTimes.ISOYEAR,
  };
  private static final byte[][] NAME_BYTES = new byte[NAMES.length][];

  static {
    for (int i = 0; i < NAMES.length; i++) {
      NAME_BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  /** The unit ({@link DateTimes#YEAR}, ...) a field name stands for, in any case; fails naming it when none. */
  static int unit(byte[] b, int off, int len, String function) {
    for (int i = 0; i < NAME_BYTES.length; i++) {
      if (equalsIgnoreCase(NAME_BYTES[i], b, off, len)) {
        return UNITS[i];
      }
    }
    throw new SluiceException(ErrorCode.INVALID_ARGUMENT, function + ": unit '"
        + new String(b, off, len, StandardCharsets.UTF_8) + "' is not recognized (year, month, day, hour, minute,"
        + " second, week, quarter, decade, century, millennium, milliseconds, microseconds; DATE_PART also epoch, dow,"
        + " isodow, doy, isoyear)");
  }

  private static boolean equalsIgnoreCase(byte[] name, byte[] b, int off, int len) {
    if (name.length != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      int c = b[off + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != name[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * DATE_TRUNC(field, timestamp): the timestamp cut down to the start of its field (a week starts
   * on Monday, as ISO and PostgreSQL have it; a century in year 2001, a millennium in 2001).
   */
  @SqlFunction("DATE_TRUNC")
  public static long dateTrunc(byte[] b, int off, int len, @SqlFunction.Timestamp long ts) {
    int unit = unit(b, off, len, "DATE_TRUNC");
    switch (unit) {
      case DateTimes.MICROSECOND:
      case DateTimes.MILLISECOND:
        return ts;
      case DateTimes.SECOND:
      case DateTimes.MINUTE:
      case DateTimes.HOUR:
      case DateTimes.DAY:
      case DateTimes.MONTH:
      case DateTimes.QUARTER:
      case DateTimes.YEAR:
      case DateTimes.DECADE:
        return DateTimes.floorTimestamp(ts, unit);
      case DateTimes.WEEK: {
        long days = Math.floorDiv(ts, DateTimes.MILLIS_PER_DAY);
        return (days - (DateTimes.isoDayOfWeek(days) - 1)) * DateTimes.MILLIS_PER_DAY;
      }
      case DateTimes.CENTURY:
      case DateTimes.MILLENNIUM: {
        long year = DateTimes.year(Math.floorDiv(ts, DateTimes.MILLIS_PER_DAY));
        long span = unit == DateTimes.CENTURY ? 100 : 1000;
        long first = year > 0 ? (year - 1) / span * span + 1 : -((-year + span - 1) / span * span) + 1;
        return DateTimes.daysFromCivil(first, 1, 1) * DateTimes.MILLIS_PER_DAY;
      }
      default:
        throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "DATE_TRUNC: unit '"
            + new String(b, off, len, StandardCharsets.UTF_8) + "' is not a unit to truncate to");
    }
  }

  /**
   * DATE_PART(field, timestamp) as a DOUBLE, as in PostgreSQL: seconds with their fraction
   * (15.25), milliseconds and microseconds of the minute including its seconds, the epoch with the
   * fraction of its second, and the day of the week from 0 for Sunday.
   */
  @SqlFunction("DATE_PART")
  public static double datePart(byte[] b, int off, int len, @SqlFunction.Timestamp long ts) {
    int unit = unit(b, off, len, "DATE_PART");
    long millisOfMinute = Math.floorMod(ts, DateTimes.MILLIS_PER_MINUTE);
    switch (unit) {
      case DateTimes.SECOND:
        return millisOfMinute / 1000.0;
      case DateTimes.MILLISECOND:
        return millisOfMinute;
      case DateTimes.MICROSECOND:
        return millisOfMinute * 1000.0;
      case DateTimes.EPOCH:
        return ts / 1000.0;
      default:
        return DateTimes.extractFromTimestamp(unit, ts);
    }
  }

  /**
   * DATE_PART(field, interval) of a day-time interval, as EXTRACT reads one: days whole, the rest
   * of a day as hours, minutes and seconds (with their fraction), each with the interval's sign;
   * epoch its length in seconds; months and the larger fields 0, as PostgreSQL has them for an
   * interval without months. The fields of a date only (dow, doy, week, ...) are an error, as there.
   */
  @SqlFunction("DATE_PART")
  public static double datePartOfInterval(byte[] b, int off, int len, @SqlFunction.Interval long millis) {
    int unit = unit(b, off, len, "DATE_PART");
    long millisOfMinute = millis % DateTimes.MILLIS_PER_MINUTE;
    switch (unit) {
      case DateTimes.MICROSECOND:
        return millisOfMinute * 1000.0;
      case DateTimes.MILLISECOND:
        return millisOfMinute;
      case DateTimes.SECOND:
        return millisOfMinute / 1000.0;
      case DateTimes.MINUTE:
        return millis / DateTimes.MILLIS_PER_MINUTE % 60;
      case DateTimes.HOUR:
        return millis % DateTimes.MILLIS_PER_DAY / (60 * DateTimes.MILLIS_PER_MINUTE);
      case DateTimes.DAY:
        return millis / DateTimes.MILLIS_PER_DAY;
      case DateTimes.MONTH: case DateTimes.QUARTER: case DateTimes.YEAR: case DateTimes.DECADE: case DateTimes.CENTURY:
      case DateTimes.MILLENNIUM:
        return 0;
      case DateTimes.EPOCH:
        return millis / 1000.0;
      default:
        throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "DATE_PART: unit '"
            + new String(b, off, len, StandardCharsets.UTF_8) + "' not supported for type interval (it is a field of a"
            + " date: use microseconds, milliseconds, second, minute, hour, day, month, quarter, year, decade, century,"
            + " millennium or epoch)");
    }
  }

  /** DATE(timestamp): the timestamp's date, PostgreSQL's function-style cast. */
  @SqlFunction("DATE")
  public static long date(@SqlFunction.Timestamp long ts) {
    return Math.floorDiv(ts, DateTimes.MILLIS_PER_DAY);
  }
}
