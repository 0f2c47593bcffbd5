package io.sluice.runtime.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The static helpers generated code calls, tested on their own. */
class RuntimeHelpersTest {
  private static byte[] u(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String view(byte[] b, long v) {
    return new String(b, Strings.viewStart(v), Strings.viewLength(v), StandardCharsets.UTF_8);
  }

  private static String scratch(Scratch s, int length) {
    return new String(s.buf, 0, length, StandardCharsets.UTF_8);
  }

  @Test
  void checkedIntegerArithmetic() {
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, assertThrows(SluiceException.class, () -> Arith.addLong(Long.MAX_VALUE, 1)).code());
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, assertThrows(SluiceException.class, () -> Arith.mulLong(1L << 32, 1L << 31)).code());
    assertEquals(Long.MIN_VALUE, Arith.mulLong(1L << 32, -(1L << 31)));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, assertThrows(SluiceException.class, () -> Arith.divLong(1, 0)).code());
    assertEquals(ErrorCode.DIVISION_BY_ZERO, assertThrows(SluiceException.class, () -> Arith.modDouble(1, 0)).code());
    assertEquals(-2, Arith.divLong(-7, 3));
    assertEquals(-1, Arith.modLong(-7, 3));
    assertEquals(0, Arith.modLong(Long.MIN_VALUE, -1));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, assertThrows(SluiceException.class, () -> Arith.checkTinyint(128)).code());
    assertEquals(3, Arith.doubleToLong(2.5));
    assertEquals(-3, Arith.doubleToLong(-2.5));
    assertEquals(0, Arith.doubleToLong(0.49999999999999994));
    assertEquals(1.01, Arith.roundDouble(1.005000001, 2));
    assertEquals(1.0, Arith.roundDouble(1.005, 2)); // 1.005 is 1.00499999999999989... in binary
    assertEquals(-120, Arith.roundLong(-115, -1));
    assertEquals(1.2, Arith.truncateDouble(1.29, 1));
  }

  @Test
  void decimals() {
    assertEquals(125, Decimals.rescale(1245, 3, 2, 10)); // 1.245 -> 1.25 HALF_UP
    assertEquals(-125, Decimals.rescale(-1245, 3, 2, 10));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, assertThrows(SluiceException.class, () -> Decimals.rescale(1000, 0, 2, 4)).code());
    assertEquals(3344, Decimals.add(1234, 2, 211, 1, 2, 10)); // 12.34 + 21.1
    assertEquals(3333, Decimals.divide(10, 0, 3, 0, 3, 10)); // 10 / 3 at scale 3
    assertEquals(-6667, Decimals.divide(-20, 0, 3, 0, 3, 10));
    assertEquals(152399025, Decimals.multiply(12345, 2, 12345, 2, 4, 18));
    // an intermediate beyond long takes the slow path
    assertEquals(999999999999999999L, Decimals.multiply(999999999999999999L, 9, 1000000000L, 9, 9, 18));
    assertTrue(Decimals.compare(150, 2, 15, 1) == 0);
    assertTrue(Decimals.compare(Long.MAX_VALUE / 10, 0, 1, 18) > 0);
    assertEquals(0.1, Decimals.toDouble(1, 1));
    assertEquals(29, Decimals.fromDouble(0.285, 2, 10));
    assertEquals(-200, Decimals.floor(-150, 2, 2, 10));
    assertEquals(-100, Decimals.ceil(-150, 2, 2, 10));
    assertEquals(150, Decimals.round(145, 2, 1));
    assertEquals(140, Decimals.truncate(149, 2, 1));
    assertEquals(ErrorCode.INVALID_CAST, assertThrows(SluiceException.class, () -> Decimals.parse(u("1,5"), 0, 3, 2, 5)).code());
    assertEquals(-50, Decimals.parse(u(" -0.5 "), 0, 6, 2, 5));
  }

  @Test
  void strings() {
    byte[] s = u("ÄÖü straße");
    assertEquals(10, Strings.charLength(s, 0, s.length));
    assertEquals("Öü s", view(s, Strings.substring(s, 0, s.length, 2, 4)));
    assertEquals("Ä", view(s, Strings.substring(s, 0, s.length, -1, 3)));
    assertEquals("", view(s, Strings.substring(s, 0, s.length, 20, 3)));
    assertEquals("aße", view(s, Strings.right(s, 0, s.length, 3)));
    assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(SluiceException.class, () -> Strings.substring(s, 0, s.length, 1, -1)).code());
    assertEquals(8, Strings.position(u("aß"), 0, 3, s, 0, s.length));
    assertEquals(0, Strings.position(u("x"), 0, 1, s, 0, s.length));
    assertEquals(4, Strings.position(u("b"), 0, 1, u("abcb"), 0, 4, 3));
    Scratch out = new Scratch();
    assertEquals("ÄÖÜ STRASSE", scratch(out, Strings.upper(s, 0, s.length, out)));
    assertEquals("hello world", scratch(out, Strings.lower(u("HeLLo World"), 0, 11, out)));
    assertEquals("Hello World-X2y", scratch(out, Strings.initcap(u("hELLO wORLD-x2Y"), 0, 15, out)));
    assertEquals("eßarts üÖÄ", scratch(out, Strings.reverse(s, 0, s.length, out)));
    assertEquals("xyxab", scratch(out, Strings.pad(true, u("ab"), 0, 2, 5, u("xy"), 0, 2, out)));
    assertEquals("abééé", scratch(out, Strings.pad(false, u("ab"), 0, 2, 5, u("é"), 0, 2, out)));
    assertEquals("a", scratch(out, Strings.pad(true, u("ab"), 0, 2, 1, u("x"), 0, 1, out)));
    assertEquals("bXYnXYnXY", scratch(out, Strings.replace(u("banana"), 0, 6, u("a"), 0, 1, u("XY"), 0, 2, out)));
    assertEquals("ababab", scratch(out, Strings.repeat(u("ab"), 0, 2, 3, out)));
    byte[] padded = u("xxhixx");
    assertEquals("hixx", view(padded, Strings.trim(true, false, u("x"), 0, 1, padded, 0, 6)));
    byte[] umlauts = u("öaöö");
    assertEquals("a", view(umlauts, Strings.trim(true, true, u("ö"), 0, 2, umlauts, 0, umlauts.length)));
    assertTrue(Strings.compare(u("z"), 0, 1, u("é"), 0, 2) < 0); // code point order
    assertEquals("ab   ", scratch(out, Strings.fit(u("ab"), 0, 2, 5, true, out)));
    assertEquals("日本", scratch(out, Strings.fit(u("日本語"), 0, 9, 2, false, out)));
  }

  @Test
  void like() {
    assertTrue(LikePattern.compile(u("a%")).matches(u("abc"), 0, 3));
    assertFalse(LikePattern.compile(u("a%")).matches(u("bac"), 0, 3));
    assertTrue(LikePattern.compile(u("%ö%")).matches(u("aöb"), 0, 4));
    assertTrue(LikePattern.compile(u("日_語")).matches(u("日本語"), 0, 9));
    assertFalse(LikePattern.compile(u("_")).matches(u("日本"), 0, 6));
    assertTrue(LikePattern.compile(u("%a%b%c")).matches(u("xxaxbxxbc"), 0, 9));
    assertFalse(LikePattern.compile(u("%a%b%c")).matches(u("xxaxcxxb"), 0, 8));
    assertTrue(LikePattern.compile(u("")).matches(u(""), 0, 0));
    byte[] p = u("a!%%");
    LikePattern escaped = LikePattern.compile(p, 0, p.length, u("!"), 0, 1);
    assertTrue(escaped.matches(u("a%bc"), 0, 4));
    assertFalse(escaped.matches(u("abc"), 0, 3));
    assertThrows(SluiceException.class, () -> LikePattern.compile(u("a!"), 0, 2, u("!"), 0, 1));
    LikePattern.Cache cache = new LikePattern.Cache();
    assertTrue(cache.get(u("b%"), 0, 2, null, 0, 0).matches(u("bc"), 0, 2));
    assertFalse(cache.get(u("c%"), 0, 2, null, 0, 0).matches(u("bc"), 0, 2));
  }

  @Test
  void datesAndTimes() {
    for (long day = -800_000; day < 800_000; day += 997) {
      LocalDate d = LocalDate.ofEpochDay(day);
      assertEquals(d.getYear(), DateTimes.year(day));
      assertEquals(d.getMonthValue(), DateTimes.month(day));
      assertEquals(d.getDayOfMonth(), DateTimes.dayOfMonth(day));
      assertEquals(day, DateTimes.daysFromCivil(d.getYear(), d.getMonthValue(), d.getDayOfMonth()));
      assertEquals(d.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR), DateTimes.isoWeek(day));
      assertEquals(d.getDayOfYear(), DateTimes.dayOfYear(day));
    }
    long jan31 = LocalDate.of(2024, 1, 31).toEpochDay();
    assertEquals(LocalDate.of(2024, 2, 29).toEpochDay(), DateTimes.addMonthsToDate(jan31, 1));
    assertEquals(LocalDate.of(2023, 2, 28).toEpochDay(), DateTimes.addMonthsToDate(jan31, -11));
    assertEquals(1, DateTimes.dayOfWeek(LocalDate.of(2024, 3, 3).toEpochDay())); // a Sunday
    assertEquals(1, DateTimes.monthsBetweenDates(LocalDate.of(2024, 2, 29).toEpochDay(), jan31));
    assertEquals(-1, DateTimes.monthsBetweenDates(jan31, LocalDate.of(2024, 2, 29).toEpochDay()));
    long ts = LocalDate.of(2024, 5, 15).toEpochDay() * DateTimes.MILLIS_PER_DAY + 3_723_004L;
    assertEquals(LocalDate.of(2024, 4, 1).toEpochDay() * DateTimes.MILLIS_PER_DAY, DateTimes.floorTimestamp(ts, DateTimes.QUARTER));
    assertEquals(LocalDate.of(2024, 6, 1).toEpochDay() * DateTimes.MILLIS_PER_DAY, DateTimes.ceilTimestamp(ts, DateTimes.MONTH));
    assertEquals(1, DateTimes.extractFromTimestamp(DateTimes.HOUR, ts));
    assertEquals(3, DateTimes.extractFromTimestamp(DateTimes.SECOND, ts));
    assertEquals(23, DateTimes.extractFromTimestamp(DateTimes.HOUR, -3_600_000L));
  }

  @Test
  void castsParseAndFormat() {
    Scratch out = new Scratch();
    assertEquals(Long.MIN_VALUE, Casts.parseLong(u("-9223372036854775808"), 0, 20, "BIGINT"));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, assertThrows(SluiceException.class,
        () -> Casts.parseLong(u("9223372036854775808"), 0, 19, "BIGINT")).code());
    SluiceException bad = assertThrows(SluiceException.class, () -> Casts.parseLong(u("12a"), 0, 3, "INTEGER"));
    assertEquals(ErrorCode.INVALID_CAST, bad.code());
    assertEquals("Cannot cast '12a' to INTEGER", bad.getMessage());
    assertEquals(LocalDate.of(2024, 2, 9).toEpochDay(), Casts.parseDate(u("2024-2-9"), 0, 8));
    assertThrows(SluiceException.class, () -> Casts.parseDate(u("2023-02-29"), 0, 10));
    assertEquals(45_045_120L, Casts.parseTime(u("12:30:45.12"), 0, 11));
    assertEquals(-1L, Casts.parseTimestamp(u("1969-12-31 23:59:59.999"), 0, 23));
    assertEquals(14, Casts.parseMonths(u("1-2"), 0, 3, true, "INTERVAL YEAR TO MONTH"));
    assertEquals(-90_000_000L, Casts.parseMillis(u("-1 01:00:00"), 0, 11, 0, "INTERVAL DAY TO SECOND"));
    assertEquals("-0.05", new String(out.buf, 0, Casts.formatDecimal(-5, 2, out), StandardCharsets.US_ASCII));
    assertEquals("123.40", new String(out.buf, 0, Casts.formatDecimal(12340, 2, out), StandardCharsets.US_ASCII));
    assertEquals("-9223372036854775808", new String(out.buf, 0, Casts.formatLong(Long.MIN_VALUE, out), StandardCharsets.US_ASCII));
    assertEquals("1969-12-31 23:59:59.999", new String(out.buf, 0, Casts.formatTimestamp(-1, out), StandardCharsets.US_ASCII));
    assertEquals("+10000-01-01", new String(out.buf, 0, Casts.formatDate(LocalDate.of(10000, 1, 1).toEpochDay(), out),
        StandardCharsets.US_ASCII));
    assertTrue(Casts.parseBoolean(u(" TRUE "), 0, 6));
  }

  @Test
  void asciiIsTheFirstCodePointOfOneToFourBytes() {
    for (String text : new String[] {"Sluice", "\u00e9t\u00e9", "\u20acuro", "\ud83d\ude00!"}) {
      byte[] bytes = ("xx" + text).getBytes(StandardCharsets.UTF_8);
      assertEquals(text.codePointAt(0), Strings.ascii(bytes, 2, bytes.length - 2), text);
    }
    assertEquals(0, Strings.ascii(new byte[] {'a'}, 1, 0));
  }
}
