package io.sluice.sqlparser;

/**
 * A string literal whose text is no Unicode character sequence: {@code U&'\D800'} (or a Java
 * string with such a char) decodes to half of a surrogate pair, which no UTF-8 text can hold
 * (PostgreSQL refuses it too; storing it would silently turn it into '?'), or a Unicode literal
 * has an escape the standard does not allow ({@code U&'\12G4'}, {@code U&'\+110000'}, a bad
 * {@code UESCAPE} character). The engine reports the first with SQLSTATE 22021
 * ({@code character_not_in_repertoire}), the second with 22025 ({@code invalid_escape_sequence}).
 */
public final class InvalidTextError extends SqlParseError {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the text. */
  public enum Kind {
    /** Half of a surrogate pair alone. */
    CHARACTER_NOT_IN_REPERTOIRE("Invalid text at "),
    /** An escape of a {@code U&'...'} literal the standard does not allow. */
    INVALID_ESCAPE("Invalid escape at "),
    /** The string of an interval literal without a qualifier that PostgreSQL's interval input would refuse. */
    INVALID_DATETIME_FORMAT("Invalid interval at "),
    /** An interval literal of months and days or time where Sluice has no type for it. */
    UNSUPPORTED_INTERVAL("Unsupported interval at ");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }
  }

  private final Kind kind;

  InvalidTextError(int line, int column, String problem) {
    this(Kind.CHARACTER_NOT_IN_REPERTOIRE, line, column, problem);
  }

  InvalidTextError(Kind kind, int line, int column, String problem) {
    super(kind.prefix, line, column, ": " + problem, "");
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public SqlParseError inScript(StatementText statement) {
    int[] position = statement.toScriptPosition(line(), column());
    InvalidTextError moved = new InvalidTextError(kind, position[0], position[1],
        getMessage().substring(getMessage().indexOf(": ") + 2));
    moved.setStackTrace(getStackTrace());
    return moved;
  }
}
