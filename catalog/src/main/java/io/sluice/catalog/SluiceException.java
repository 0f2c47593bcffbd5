package io.sluice.catalog;

/**
 * An error a user can act on: a code, a message, and where it applies the position in the
 * SQL text (1-based line and column) and the text in question.
 */
public class SluiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final int line;
  private final int column;

  public SluiceException(ErrorCode code, String message) {
    this(code, message, 0, 0, null);
  }

  public SluiceException(ErrorCode code, String message, Throwable cause) {
    this(code, message, 0, 0, cause);
  }

  public SluiceException(ErrorCode code, String message, int line, int column, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.line = line;
    this.column = column;
  }

  public ErrorCode code() {
    return code;
  }

  public String sqlState() {
    return code.sqlState();
  }

  /** 1-based line of the offending text, or 0 when the error has no position. */
  public int line() {
    return line;
  }

  /** 1-based column of the offending text, or 0 when the error has no position. */
  public int column() {
    return column;
  }

  public boolean hasPosition() {
    return line > 0;
  }

  /** The same error moved by a script offset: used when a statement starts inside a script. */
  public SluiceException shifted(int lineOffset, int columnOffsetOnFirstLine) {
    if (!hasPosition()) {
      return this;
    }
    int newColumn = line == 1 ? column + columnOffsetOnFirstLine : column;
    SluiceException moved = new SluiceException(code, getMessage(), line + lineOffset, newColumn, getCause());
    moved.setStackTrace(getStackTrace());
    return moved;
  }
}
