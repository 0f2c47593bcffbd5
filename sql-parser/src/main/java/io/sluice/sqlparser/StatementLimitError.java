package io.sluice.sqlparser;

/**
 * A statement that is legal SQL but larger than Sluice plans: too long, nested too deeply, too
 * many columns. It names the limit and the statement's figure, so the user knows what to change;
 * the engine reports it with SQLSTATE class 54 ("program limit exceeded"), as PostgreSQL does.
 */
public final class StatementLimitError extends SqlParseError {
  private static final long serialVersionUID = 1L;

  private final String sqlState;

  StatementLimitError(String sqlState, int line, int column, String problem) {
    super("Statement too large at ", line, column, ": " + problem, "");
    this.sqlState = sqlState;
  }

  /** {@code 54000} (program limit exceeded), {@code 54001} (too complex) or {@code 54011} (too many columns). */
  public String sqlState() {
    return sqlState;
  }

  @Override
  public SqlParseError inScript(StatementText statement) {
    int[] position = statement.toScriptPosition(line(), column());
    StatementLimitError moved = new StatementLimitError(sqlState, position[0], position[1],
        getMessage().substring(getMessage().indexOf(": ") + 2));
    moved.setStackTrace(getStackTrace());
    return moved;
  }
}
