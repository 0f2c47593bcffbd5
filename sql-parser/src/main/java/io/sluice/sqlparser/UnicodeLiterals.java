package io.sluice.sqlparser;

/**
 * Decodes the standard's Unicode string literals, {@code U&'d\0061t\+01F600'} with an optional
 * {@code UESCAPE 'c'}, before Calcite parses the text: each becomes a plain literal holding the
 * decoded characters. Calcite decodes {@code \XXXX} only and reads {@code \+01F600} as
 * {@code \+01F} and the text "600", a wrong value without a word; PostgreSQL and the standard take
 * {@code \+XXXXXX} (six hex digits) for any code point.
 *
 * <p>Positions stay where the user wrote them: the plain literal starts where {@code U&} did and is
 * followed by spaces up to where the original literal (and its UESCAPE clause) ended, and line
 * breaks are kept, so Calcite's positions after the literal are the user's.
 */
final class UnicodeLiterals {
  private static final char DEFAULT_ESCAPE = '\\';

  /** An escape the standard does not allow, at a char offset of the text. */
  static final class BadEscape extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int offset;

    BadEscape(int offset, String message) {
      super(message, null, false, false);
      this.offset = offset;
    }
  }

  private UnicodeLiterals() {}

  /** The text with every {@code U&'...'} literal decoded; the same instance when it has none. */
  static String decode(String sql) {
    StringBuilder out = null;
    int copied = 0;
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if ((c == '-' || c == '/') && i + 1 < n && sql.charAt(i + 1) == c) {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'' || c == '"') {
        i = SoftKeywords.quoted(sql, i, c, false);
      } else if (Character.isLetter(c) || c == '_') {
        int end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
            || sql.charAt(end) == '$')) {
          end++;
        }
        boolean unicode = end == i + 1 && (c == 'U' || c == 'u') && end + 1 < n && sql.charAt(end) == '&'
            && sql.charAt(end + 1) == '\'';
        if (unicode) {
          if (out == null) {
            out = new StringBuilder(n);
          }
          out.append(sql, copied, i);
          copied = replace(sql, i, out);
          i = copied;
        } else if (end == i + 1 && (c == 'E' || c == 'e') && end < n && sql.charAt(end) == '\'') {
          i = SoftKeywords.quoted(sql, end, '\'', true);
        } else {
          i = end;
        }
      } else {
        i++;
      }
    }
    if (out == null) {
      return sql;
    }
    return out.append(sql, copied, n).toString();
  }

  /** Writes the plain literal for the {@code U&'} at {@code start}; returns where the original ended. */
  private static int replace(String sql, int start, StringBuilder out) {
    int bodyStart = start + 3;
    int quote = SoftKeywords.quoted(sql, start + 2, '\'', false) - 1;
    if (quote < bodyStart || sql.charAt(quote) != '\'') {
      return sql.length(); // never closed: Calcite reports it
    }
    int end = quote + 1;
    char escape = DEFAULT_ESCAPE;
    int clause = skipSpace(sql, end);
    if (sql.regionMatches(true, clause, "UESCAPE", 0, 7) && !isWordChar(sql, clause + 7)) {
      int open = skipSpace(sql, clause + 7);
      if (open + 2 >= sql.length() || sql.charAt(open) != '\'' || sql.charAt(open + 2) != '\'') {
        throw new BadEscape(clause, "UESCAPE takes one character in quotes, as UESCAPE '!'");
      }
      escape = sql.charAt(open + 1);
      if (Character.digit(escape, 16) >= 0 || escape == '+' || escape == '\'' || escape == '"'
          || Character.isWhitespace(escape)) {
        throw new BadEscape(open + 1, "'" + escape + "' cannot be the escape character of a Unicode literal"
            + " (not a hex digit, +, a quote or a space)");
      }
      end = open + 3;
    }
    String value = decodeBody(sql, bodyStart, quote, escape);
    int lengthBefore = out.length();
    out.append('\'').append(value.replace("'", "''")).append('\'');
    for (int k = quote + 1; k < end; k++) {
      if (sql.charAt(k) == '\n') {
        out.append('\n');
      }
    }
    int originalLastLine = lastLineLength(sql, start, end);
    int writtenLastLine = lastLineLength(out, lengthBefore, out.length());
    for (int pad = writtenLastLine; pad < originalLastLine; pad++) {
      out.append(' ');
    }
    return end;
  }

  private static String decodeBody(String sql, int from, int to, char escape) {
    StringBuilder value = new StringBuilder(to - from);
    for (int k = from; k < to; k++) {
      char c = sql.charAt(k);
      if (c == '\'') {
        value.append('\'');
        k++; // the doubled quote
      } else if (c != escape) {
        value.append(c);
      } else if (k + 1 < to && sql.charAt(k + 1) == escape) {
        value.append(escape);
        k++;
      } else if (k + 1 < to && sql.charAt(k + 1) == '+') {
        int codePoint = hex(sql, k + 2, 6, to);
        if (codePoint < 0) {
          throw new BadEscape(k, "invalid Unicode escape: " + escape + "+ takes six hex digits, as " + escape
              + "+01F600");
        }
        if (codePoint > Character.MAX_CODE_POINT) {
          throw new BadEscape(k, String.format(java.util.Locale.ROOT, "invalid Unicode escape value %s+%06X:"
              + " the largest code point is 10FFFF", escape, codePoint));
        }
        value.appendCodePoint(codePoint);
        k += 7;
      } else {
        int unit = hex(sql, k + 1, 4, to);
        if (unit < 0) {
          throw new BadEscape(k, "invalid Unicode escape: " + escape + " takes four hex digits (" + escape
              + "00E9), " + escape + "+ and six (" + escape + "+01F600), or " + escape + escape + " for "
              + escape + " itself");
        }
        value.append((char) unit);
        k += 4;
      }
    }
    return value.toString();
  }

  /** The value of {@code digits} hex digits at {@code at} (before {@code limit}), or -1. */
  private static int hex(String sql, int at, int digits, int limit) {
    if (at + digits > limit) {
      return -1;
    }
    int value = 0;
    for (int k = at; k < at + digits; k++) {
      int digit = Character.digit(sql.charAt(k), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  private static int skipSpace(String sql, int at) {
    while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
      at++;
    }
    return at;
  }

  private static boolean isWordChar(String sql, int at) {
    return at < sql.length() && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '_');
  }

  /** Characters after the last line break in [from, to), or all of them when there is none. */
  private static int lastLineLength(CharSequence text, int from, int to) {
    for (int k = to - 1; k >= from; k--) {
      if (text.charAt(k) == '\n') {
        return to - k - 1;
      }
    }
    return to - from;
  }
}
