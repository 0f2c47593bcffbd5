package io.sluice.runtime.function;

import java.nio.charset.StandardCharsets;

/**
 * TO_DATE, TO_TIMESTAMP and TO_NUMBER with a PostgreSQL template: text read into a date, a
 * timestamp or a number ({@link DateParser}, {@link NumberParser}). The template is compiled once
 * per call site while it stays the same, kept in the call site's scratch buffer.
 */
public final class Parsing {
  private static final long DATE = 1;
  private static final long TIMESTAMP = 2;

  private Parsing() {}

  /** TO_DATE(text, format): the date the text holds. */
  @SqlFunction("TO_DATE")
  public static long toDate(byte[] t, int toff, int tlen, byte[] f, int foff, int flen, Scratch memo) {
    long ts = dateParser(f, foff, flen, memo, DATE).parse(t, toff, tlen, "TO_DATE");
    return Math.floorDiv(ts, DateTimes.MILLIS_PER_DAY);
  }

  /** TO_TIMESTAMP(text, format): the timestamp (UTC) the text holds, to the millisecond. */
  @SqlFunction("TO_TIMESTAMP")
  public static long toTimestamp(byte[] t, int toff, int tlen, byte[] f, int foff, int flen, Scratch memo) {
    return dateParser(f, foff, flen, memo, TIMESTAMP).parse(t, toff, tlen, "TO_TIMESTAMP");
  }

  /** TO_NUMBER(text, format): the number the text holds. */
  @SqlFunction("TO_NUMBER")
  public static double toNumber(byte[] t, int toff, int tlen, byte[] f, int foff, int flen, Scratch memo) {
    NumberParser parser = Memo.find(memo, NumberParser.class, f, foff, flen, 0);
    if (parser == null) {
      parser = Memo.keep(memo, f, foff, flen, 0, NumberParser.compile(new String(f, foff, flen, StandardCharsets.UTF_8)));
    }
    return parser.parse(t, toff, tlen);
  }

  private static DateParser dateParser(byte[] f, int foff, int flen, Scratch memo, long variant) {
    DateParser parser = Memo.find(memo, DateParser.class, f, foff, flen, variant);
    return parser != null ? parser
        : Memo.keep(memo, f, foff, flen, variant, DateParser.compile(new String(f, foff, flen, StandardCharsets.UTF_8)));
  }
}
