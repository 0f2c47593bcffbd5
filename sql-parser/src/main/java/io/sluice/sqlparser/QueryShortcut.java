package io.sluice.sqlparser;

/**
 * Recognises a statement that is a query ({@code SELECT}, {@code VALUES}, {@code WITH} or
 * {@code TABLE}, after any opening parentheses) without the statement grammar, and gives the same
 * {@link SqlSpan} as the grammar's {@code query} rule: from its first token to its last, comments
 * inside included, without the trailing {@code ;}, spaces and comments. Loading and initialising the
 * ANTLR lexer and parser was about 5 % of a short command's start-up ({@code sluice -c "SELECT 1"}),
 * and a query needs nothing of them.
 *
 * <p>It reads tokens the way the grammar's lexer does (strings and quoted identifiers with doubled
 * quotes, {@code --} and block comments, the same white space) and answers null, leaving the text
 * to the grammar, wherever it is not sure: a word that does not end in ASCII, anything after a
 * {@code ;}, a comment never closed. {@code QueryShortcutTest} checks that its answer is always the
 * grammar's.
 */
final class QueryShortcut {
  private QueryShortcut() {}

  /** The query that {@code text} is, as the grammar would give it, or null to ask the grammar. */
  static QueryStatement query(String text) {
    int start = skipHidden(text, 0);
    int i = start;
    while (i >= 0 && i < text.length() && text.charAt(i) == '(') {
      i = skipHidden(text, i + 1);
    }
    if (i < 0) {
      return null;
    }
    int wordEnd = i;
    while (wordEnd < text.length() && isAsciiLetter(text.charAt(wordEnd))) {
      wordEnd++;
    }
    if (!startsQuery(text.substring(i, wordEnd)) || wordEnd < text.length() && continuesWord(text.charAt(wordEnd))) {
      return null;
    }
    int end = lastTokenEnd(text, wordEnd);
    if (end < 0) {
      return null;
    }
    TextPositions positions = new TextPositions(text);
    return new QueryStatement(new SqlSpan(text.substring(start, end), positions.line(start), positions.column(start),
        start));
  }

  private static boolean startsQuery(String word) {
    return word.equalsIgnoreCase("SELECT") || word.equalsIgnoreCase("VALUES") || word.equalsIgnoreCase("WITH")
        || word.equalsIgnoreCase("TABLE");
  }

  /**
   * The end of the last token from {@code from} on, before an optional {@code ;}; -1 when something
   * other than spaces and comments follows the {@code ;}, or a quote or comment is not closed.
   */
  private static int lastTokenEnd(String text, int from) {
    int end = from;
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      int hidden = skipHidden(text, i);
      if (hidden < 0) {
        return -1;
      }
      if (hidden > i) {
        i = hidden;
      } else if (c == ';') {
        return skipHidden(text, i + 1) == text.length() ? end : -1;
      } else if (c == '\'' || c == '"') {
        int close = ScriptSplitter.closingQuote(text, i);
        if (close < 0) {
          return -1;
        }
        i = close + 1;
        end = i;
      } else {
        i++;
        end = i;
      }
    }
    return end;
  }

  /** The index of the first character at or after {@code i} that is no space or comment; -1 for an open comment. */
  private static int skipHidden(String text, int i) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        i++;
      } else if (text.startsWith("--", i)) {
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          i++;
        }
      } else if (text.startsWith("/*", i)) {
        int close = text.indexOf("*/", i + 2);
        if (close < 0) {
          return -1;
        }
        i = close + 2;
      } else {
        break;
      }
    }
    return i;
  }

  /** The grammar's white space: {@code [ \t\r\n\f\u000B\u00A0]}. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\u000B' || c == '\u00A0';
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  /** Whether {@code c} after a keyword makes it a longer word, or may (any non-ASCII character). */
  private static boolean continuesWord(char c) {
    return c >= 0x80 || c >= '0' && c <= '9' || c == '_' || c == '$' || isAsciiLetter(c);
  }
}
