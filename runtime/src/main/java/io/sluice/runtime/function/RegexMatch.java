package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;

/**
 * PostgreSQL's regular-expression tests: REGEXP_LIKE(string, pattern [, flags]), whether the
 * pattern matches anywhere in the string, and REGEXP_COUNT(string, pattern [, start [, flags]]),
 * how many times it matches. Patterns and flags are REGEXP_REPLACE's ({@link RegexReplace}),
 * compiled once per call site; flag {@code g} is refused, as PostgreSQL refuses it.
 */
public final class RegexMatch {
  private RegexMatch() {}

  @SqlFunction("REGEXP_LIKE")
  public static boolean regexpLike(byte[] b, int off, int len, byte[] p, int poff, int plen, Scratch memo) {
    return regexpLike(b, off, len, p, poff, plen, Strings.EMPTY, 0, 0, memo);
  }

  @SqlFunction("REGEXP_LIKE")
  public static boolean regexpLike(byte[] b, int off, int len, byte[] p, int poff, int plen, byte[] f, int foff,
      int flen, Scratch memo) {
    return notGlobal("REGEXP_LIKE", RegexReplace.compiled("REGEXP_LIKE", p, poff, plen, f, foff, flen, memo))
        .find(b, off, len);
  }

  @SqlFunction("REGEXP_COUNT")
  public static long regexpCount(byte[] b, int off, int len, byte[] p, int poff, int plen, Scratch memo) {
    return regexpCount(b, off, len, p, poff, plen, 1, Strings.EMPTY, 0, 0, memo);
  }

  @SqlFunction("REGEXP_COUNT")
  public static long regexpCount(byte[] b, int off, int len, byte[] p, int poff, int plen, long start, Scratch memo) {
    return regexpCount(b, off, len, p, poff, plen, start, Strings.EMPTY, 0, 0, memo);
  }

  /** REGEXP_COUNT from a 1-based character position. */
  @SqlFunction("REGEXP_COUNT")
  public static long regexpCount(byte[] b, int off, int len, byte[] p, int poff, int plen, long start, byte[] f,
      int foff, int flen, Scratch memo) {
    if (start < 1) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "REGEXP_COUNT: invalid value for parameter \"start\": "
          + start);
    }
    RegexReplace compiled = notGlobal("REGEXP_COUNT", RegexReplace.compiled("REGEXP_COUNT", p, poff, plen, f, foff,
        flen, memo));
    int from = off;
    for (long c = 1; c < start && from < off + len; c++) {
      from += Strings.sequenceLength(b[from]);
    }
    return compiled.count(b, Math.min(from, off + len), off + len - Math.min(from, off + len));
  }

  static RegexReplace notGlobal(String function, RegexReplace compiled) {
    if (compiled.global()) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, function + " does not support the \"global\" option (g)");
    }
    return compiled;
  }
}
