package io.sluice.sqlparser;

/**
 * A Unicode string literal with an escape the standard does not allow ({@code U&'\12G4'},
 * {@code U&'\+110000'}, a bad {@code UESCAPE} character), at the escape's position. The engine
 * reports it with SQLSTATE 22025 ({@code invalid_escape_sequence}), as PostgreSQL does.
 */
public final class InvalidEscapeError extends SqlParseError {
  private static final long serialVersionUID = 1L;

  InvalidEscapeError(int line, int column, String problem) {
    super("Invalid escape at ", line, column, ": " + problem, "");
  }

  @Override
  public SqlParseError inScript(StatementText statement) {
    int[] position = statement.toScriptPosition(line(), column());
    InvalidEscapeError moved = new InvalidEscapeError(position[0], position[1],
        getMessage().substring(getMessage().indexOf(": ") + 2));
    moved.setStackTrace(getStackTrace());
    return moved;
  }
}
