package io.sluice.sqlparser;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a script into statements at each {@code ;} that is not inside a {@code --} or
 * {@code /* *}{@code /} comment, a {@code '...'} string or a {@code "..."} quoted identifier.
 */
public final class ScriptSplitter {
  private ScriptSplitter() {}

  /**
   * Splits {@code script} into its statements, in order. Statements that are empty or hold only
   * comments are dropped; a statement's text starts at its first character that is neither
   * whitespace nor comment and ends at its last such character before the {@code ;} (or the end
   * of the script, when the last statement has no {@code ;}).
   *
   * @throws SqlParseError for a string, quoted identifier or block comment that is not closed,
   *     positioned where it starts
   */
  public static List<StatementText> split(String script) {
    Scan scan = scan(script, true);
    return scan.statements;
  }

  /**
   * True when {@code buffer} ends with a {@code ;} outside strings, quoted identifiers and
   * comments, ignoring whitespace and comments after it: the shell then has complete input.
   * Never throws; unclosed quotes or comments make the buffer incomplete.
   */
  public static boolean isComplete(String buffer) {
    Scan scan = scan(buffer, false);
    return !scan.unterminated && scan.endsWithSemicolon;
  }

  /** Throws the error {@link #split} would throw for an unclosed string, identifier or comment. */
  static void requireTerminated(String text) {
    scan(text, true);
  }

  private static final class Scan {
    final List<StatementText> statements = new ArrayList<>();
    boolean endsWithSemicolon;
    boolean unterminated;
  }

  private static Scan scan(String text, boolean strict) {
    Scan scan = new Scan();
    TextPositions positions = null;
    int length = text.length();
    int statementStart = -1;
    int statementEnd = -1;
    int i = 0;
    while (i < length) {
      char c = text.charAt(i);
      char next = i + 1 < length ? text.charAt(i + 1) : '\0';
      if (c == '-' && next == '-') {
        i += 2;
        while (i < length && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          i++;
        }
        continue;
      }
      if (c == '/' && next == '*') {
        int close = text.indexOf("*/", i + 2);
        if (close < 0) {
          positions = positions == null ? new TextPositions(text) : positions;
          return unterminated(scan, strict, positions, i, "block comment", "/*");
        }
        i = close + 2;
        continue;
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        i++;
        continue;
      }
      if (c == ';') {
        if (statementStart >= 0) {
          positions = positions == null ? new TextPositions(text) : positions;
          scan.statements.add(statement(positions, statementStart, statementEnd));
          statementStart = -1;
        }
        scan.endsWithSemicolon = true;
        i++;
        continue;
      }
      scan.endsWithSemicolon = false;
      if (statementStart < 0) {
        statementStart = i;
      }
      if (c == '\'' || c == '"') {
        int end = closingQuote(text, i);
        if (end < 0) {
          positions = positions == null ? new TextPositions(text) : positions;
          String what = c == '\'' ? "string literal" : "quoted identifier";
          return unterminated(scan, strict, positions, i, what, String.valueOf(c));
        }
        i = end + 1;
      } else {
        i++;
      }
      statementEnd = i;
    }
    if (statementStart >= 0) {
      positions = positions == null ? new TextPositions(text) : positions;
      scan.statements.add(statement(positions, statementStart, statementEnd));
    }
    return scan;
  }

  /** Index of the quote closing the one at {@code start}, skipping doubled quotes; -1 if none. */
  static int closingQuote(String text, int start) {
    char quote = text.charAt(start);
    int i = start + 1;
    while (true) {
      int found = text.indexOf(quote, i);
      if (found < 0) {
        return -1;
      }
      if (found + 1 < text.length() && text.charAt(found + 1) == quote) {
        i = found + 2;
      } else {
        return found;
      }
    }
  }

  private static StatementText statement(TextPositions positions, int start, int end) {
    return new StatementText(
        positions.text().substring(start, end), positions.line(start), positions.column(start), start);
  }

  private static Scan unterminated(
      Scan scan, boolean strict, TextPositions positions, int offset, String what, String token) {
    if (strict) {
      throw new SqlParseError("Unterminated " + what + " starting at ",
          positions.line(offset), positions.column(offset), "", token);
    }
    scan.unterminated = true;
    scan.endsWithSemicolon = false;
    return scan;
  }
}
