package io.sluice.sqlparser;

/**
 * A statement or script that cannot be parsed, with the 1-based line and column where the text is
 * at fault and the offending token ("" at the end of the input).
 *
 * <p>The message always contains the position once, as "line L, column C", so that
 * {@link #inScript(StatementText)} can restate it in the coordinates of a whole script.
 */
public class SqlParseError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String messageBeforePosition;
  private final String messageAfterPosition;
  private final int line;
  private final int column;
  private final String token;

  /**
   * Creates an error whose message is {@code before + "line L, column C" + after}.
   *
   * @param before message text before the position, e.g. "Syntax error at "
   * @param after message text after the position, e.g. ": unexpected 'FORM'"
   */
  public SqlParseError(String before, int line, int column, String after, String token) {
    super(before + positionText(line, column) + after);
    this.messageBeforePosition = before;
    this.messageAfterPosition = after;
    this.line = line;
    this.column = column;
    this.token = token == null ? "" : token;
  }

  /** 1-based line of the offending text. */
  public int line() {
    return line;
  }

  /** 1-based column of the offending text (a tab counts as one column). */
  public int column() {
    return column;
  }

  /** The offending token's text, or "" when the input ended too early. */
  public String token() {
    return token;
  }

  /** The message without the exception class name; same as {@link #getMessage()}. */
  public String message() {
    return getMessage();
  }

  /**
   * This error restated in the coordinates of the script that {@code statement} was split from,
   * for an error raised while parsing {@code statement.text()}.
   */
  public SqlParseError inScript(StatementText statement) {
    int[] position = statement.toScriptPosition(line, column);
    SqlParseError moved = new SqlParseError(
        messageBeforePosition, position[0], position[1], messageAfterPosition, token);
    moved.setStackTrace(getStackTrace());
    return moved;
  }

  private static String positionText(int line, int column) {
    return "line " + line + ", column " + column;
  }
}
