package io.sluice.engine.connector.files;

import io.sluice.runtime.function.DateTimes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Parses the text of dates, times, timestamps and intervals (UTF-8 bytes) into Sluice's long
 * form: days since 1970-01-01, milliseconds of the day, epoch milliseconds in UTC, months, or
 * milliseconds. One per decoded column ({@link ValueDecoder}); it keeps the last date it parsed,
 * since the timestamps of a file mostly share their date and the calendar arithmetic is the
 * dearest part of parsing one. A parse method returns false for text that is not a value of its
 * kind and leaves the value in {@link #parsed} otherwise.
 */
final class TemporalText {
  static final long MILLIS_PER_DAY = 86_400_000L;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Out-parameter of the parse methods. */
  long parsed;
  /**
   * The text of the last date parsed ({@code yyyy-MM-dd}: its first eight bytes, then the last
   * two) and its epoch day.
   */
  private long lastDateHead = -1;
  private int lastDateTail = -1;
  private long lastDay;

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static int digits(byte[] s, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      int d = s[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  /** yyyy-MM-dd into days since 1970-01-01. */
  boolean parseDate(byte[] s, int start, int end) {
    if (end - start != 10 || !parseDatePrefix(s, start)) {
      return false;
    }
    return true;
  }

  private boolean parseDatePrefix(byte[] s, int start) {
    if (s[start + 4] != '-' || s[start + 7] != '-') {
      return false;
    }
    int year = digits(s, start, 4);
    int month = digits(s, start + 5, 2);
    int day = digits(s, start + 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > DateTimes.daysInMonth(year, month)) {
      return false;
    }
    parsed = epochDay(year, month, day);
    return true;
  }

  /** Days from 1970-01-01 in the proleptic Gregorian calendar, counting eras of 400 years. */
  static long epochDay(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    int shiftedMonth = month > 2 ? month - 3 : month + 9;
    long dayOfYear = (153L * shiftedMonth + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  /**
   * HH:mm[:ss[.fraction]] into milliseconds of the day; digits past milliseconds are dropped.
   * With {@code allowZone}, parsing stops at the end of the fraction and leaves the position in
   * {@link #timeEnd}.
   */
  boolean parseTime(byte[] s, int start, int end, boolean allowZone) {
    if (end - start < 5 || s[start + 2] != ':') {
      return false;
    }
    int hour = digits(s, start, 2);
    int minute = digits(s, start + 3, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
      return false;
    }
    int i = start + 5;
    int second = 0;
    int millis = 0;
    if (i < end && s[i] == ':') {
      if (end - i < 3) {
        return false;
      }
      second = digits(s, i + 1, 2);
      if (second < 0 || second > 59) {
        return false;
      }
      i += 3;
      if (i < end && s[i] == '.') {
        i++;
        int fractionStart = i;
        int scale = 100;
        while (i < end && isDigit(s[i])) {
          millis += (s[i] - '0') * scale;
          scale /= 10;
          i++;
        }
        if (i == fractionStart || i - fractionStart > 9) {
          return false;
        }
      }
    }
    if (i != end && !allowZone) {
      return false;
    }
    timeEnd = i;
    parsed = ((hour * 60L + minute) * 60L + second) * 1000L + millis;
    return true;
  }

  private int timeEnd;

  /**
   * 'yyyy-MM-dd HH:mm:ss[.fraction]', the ISO form with 'T', or a date alone. An ISO zone
   * ('Z' or ±HH:mm) moves the value to UTC.
   */
  boolean parseTimestamp(byte[] s, int start, int end) {
    if (end - start < 10) {
      return false;
    }
    long head = (long) LONGS.get(s, start);
    int tail = (s[start + 8] & 0xFF) | (s[start + 9] & 0xFF) << 8;
    long day;
    if (head == lastDateHead && tail == lastDateTail) {
      day = lastDay;
    } else {
      if (!parseDatePrefix(s, start)) {
        return false;
      }
      day = parsed;
      lastDateHead = head;
      lastDateTail = tail;
      lastDay = day;
    }
    if (end - start == 23 && parseMillisecondTime(s, start + 10)) {
      parsed += day * MILLIS_PER_DAY;
      return true;
    }
    if (end - start == 10) {
      parsed = day * MILLIS_PER_DAY;
      return true;
    }
    byte separator = s[start + 10];
    if (separator != ' ' && separator != 'T' && separator != 't') {
      return false;
    }
    if (!parseTime(s, start + 11, end, true)) {
      return false;
    }
    long millis = day * MILLIS_PER_DAY + parsed;
    int i = timeEnd;
    if (i < end) {
      if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == end) {
        // already UTC
      } else if (s[i] == '+' || s[i] == '-') {
        int sign = s[i] == '-' ? -1 : 1;
        int hours;
        int minutes;
        if (end - i == 6 && s[i + 3] == ':') {
          hours = digits(s, i + 1, 2);
          minutes = digits(s, i + 4, 2);
        } else if (end - i == 5) {
          hours = digits(s, i + 1, 2);
          minutes = digits(s, i + 3, 2);
        } else if (end - i == 3) {
          hours = digits(s, i + 1, 2);
          minutes = 0;
        } else {
          return false;
        }
        if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
          return false;
        }
        millis -= sign * (hours * 3_600_000L + minutes * 60_000L);
      } else {
        return false;
      }
    }
    parsed = millis;
    return true;
  }

  /**
   * The common fixed form " HH:mm:ss.SSS" (or with 'T') at {@code at} into milliseconds of the
   * day; false sends the text to the general parser, which also reports what is wrong.
   */
  private boolean parseMillisecondTime(byte[] s, int at) {
    byte separator = s[at];
    if ((separator != ' ' && separator != 'T') || s[at + 3] != ':' || s[at + 6] != ':' || s[at + 9] != '.') {
      return false;
    }
    int hour = twoDigits(s, at + 1);
    int minute = twoDigits(s, at + 4);
    int second = twoDigits(s, at + 7);
    int hundreds = s[at + 10] - '0';
    int tens = s[at + 11] - '0';
    int ones = s[at + 12] - '0';
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
        || (hundreds | tens | ones) < 0 || hundreds > 9 || tens > 9 || ones > 9) {
      return false;
    }
    parsed = ((hour * 60L + minute) * 60L + second) * 1000L + hundreds * 100 + tens * 10 + ones;
    return true;
  }

  /** Two decimal digits, or -1. */
  private static int twoDigits(byte[] s, int at) {
    int tens = s[at] - '0';
    int ones = s[at + 1] - '0';
    if ((tens | ones) < 0 || tens > 9 || ones > 9) {
      return -1;
    }
    return tens * 10 + ones;
  }

  /** The form Values.formatMonths writes: [+-]years-months. */
  boolean parseYearMonth(byte[] s, int start, int end) {
    int i = start;
    long sign = 1;
    if (i < end && (s[i] == '+' || s[i] == '-')) {
      sign = s[i] == '-' ? -1 : 1;
      i++;
    }
    int dash = indexOf(s, i, end, (byte) '-');
    if (dash < 0) {
      return false;
    }
    long years = digitsLong(s, i, dash);
    long months = digitsLong(s, dash + 1, end);
    if (years < 0 || months < 0 || months > 11) {
      return false;
    }
    parsed = sign * (years * 12 + months);
    return true;
  }

  /** The form Values.formatMillisInterval writes: [+-]days HH:mm:ss[.SSS]. */
  boolean parseDayTime(byte[] s, int start, int end) {
    int i = start;
    long sign = 1;
    if (i < end && (s[i] == '+' || s[i] == '-')) {
      sign = s[i] == '-' ? -1 : 1;
      i++;
    }
    int space = indexOf(s, i, end, (byte) ' ');
    if (space < 0) {
      return false;
    }
    long days = digitsLong(s, i, space);
    if (days < 0 || !parseTime(s, space + 1, end, false)) {
      return false;
    }
    parsed = sign * (days * MILLIS_PER_DAY + parsed);
    return true;
  }

  private static int indexOf(byte[] s, int start, int end, byte b) {
    for (int i = start; i < end; i++) {
      if (s[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static long digitsLong(byte[] s, int start, int end) {
    if (start >= end || end - start > 15) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      if (!isDigit(s[i])) {
        return -1;
      }
      value = value * 10 + (s[i] - '0');
    }
    return value;
  }
}
