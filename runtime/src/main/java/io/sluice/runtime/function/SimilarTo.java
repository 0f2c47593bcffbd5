package io.sluice.runtime.function;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code string SIMILAR TO pattern [ESCAPE escape]} with PostgreSQL's meaning: the pattern must
 * match the whole string; {@code %} is any text and {@code _} any character as in LIKE, and
 * {@code |}, {@code *}, {@code +}, {@code ?}, {@code {m,n}}, parentheses and bracket expressions
 * are those of regular expressions, while {@code .}, {@code ^} and {@code $} stand for themselves.
 * The escape character (a backslash unless ESCAPE names another; an empty ESCAPE, none) makes the
 * character after it literal. The pattern is translated into a Java regular expression once per
 * call site while it and the escape stay the same ({@link Memo}), so rows allocate nothing.
 */
public final class SimilarTo {
  private SimilarTo() {}

  /** The default escape, a backslash, for generated code to pass when the SQL names none. */
  public static final byte[] BACKSLASH = {'\\'};

  /** Whether the whole string matches the pattern, {@code e} being the escape (empty: none). */
  public static boolean matches(byte[] b, int off, int len, byte[] p, int poff, int plen, byte[] e, int eoff, int elen,
      Scratch memo) {
    int escape = escape(e, eoff, elen);
    RegexReplace compiled = Memo.find(memo, RegexReplace.class, p, poff, plen, escape);
    if (compiled == null) {
      String pattern = new String(p, poff, plen, StandardCharsets.UTF_8);
      try {
        compiled = Memo.keep(memo, p, poff, plen, escape,
            new RegexReplace(Pattern.compile(toRegex(pattern, escape), Pattern.DOTALL), false));
      } catch (PatternSyntaxException ex) {
        throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "SIMILAR TO: invalid pattern '" + pattern + "': "
            + ex.getDescription());
      }
    }
    return compiled.over(b, off, len, 0).matches();
  }

  /** The escape's code point, or -1 for none; more than one character is an error, as in PostgreSQL. */
  private static int escape(byte[] e, int off, int len) {
    if (len == 0) {
      return -1;
    }
    int first = Strings.sequenceLength(e[off]);
    if (first != len) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "SIMILAR TO: invalid escape string '"
          + new String(e, off, len, StandardCharsets.UTF_8) + "': it must be empty or one character");
    }
    return new String(e, off, len, StandardCharsets.UTF_8).codePointAt(0);
  }

  /** The Java regular expression that matches what {@code pattern} does under SIMILAR TO. */
  static String toRegex(String pattern, int escape) {
    StringBuilder regex = new StringBuilder(pattern.length() + 8);
    boolean inBrackets = false;
    for (int i = 0; i < pattern.length(); ) {
      int c = pattern.codePointAt(i);
      i += Character.charCount(c);
      if (c == escape) {
        if (i < pattern.length()) {
          int next = pattern.codePointAt(i);
          i += Character.charCount(next);
          if (next != '"') { // escape-" marks the part SUBSTRING returns; for matching it is nothing
            literal(regex, next);
          }
        }
      } else if (inBrackets) {
        if (c == ']') {
          inBrackets = false;
          regex.append(']');
        } else if (c == '[' || c == '&' || c == '\\') {
          regex.append('\\').appendCodePoint(c);
        } else {
          regex.appendCodePoint(c);
        }
      } else if (c == '[') {
        inBrackets = true;
        regex.append('[');
        if (i < pattern.length() && pattern.charAt(i) == '^') {
          regex.append('^');
          i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') { // a ']' first is a member
          regex.append("\\]");
          i++;
        }
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else if (c == '(') {
        regex.append("(?:");
      } else if ("|*+?{},)".indexOf(c) >= 0 || Character.isLetterOrDigit(c) && c < 0x80) {
        regex.appendCodePoint(c);
      } else {
        literal(regex, c);
      }
    }
    return regex.toString();
  }

  private static void literal(StringBuilder regex, int c) {
    if (c < 0x80 && !Character.isLetterOrDigit(c)) {
      regex.append('\\');
    }
    regex.appendCodePoint(c);
  }
}
