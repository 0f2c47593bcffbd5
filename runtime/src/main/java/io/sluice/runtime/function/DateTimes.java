package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;

/**
 * Date and time arithmetic on internal values (DATE days since the epoch, TIME milliseconds of
 * the day, TIMESTAMP milliseconds since the epoch in UTC, intervals in months or milliseconds),
 * called by generated code. Civil calendar conversions are done arithmetically (proleptic
 * Gregorian) so that no object is allocated per row.
 */
public final class DateTimes {
  private DateTimes() {}

  public static final long MILLIS_PER_SECOND = 1000L;
  public static final long MILLIS_PER_MINUTE = 60_000L;
  public static final long MILLIS_PER_HOUR = 3_600_000L;
  public static final long MILLIS_PER_DAY = 86_400_000L;

  // Units for extract/floor/ceil; named so generated code reads as what it does.
  public static final int YEAR = 0;
  public static final int QUARTER = 1;
  public static final int MONTH = 2;
  public static final int WEEK = 3;
  public static final int DAY = 4;
  public static final int HOUR = 5;
  public static final int MINUTE = 6;
  public static final int SECOND = 7;
  public static final int MILLISECOND = 8;
  public static final int DOW = 9;
  public static final int ISODOW = 10;
  public static final int DOY = 11;
  public static final int EPOCH = 12;
  public static final int DECADE = 13;
  public static final int CENTURY = 14;
  public static final int MILLENNIUM = 15;
  public static final int ISOYEAR = 16;
  public static final int MICROSECOND = 17;

  /** Days since the epoch of a civil date. */
  public static long daysFromCivil(long y, long m, long d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  /**
   * MAKE_DATE(year, month, day), as PostgreSQL's: a negative year is a year BC (-44 is 44 BC, the
   * astronomical year -43); year 0 and days the month does not have are errors naming the date.
   */
  @SqlFunction("MAKE_DATE")
  public static long makeDate(long year, long month, long day) {
    if (year == 0 || year < -4713 || year > 5874897 || month < 1 || month > 12 || day < 1
        || day > daysInMonth(year < 0 ? year + 1 : year, month)) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "MAKE_DATE(" + year + ", " + month + ", " + day
          + "): date field value out of range");
    }
    return daysFromCivil(year < 0 ? year + 1 : year, month, day);
  }

  /**
   * MAKE_TIMESTAMP(year, month, day, hour, minute, seconds), as PostgreSQL's: the date as MAKE_DATE
   * takes it, a time of day from 00:00:00 to 24:00:00 (seconds up to 60, which carries into the next
   * minute, as there), the seconds rounded to the millisecond Sluice keeps.
   */
  @SqlFunction("MAKE_TIMESTAMP")
  public static long makeTimestamp(long year, long month, long day, long hour, long minute, double seconds) {
    long days = makeDate(year, month, day);
    if (hour < 0 || hour > 24 || minute < 0 || minute > 59 || !(seconds >= 0 && seconds <= 60)
        || hour == 24 && (minute > 0 || seconds > 0)) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "MAKE_TIMESTAMP: time field value out of range: " + hour
          + ":" + (minute < 10 && minute >= 0 ? "0" : "") + minute + ":" + seconds);
    }
    return days * MILLIS_PER_DAY + hour * 3_600_000L + minute * 60_000L + Math.round(seconds * 1000);
  }

  /**
   * DATE_BIN(stride, source, origin), as PostgreSQL's: the start of the stride-long bin, counted from
   * {@code origin}, that holds {@code source} (a source before the origin falls in an earlier bin). The
   * stride must be positive; an interval of months cannot be one (the validator refuses it).
   */
  @SqlFunction("DATE_BIN")
  public static long dateBin(@SqlFunction.Interval long stride, @SqlFunction.Timestamp long source,
      @SqlFunction.Timestamp long origin) {
    if (stride <= 0) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "DATE_BIN: stride must be greater than zero");
    }
    long offset = Math.subtractExact(source, origin);
    return Math.addExact(origin, Math.floorDiv(offset, stride) * stride);
  }

  /**
   * TO_TIMESTAMP(seconds): the timestamp {@code seconds} after 1970-01-01 00:00:00 (UTC), rounded to
   * the millisecond, as PostgreSQL's {@code to_timestamp(double precision)}; NaN and infinities are errors.
   */
  @SqlFunction("TO_TIMESTAMP")
  public static long toTimestamp(double seconds) {
    double millis = seconds * 1000;
    if (Double.isNaN(millis) || Math.abs(millis) > 9.2e18) {
      throw new SluiceException(ErrorCode.NUMERIC_OVERFLOW, "TO_TIMESTAMP(" + seconds + "): timestamp out of range");
    }
    return Math.round(millis);
  }

  /** Civil date of a day number, packed as year * 10000 + month * 100 + day (year may be negative). */
  private static long civil(long days) {
    long z = days + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2 ? 1 : 0;
    return y * 10000 + (y < 0 ? -(m * 100 + d) : m * 100 + d);
  }

  public static long year(long days) {
    long c = civil(days);
    return c / 10000;
  }

  public static long month(long days) {
    return Math.abs(civil(days) % 10000) / 100;
  }

  public static long dayOfMonth(long days) {
    return Math.abs(civil(days) % 100);
  }

  public static boolean isLeap(long y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  }

  public static int daysInMonth(long y, long m) {
    switch ((int) m) {
      case 2:
        return isLeap(y) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Day of week, 1 = Sunday .. 7 = Saturday (Calcite's DOW). */
  public static long dayOfWeek(long days) {
    return Math.floorMod(days + 4, 7) + 1;
  }

  /** ISO day of week, 1 = Monday .. 7 = Sunday. */
  public static long isoDayOfWeek(long days) {
    return Math.floorMod(days + 3, 7) + 1;
  }

  public static long dayOfYear(long days) {
    return days - daysFromCivil(year(days), 1, 1) + 1;
  }

  private static long isoWeeksInYear(long y) {
    long jan1 = isoDayOfWeek(daysFromCivil(y, 1, 1));
    return jan1 == 4 || (isLeap(y) && jan1 == 3) ? 53 : 52;
  }

  /** ISO 8601 week number. */
  public static long isoWeek(long days) {
    long y = year(days);
    long week = (dayOfYear(days) - isoDayOfWeek(days) + 10) / 7;
    if (week < 1) {
      return isoWeeksInYear(y - 1);
    }
    if (week > isoWeeksInYear(y)) {
      return 1;
    }
    return week;
  }

  public static long isoYear(long days) {
    long y = year(days);
    long week = (dayOfYear(days) - isoDayOfWeek(days) + 10) / 7;
    if (week < 1) {
      return y - 1;
    }
    if (week > isoWeeksInYear(y)) {
      return y + 1;
    }
    return y;
  }

  /** EXTRACT(unit FROM date). */
  public static long extractFromDate(int unit, long days) {
    switch (unit) {
      case YEAR:
        return year(days);
      case QUARTER:
        return (month(days) - 1) / 3 + 1;
      case MONTH:
        return month(days);
      case WEEK:
        return isoWeek(days);
      case DAY:
        return dayOfMonth(days);
      case DOW: // 0 for Sunday, as PostgreSQL counts (DAYOFWEEK adds one)
        return dayOfWeek(days) - 1;
      case ISODOW:
        return isoDayOfWeek(days);
      case DOY:
        return dayOfYear(days);
      case EPOCH:
        return days * 86400L;
      case DECADE:
        return Math.floorDiv(year(days), 10);
      case CENTURY: {
        long y = year(days);
        return y > 0 ? (y + 99) / 100 : -((-y + 99) / 100);
      }
      case MILLENNIUM: {
        long y = year(days);
        return y > 0 ? (y + 999) / 1000 : -((-y + 999) / 1000);
      }
      case ISOYEAR:
        return isoYear(days);
      case HOUR:
      case MINUTE:
      case SECOND:
      case MILLISECOND:
      case MICROSECOND:
        return 0;
      default:
        throw new SluiceException(ErrorCode.UNSUPPORTED, "EXTRACT unit is not supported yet");
    }
  }

  /** EXTRACT(unit FROM timestamp). */
  public static long extractFromTimestamp(int unit, long ts) {
    switch (unit) {
      case HOUR:
      case MINUTE:
      case SECOND:
      case MILLISECOND:
      case MICROSECOND:
        return extractFromTime(unit, Math.floorMod(ts, MILLIS_PER_DAY));
      case EPOCH:
        return Math.floorDiv(ts, MILLIS_PER_SECOND);
      default:
        return extractFromDate(unit, Math.floorDiv(ts, MILLIS_PER_DAY));
    }
  }

  /** EXTRACT(unit FROM time). */
  public static long extractFromTime(int unit, long millisOfDay) {
    switch (unit) {
      case HOUR:
        return millisOfDay / MILLIS_PER_HOUR;
      case MINUTE:
        return millisOfDay / MILLIS_PER_MINUTE % 60;
      case SECOND:
        return millisOfDay / MILLIS_PER_SECOND % 60;
      case MILLISECOND:
        return millisOfDay % MILLIS_PER_MINUTE;
      case MICROSECOND:
        return millisOfDay % MILLIS_PER_MINUTE * 1000L;
      case EPOCH:
        return millisOfDay / MILLIS_PER_SECOND;
      default:
        throw new SluiceException(ErrorCode.UNSUPPORTED, "EXTRACT of a date field from TIME is not supported");
    }
  }

  /** EXTRACT(unit FROM year-month interval). */
  public static long extractFromMonths(int unit, long months) {
    switch (unit) {
      case YEAR:
        return months / 12;
      case QUARTER:
        return months % 12 / 3 + (months >= 0 ? 1 : -1);
      case MONTH:
        return months % 12;
      case EPOCH:
        return months / 12 * 31_557_600L + months % 12 * 2_592_000L;
      case DECADE:
        return months / 120;
      case CENTURY:
        return months / 1200;
      case MILLENNIUM:
        return months / 12000;
      default:
        return 0;
    }
  }

  /** EXTRACT(unit FROM day-time interval). */
  public static long extractFromMillis(int unit, long millis) {
    switch (unit) {
      case DAY:
        return millis / MILLIS_PER_DAY;
      case HOUR:
        return millis / MILLIS_PER_HOUR % 24;
      case MINUTE:
        return millis / MILLIS_PER_MINUTE % 60;
      case SECOND:
        return millis / MILLIS_PER_SECOND % 60;
      case MILLISECOND:
        return millis % MILLIS_PER_MINUTE;
      case MICROSECOND:
        return millis % MILLIS_PER_MINUTE * 1000L;
      case EPOCH:
        return millis / MILLIS_PER_SECOND;
      default:
        return 0;
    }
  }

  /** Adds months to a date, clamping the day to the end of the resulting month. */
  public static long addMonthsToDate(long days, long months) {
    long c = civil(days);
    long y = c / 10000;
    long m = Math.abs(c % 10000) / 100;
    long d = Math.abs(c % 100);
    long total = Arith.addLong(Arith.mulLong(y, 12) + (m - 1), months);
    long ny = Math.floorDiv(total, 12);
    long nm = Math.floorMod(total, 12) + 1;
    if (ny > 1_000_000 || ny < -1_000_000) {
      throw Arith.overflow("DATE");
    }
    return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
  }

  public static long addMonthsToTimestamp(long ts, long months) {
    long days = Math.floorDiv(ts, MILLIS_PER_DAY);
    long time = Math.floorMod(ts, MILLIS_PER_DAY);
    return Arith.addLong(Arith.mulLong(addMonthsToDate(days, months), MILLIS_PER_DAY), time);
  }

  /** DATE + day-time interval: whole days of the interval, truncated toward zero. */
  public static long addMillisToDate(long days, long millis) {
    return Arith.addLong(days, millis / MILLIS_PER_DAY);
  }

  public static long addMillisToTime(long time, long millis) {
    return Math.floorMod(time + millis % MILLIS_PER_DAY, MILLIS_PER_DAY);
  }

  /** Whole months from {@code ts1} to {@code ts0} (timestamps or dates in the same unit), truncated toward zero. */
  public static long monthsBetweenTimestamps(long ts0, long ts1) {
    if (ts0 < ts1) {
      return -monthsBetweenTimestamps(ts1, ts0);
    }
    long d0 = Math.floorDiv(ts0, MILLIS_PER_DAY);
    long d1 = Math.floorDiv(ts1, MILLIS_PER_DAY);
    long m = (year(d0) - year(d1)) * 12 + (month(d0) - month(d1));
    while (m > 0 && addMonthsToTimestamp(ts1, m) > ts0) {
      m--;
    }
    return m;
  }

  public static long monthsBetweenDates(long d0, long d1) {
    return monthsBetweenTimestamps(d0 * MILLIS_PER_DAY, d1 * MILLIS_PER_DAY);
  }

  /** FLOOR(date TO unit). */
  public static long floorDate(long days, int unit) {
    switch (unit) {
      case YEAR:
        return daysFromCivil(year(days), 1, 1);
      case QUARTER:
        return daysFromCivil(year(days), (month(days) - 1) / 3 * 3 + 1, 1);
      case MONTH:
        return daysFromCivil(year(days), month(days), 1);
      case WEEK:
        return days - (dayOfWeek(days) - 1); // weeks start on Sunday, as in Calcite
      case DECADE:
        return daysFromCivil(Math.floorDiv(year(days), 10) * 10, 1, 1);
      default:
        return days;
    }
  }

  /** CEIL(date TO unit). */
  public static long ceilDate(long days, int unit) {
    long f = floorDate(days, unit);
    return f == days ? days : nextBoundary(f, unit);
  }

  /** The start of the unit after the one starting on day {@code floor}. */
  private static long nextBoundary(long floor, int unit) {
    switch (unit) {
      case YEAR:
        return addMonthsToDate(floor, 12);
      case QUARTER:
        return addMonthsToDate(floor, 3);
      case MONTH:
        return addMonthsToDate(floor, 1);
      case WEEK:
        return floor + 7;
      case DECADE:
        return addMonthsToDate(floor, 120);
      default:
        return floor + 1;
    }
  }

  /** FLOOR(timestamp TO unit). */
  public static long floorTimestamp(long ts, int unit) {
    switch (unit) {
      case MILLISECOND:
        return ts;
      case SECOND:
        return Math.floorDiv(ts, MILLIS_PER_SECOND) * MILLIS_PER_SECOND;
      case MINUTE:
        return Math.floorDiv(ts, MILLIS_PER_MINUTE) * MILLIS_PER_MINUTE;
      case HOUR:
        return Math.floorDiv(ts, MILLIS_PER_HOUR) * MILLIS_PER_HOUR;
      case DAY:
        return Math.floorDiv(ts, MILLIS_PER_DAY) * MILLIS_PER_DAY;
      default:
        return floorDate(Math.floorDiv(ts, MILLIS_PER_DAY), unit) * MILLIS_PER_DAY;
    }
  }

  /** CEIL(timestamp TO unit). */
  public static long ceilTimestamp(long ts, int unit) {
    long f = floorTimestamp(ts, unit);
    if (f == ts) {
      return ts;
    }
    switch (unit) {
      case SECOND:
        return f + MILLIS_PER_SECOND;
      case MINUTE:
        return f + MILLIS_PER_MINUTE;
      case HOUR:
        return f + MILLIS_PER_HOUR;
      case DAY:
        return f + MILLIS_PER_DAY;
      default:
        return nextBoundary(Math.floorDiv(f, MILLIS_PER_DAY), unit) * MILLIS_PER_DAY;
    }
  }

  /** FLOOR(time TO unit). */
  public static long floorTime(long time, int unit) {
    switch (unit) {
      case SECOND:
        return time / MILLIS_PER_SECOND * MILLIS_PER_SECOND;
      case MINUTE:
        return time / MILLIS_PER_MINUTE * MILLIS_PER_MINUTE;
      case HOUR:
        return time / MILLIS_PER_HOUR * MILLIS_PER_HOUR;
      default:
        return time;
    }
  }
}
