package io.sluice.engine.connector.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueDecoderTest {
  private static ValueDecoder decoder(DataType type) {
    return new ValueDecoder(type, ColumnVector.create(type, 4));
  }

  /** Decodes text in the middle of a larger array, as fields are inside a read buffer. */
  private static boolean decode(ValueDecoder decoder, String text) {
    byte[] bytes = ("<" + text + ">").getBytes(StandardCharsets.UTF_8);
    return decoder.decode(bytes, 1, bytes.length - 1, 1);
  }

  private static long parseLong(DataType type, String text) {
    ValueDecoder decoder = decoder(type);
    assertTrue(decode(decoder, text), text);
    return ((LongVector) decoder.vector()).values[1];
  }

  private static void assertBad(DataType type, String text, int failure) {
    ValueDecoder decoder = decoder(type);
    assertFalse(decode(decoder, text), text);
    assertEquals(failure, decoder.failure, text);
  }

  @Test
  void integersAreRangeCheckedPerType() {
    assertEquals(-128, parseLong(DataType.of(TypeKind.TINYINT), "-128"));
    assertEquals(127, parseLong(DataType.of(TypeKind.TINYINT), " +127 "));
    assertBad(DataType.of(TypeKind.TINYINT), "128", ValueDecoder.RANGE);
    assertBad(DataType.of(TypeKind.SMALLINT), "-32769", ValueDecoder.RANGE);
    assertEquals(Long.MIN_VALUE, parseLong(DataType.of(TypeKind.BIGINT), "-9223372036854775808"));
    assertEquals(Long.MAX_VALUE, parseLong(DataType.of(TypeKind.BIGINT), "9223372036854775807"));
    assertBad(DataType.of(TypeKind.BIGINT), "9223372036854775808", ValueDecoder.RANGE);
    assertBad(DataType.of(TypeKind.INTEGER), "12x", ValueDecoder.SYNTAX);
    assertBad(DataType.of(TypeKind.INTEGER), "-", ValueDecoder.SYNTAX);
    assertBad(DataType.of(TypeKind.INTEGER), "1.0", ValueDecoder.SYNTAX);
  }

  @Test
  void decimalsRoundHalfUpAndCheckPrecision() {
    DataType type = DataType.decimal(5, 2);
    assertEquals(123, parseLong(type, "1.225"));
    assertEquals(-123, parseLong(type, "-1.225"));
    assertEquals(122, parseLong(type, "1.2249999"));
    assertEquals(100, parseLong(type, "1"));
    assertEquals(50, parseLong(type, ".5"));
    assertEquals(99999, parseLong(type, "999.99"));
    assertEquals(12300, parseLong(type, "1.23e2"));
    assertBad(type, "999.995", ValueDecoder.RANGE);
    assertBad(type, "1000", ValueDecoder.RANGE);
    assertBad(type, "1.2.3", ValueDecoder.SYNTAX);
    assertBad(type, ".", ValueDecoder.SYNTAX);
    Random random = new Random(7);
    DataType wide = DataType.decimal(18, 4);
    for (int i = 0; i < 2000; i++) {
      BigDecimal value = BigDecimal.valueOf(random.nextLong() % 1_000_000_000_000L, random.nextInt(9));
      long expected = value.setScale(4, RoundingMode.HALF_UP).unscaledValue().longValue();
      assertEquals(expected, parseLong(wide, value.toPlainString()), value.toPlainString());
    }
  }

  @Test
  void doublesMatchJavaParsing() {
    Random random = new Random(11);
    ValueDecoder decoder = decoder(DataType.of(TypeKind.DOUBLE));
    String[] fixed = {"0", "-0.0", "3.141592653589793", "1e22", "1e23", "123456789012345678", "0.1", "-2.5E-3",
        "9007199254740993", "4.9e-324", "1.7976931348623157E308", "NaN", "-Infinity", "  42  "};
    for (String text : fixed) {
      assertTrue(decode(decoder, text), text);
      assertEquals(Double.parseDouble(text.trim()), ((DoubleVector) decoder.vector()).values[1], text);
    }
    for (int i = 0; i < 20_000; i++) {
      String text = i % 2 == 0 ? Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(30) - 15))
          : String.format("%." + random.nextInt(8) + "f", (random.nextDouble() - 0.5) * 1e6);
      assertTrue(decode(decoder, text), text);
      assertEquals(Double.parseDouble(text), ((DoubleVector) decoder.vector()).values[1], text);
    }
    assertFalse(decode(decoder, "0x1p3"));
    assertFalse(decode(decoder, "1d"));
    assertFalse(decode(decoder, "abc"));
    ValueDecoder real = decoder(DataType.of(TypeKind.REAL));
    for (String text : new String[] {"0.1", "16777217", "3.4028235E38", "-1.17549435E-38", "2.5"}) {
      assertTrue(decode(real, text), text);
      assertEquals(Float.parseFloat(text), ((DoubleVector) real.vector()).values[1], text);
    }
  }

  @Test
  void booleansIgnoreCase() {
    ValueDecoder decoder = decoder(DataType.of(TypeKind.BOOLEAN));
    assertTrue(decode(decoder, "TRUE"));
    assertTrue(((BooleanVector) decoder.vector()).values[1]);
    assertTrue(decode(decoder, "False"));
    assertFalse(((BooleanVector) decoder.vector()).values[1]);
    assertFalse(decode(decoder, "yes"));
    assertFalse(decode(decoder, "1"));
  }

  @Test
  void datesMatchTheCalendar() {
    DataType type = DataType.of(TypeKind.DATE);
    for (LocalDate day = LocalDate.of(1599, 12, 1); day.isBefore(LocalDate.of(2401, 3, 1)); day = day.plusDays(13)) {
      assertEquals(day.toEpochDay(), parseLong(type, day.toString()), day.toString());
    }
    assertEquals(LocalDate.of(2024, 2, 29).toEpochDay(), parseLong(type, "2024-02-29"));
    assertBad(type, "2023-02-29", ValueDecoder.SYNTAX);
    assertBad(type, "2023-13-01", ValueDecoder.SYNTAX);
    assertBad(type, "2023-1-01", ValueDecoder.SYNTAX);
    assertBad(type, "20230101", ValueDecoder.SYNTAX);
  }

  @Test
  void timesAndTimestamps() {
    DataType time = DataType.of(TypeKind.TIME);
    assertEquals(3_723_000, parseLong(time, "01:02:03"));
    assertEquals(3_723_450, parseLong(time, "01:02:03.45"));
    assertEquals(3_723_456, parseLong(time, "01:02:03.456789"));
    assertBad(time, "24:00:00", ValueDecoder.SYNTAX);
    assertBad(time, "01:02:03.", ValueDecoder.SYNTAX);
    DataType timestamp = DataType.of(TypeKind.TIMESTAMP);
    long expected = LocalDateTime.of(2024, 3, 1, 12, 30, 15, 250_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();
    assertEquals(expected, parseLong(timestamp, "2024-03-01 12:30:15.25"));
    assertEquals(expected, parseLong(timestamp, "2024-03-01T12:30:15.250Z"));
    assertEquals(expected, parseLong(timestamp, "2024-03-01T14:30:15.250+02:00"));
    assertEquals(expected - 15_250, parseLong(timestamp, "2024-03-01T12:30"));
    assertEquals(LocalDate.of(1950, 6, 1).toEpochDay() * 86_400_000L, parseLong(timestamp, "1950-06-01"));
    assertBad(timestamp, "2024-03-01 12:30:15 PM", ValueDecoder.SYNTAX);
    assertBad(timestamp, "2024-03-01X12:30:15", ValueDecoder.SYNTAX);
  }

  /** The fixed millisecond form has its own path, and one decoder remembers the last date. */
  @Test
  void millisecondTimestampsShareTheirDate() {
    DataType timestamp = DataType.of(TypeKind.TIMESTAMP);
    ValueDecoder decoder = decoder(timestamp);
    String[] texts = {"2024-01-01 00:16:39.999", "2024-01-01 23:59:59.000", "2024-01-02T00:00:00.001",
        "2024-01-01 00:00:00.000", "1969-12-31 23:59:59.999", "2024-02-29 12:00:00.500"};
    for (String text : texts) {
      assertTrue(decode(decoder, text), text);
      long expected = LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
      assertEquals(expected, ((LongVector) decoder.vector()).values[1], text);
    }
    for (String bad : new String[] {"2024-01-01 24:00:00.000", "2024-01-01 00:60:00.000", "2024-01-01 00:00:6a.000",
        "2024-01-01 00:00:00.0x0", "2024-01-01 00:00:00,000", "2023-02-29 00:00:00.000", "2024-01-01 00:00:00.-01"}) {
      assertFalse(decode(decoder, bad), bad);
      assertEquals(ValueDecoder.SYNTAX, decoder.failure, bad);
    }
    assertTrue(decode(decoder, "2024-01-01 00:00:00.000"));
    assertEquals(LocalDate.of(2024, 1, 1).toEpochDay() * 86_400_000L, ((LongVector) decoder.vector()).values[1]);
  }
}
