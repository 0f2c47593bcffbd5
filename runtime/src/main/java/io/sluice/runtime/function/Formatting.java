package io.sluice.runtime.function;

/**
 * TO_CHAR: a timestamp or a number written in a PostgreSQL template ({@link DateFormat},
 * {@link NumberFormat}). The template is compiled once per call site while it stays the same.
 */
public final class Formatting {
  private Formatting() {}

  /** TO_CHAR(timestamp, format). */
  @SqlFunction("TO_CHAR")
  public static int timestampToChar(@SqlFunction.Timestamp long ts, byte[] f, int foff, int flen, Scratch out) {
    DateFormat format = Memo.find(out, DateFormat.class, f, foff, flen, 0);
    if (format == null) {
      format = Memo.keep(out, f, foff, flen, 0,
          DateFormat.compile(new String(f, foff, flen, java.nio.charset.StandardCharsets.UTF_8)));
    }
    return format.format(ts, out);
  }

  /** TO_CHAR(integer, format). */
  @SqlFunction("TO_CHAR")
  public static int toChar(long value, byte[] f, int foff, int flen, Scratch out) {
    return numberFormat(f, foff, flen, out).format(value, 0, out);
  }

  /** TO_CHAR(decimal, format) of up to 18 digits, rounded half away from zero as PostgreSQL's numeric. */
  @SqlFunction("TO_CHAR")
  public static int toChar(@SqlFunction.Decimal long unscaled, int precision, int scale, byte[] f, int foff, int flen,
      Scratch out) {
    return numberFormat(f, foff, flen, out).format(unscaled, scale, out);
  }

  /** TO_CHAR(double, format); a wider DECIMAL is written through this one too. */
  @SqlFunction("TO_CHAR")
  public static int toChar(double value, byte[] f, int foff, int flen, Scratch out) {
    return numberFormat(f, foff, flen, out).format(value, out);
  }

  private static NumberFormat numberFormat(byte[] f, int foff, int flen, Scratch out) {
    NumberFormat format = Memo.find(out, NumberFormat.class, f, foff, flen, 0);
    return format != null ? format : Memo.keep(out, f, foff, flen, 0, NumberFormat.compile(f, foff, flen));
  }
}
