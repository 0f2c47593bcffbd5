package io.sluice.server.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The pieces of the protocol that clients reach only in some modes: numeric's binary form (base
 * 10000 digits, checked against bytes PostgreSQL's numeric_send writes), $n markers, literal casts
 * and floats' text.
 */
class WireFormatsTest {

  @Test
  void numericBinaryIsPostgresFormatAndRoundTrips() throws Exception {
    // numeric_send of 12345.678: ndigits 3, weight 1, positive, dscale 3, digits 1 2345 6780
    assertArrayEquals(new byte[] {0, 3, 0, 1, 0, 0, 0, 3, 0, 1, 0x09, 0x29, 0x1a, 0x7c},
        PgValues.numericBinary(new BigDecimal("12345.678")));
    for (String value : new String[] {"0", "0.00", "-1", "10000", "0.0001", "-1236.500", "123456789012345678",
        "0.000000012", "99999999.99"}) {
      BigDecimal d = new BigDecimal(value);
      assertEquals(d, PgValues.numericFromBinary(ByteBuffer.wrap(PgValues.numericBinary(d))), value);
    }
  }

  @Test
  void numberedParametersBecomeMarkersOutsideQuotes() {
    Placeholders p = Placeholders.rewrite("SELECT '$1', \"$2\", $2 -- $3\n + $1 /* $4 */ FROM t WHERE x = $10");
    assertEquals("SELECT '$1', \"$2\", ? -- $3\n + ? /* $4 */ FROM t WHERE x = ?", p.sql());
    assertArrayEquals(new int[] {2, 1, 10}, p.order());
    assertEquals(10, p.count());
  }

  @Test
  void literalCastsBecomeStandardCasts() {
    assertEquals("INSERT INTO t VALUES (CAST('2024-01-02T03:04:05' AS TIMESTAMP), CAST('a''b' AS VARCHAR), 'x::date')",
        LiteralCasts.rewrite("INSERT INTO t VALUES ('2024-01-02T03:04:05'::timestamp, 'a''b'::text, 'x::date')"));
    assertEquals("SELECT x::regclass", LiteralCasts.rewrite("SELECT x::regclass")); // not a literal: left as it is
  }

  @Test
  void fractionalSecondsAreWrittenAsPostgresWritesThem() {
    assertEquals("2024-01-02 03:15:00.25", PgValues.secondsText("2024-01-02 03:15:00.250"));
    assertEquals("2024-01-02 03:15:00", PgValues.secondsText("2024-01-02 03:15:00.000"));
    assertEquals("03:15:00.000001", PgValues.secondsText("03:15:00.000001"));
    assertEquals("2024-01-02 03:15:00", PgValues.secondsText("2024-01-02 03:15:00"));
  }

  @Test
  void floatsAreWrittenAsPostgresWritesThem() {
    assertEquals("1.5", PgValues.doubleText(1.5));
    assertEquals("10000000000", PgValues.doubleText(1e10));
    assertEquals("1e+20", PgValues.doubleText(1e20));
    assertEquals("1.5e-07", PgValues.doubleText(1.5e-7));
    assertEquals("-Infinity", PgValues.doubleText(Double.NEGATIVE_INFINITY));
    assertEquals("NaN", PgValues.floatText(Float.NaN));
    assertEquals("0.1", PgValues.floatText(0.1f));
  }

  @Test
  void badBinaryParametersAreRefusedWithTheirType() {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> PgValues.parameter(new byte[] {1, 2, 3}, true, PgType.INT4));
    assertEquals("22P03", e.sqlState());
    ProtocolException text = assertThrows(ProtocolException.class,
        () -> PgValues.parameter("twelve".getBytes(java.nio.charset.StandardCharsets.UTF_8), false, PgType.INT8));
    assertEquals("22P02", text.sqlState());
  }
}
