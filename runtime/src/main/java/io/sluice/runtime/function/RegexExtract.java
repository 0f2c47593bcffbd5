package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.util.regex.Matcher;

/**
 * PostgreSQL's functions that return what a regular expression matched: REGEXP_SUBSTR(string,
 * pattern [, start [, n [, flags [, subexpr]]]]), the n-th match or one of its groups, and
 * REGEXP_MATCH(string, pattern [, flags]), the first match's groups. Both are NULL when nothing
 * matches. Patterns and flags are REGEXP_REPLACE's ({@link RegexReplace}), compiled once per call
 * site; flag {@code g} is refused, as PostgreSQL refuses it.
 *
 * <p>PostgreSQL's REGEXP_MATCH returns a {@code text[]}; Sluice has no array type, so it returns
 * that array as PostgreSQL writes it: {@code {bar,beque}}, an element quoted when it is empty, is
 * {@code NULL} or holds a brace, comma, double quote, backslash or white space, and an unmatched
 * group written NULL. REGEXP_SUBSTR gives one group as plain text.
 */
public final class RegexExtract {
  private RegexExtract() {}

  /** The result length that stands for NULL (see {@link SqlFunction#mayBeNull}). */
  private static final int NULL = -1;

  @SqlFunction(value = "REGEXP_SUBSTR", mayBeNull = true)
  public static int regexpSubstr(byte[] b, int off, int len, byte[] p, int poff, int plen, Scratch out) {
    return regexpSubstr(b, off, len, p, poff, plen, 1, 1, Strings.EMPTY, 0, 0, 0, out);
  }

  @SqlFunction(value = "REGEXP_SUBSTR", mayBeNull = true)
  public static int regexpSubstr(byte[] b, int off, int len, byte[] p, int poff, int plen, long start, Scratch out) {
    return regexpSubstr(b, off, len, p, poff, plen, start, 1, Strings.EMPTY, 0, 0, 0, out);
  }

  @SqlFunction(value = "REGEXP_SUBSTR", mayBeNull = true)
  public static int regexpSubstr(byte[] b, int off, int len, byte[] p, int poff, int plen, long start, long n,
      Scratch out) {
    return regexpSubstr(b, off, len, p, poff, plen, start, n, Strings.EMPTY, 0, 0, 0, out);
  }

  @SqlFunction(value = "REGEXP_SUBSTR", mayBeNull = true)
  public static int regexpSubstr(byte[] b, int off, int len, byte[] p, int poff, int plen, long start, long n,
      byte[] f, int foff, int flen, Scratch out) {
    return regexpSubstr(b, off, len, p, poff, plen, start, n, f, foff, flen, 0, out);
  }

  /**
   * The {@code n}-th match (from 1) found from the {@code start}-th character, or its group
   * {@code subexpr} (0: the whole match); NULL when there is no such match or the group took no part.
   */
  @SqlFunction(value = "REGEXP_SUBSTR", mayBeNull = true)
  public static int regexpSubstr(byte[] b, int off, int len, byte[] p, int poff, int plen, long start, long n,
      byte[] f, int foff, int flen, long subexpr, Scratch out) {
    positive("REGEXP_SUBSTR", "start", start);
    positive("REGEXP_SUBSTR", "n", n);
    if (subexpr < 0) {
      throw invalid("REGEXP_SUBSTR", "subexpr", subexpr);
    }
    RegexReplace compiled = RegexMatch.notGlobal("REGEXP_SUBSTR", RegexReplace.compiled("REGEXP_SUBSTR", p, poff, plen, f, foff,
        flen, out));
    Matcher matcher = compiled.over(b, off, len, start - 1);
    if (matcher == null) {
      return NULL;
    }
    for (long k = 0; k < n; k++) {
      if (!matcher.find()) {
        return NULL;
      }
    }
    if (subexpr > matcher.groupCount() || matcher.start((int) subexpr) < 0) {
      return NULL;
    }
    StringBuilder result = compiled.newResult();
    result.append(compiled.text(), matcher.start((int) subexpr), matcher.end((int) subexpr) - matcher.start((int) subexpr));
    return compiled.writeResult(out);
  }

  @SqlFunction(value = "REGEXP_MATCH", mayBeNull = true)
  public static int regexpMatch(byte[] b, int off, int len, byte[] p, int poff, int plen, Scratch out) {
    return regexpMatch(b, off, len, p, poff, plen, Strings.EMPTY, 0, 0, out);
  }

  /**
   * The groups of the first match, or the whole match when the pattern has no group, written as
   * PostgreSQL writes a {@code text[]}; NULL when nothing matches.
   */
  @SqlFunction(value = "REGEXP_MATCH", mayBeNull = true)
  public static int regexpMatch(byte[] b, int off, int len, byte[] p, int poff, int plen, byte[] f, int foff, int flen,
      Scratch out) {
    RegexReplace compiled = RegexMatch.notGlobal("REGEXP_MATCH", RegexReplace.compiled("REGEXP_MATCH", p, poff, plen, f, foff,
        flen, out));
    Matcher matcher = compiled.over(b, off, len, 0);
    if (!matcher.find()) {
      return NULL;
    }
    char[] text = compiled.text();
    StringBuilder result = compiled.newResult().append('{');
    int groups = matcher.groupCount();
    for (int g = groups == 0 ? 0 : 1; g <= groups; g++) {
      if (g > 1) {
        result.append(',');
      }
      if (matcher.start(g) < 0) {
        result.append("NULL");
      } else {
        arrayElement(result, text, matcher.start(g), matcher.end(g));
      }
    }
    result.append('}');
    return compiled.writeResult(out);
  }

  /** One element of an array's text, in double quotes (with {@code "} and {@code \} escaped) where PostgreSQL quotes it. */
  private static void arrayElement(StringBuilder result, char[] text, int start, int end) {
    boolean quote = start == end || end - start == 4 && (text[start] | 0x20) == 'n' && (text[start + 1] | 0x20) == 'u'
        && (text[start + 2] | 0x20) == 'l' && (text[start + 3] | 0x20) == 'l';
    for (int i = start; i < end && !quote; i++) {
      char c = text[i];
      quote = c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || c == ' ' || c == '\t' || c == '\n'
          || c == '\r' || c == '\u000b' || c == '\f';
    }
    if (!quote) {
      result.append(text, start, end - start);
      return;
    }
    result.append('"');
    for (int i = start; i < end; i++) {
      char c = text[i];
      if (c == '"' || c == '\\') {
        result.append('\\');
      }
      result.append(c);
    }
    result.append('"');
  }

  private static void positive(String function, String parameter, long value) {
    if (value < 1) {
      throw invalid(function, parameter, value);
    }
  }

  private static SluiceException invalid(String function, String parameter, long value) {
    return new SluiceException(ErrorCode.INVALID_ARGUMENT, function + ": invalid value for parameter \"" + parameter
        + "\": " + value);
  }
}
