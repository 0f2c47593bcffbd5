package io.sluice.sqlparser;

/**
 * A string literal whose text is no Unicode character sequence: {@code U&'\D800'} (or a Java
 * string with such a char) decodes to half of a surrogate pair, which no UTF-8 text can hold.
 * PostgreSQL refuses it too; storing it would silently turn it into '?'. The engine reports it with
 * SQLSTATE 22021 ({@code character_not_in_repertoire}).
 */
public final class InvalidTextError extends SqlParseError {
  private static final long serialVersionUID = 1L;

  InvalidTextError(int line, int column, String problem) {
    super("Invalid text at ", line, column, ": " + problem, "");
  }

  @Override
  public SqlParseError inScript(StatementText statement) {
    int[] position = statement.toScriptPosition(line(), column());
    InvalidTextError moved = new InvalidTextError(position[0], position[1],
        getMessage().substring(getMessage().indexOf(": ") + 2));
    moved.setStackTrace(getStackTrace());
    return moved;
  }
}
