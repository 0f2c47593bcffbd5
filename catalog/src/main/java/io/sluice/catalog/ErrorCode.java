package io.sluice.catalog;

/**
 * Every error Sluice reports carries one of these codes and its SQLSTATE, so that tests and
 * tools can tell errors apart without parsing messages.
 */
public enum ErrorCode {
  SYNTAX_ERROR("42000"),
  UNKNOWN_TABLE("42S02"),
  UNKNOWN_COLUMN("42S22"),
  UNKNOWN_FUNCTION("42883"),
  OBJECT_EXISTS("42S01"),
  VALIDATION_ERROR("42000"),
  TYPE_MISMATCH("42804"),
  UNSUPPORTED("0A000"),
  UNSUPPORTED_TYPE("0A000"),
  INVALID_OPTION("22023"),
  DIVISION_BY_ZERO("22012"),
  NUMERIC_OVERFLOW("22003"),
  INVALID_CAST("22018"),
  INVALID_ARGUMENT("22023"),
  CARDINALITY_VIOLATION("21000"),
  /** A NULL in a NOT NULL column (or a primary key's). */
  NOT_NULL_VIOLATION("23502"),
  /** A row whose key a primary key or unique index already holds. */
  UNIQUE_VIOLATION("23505"),
  /** DROP ... RESTRICT of an object other objects depend on. */
  DEPENDENT_OBJECTS_EXIST("2BP01"),
  MALFORMED_INPUT("22P02"),
  /** Text that is no value of a date, time or interval type (PostgreSQL's {@code invalid_datetime_format}). */
  INVALID_DATETIME_FORMAT("22007"),
  /**
   * Text that is no Unicode character sequence: a lone half of a surrogate pair in a literal or a
   * parameter (PostgreSQL's {@code character_not_in_repertoire}).
   */
  CHARACTER_NOT_IN_REPERTOIRE("22021"),
  /** An escape in a Unicode literal ({@code U&'...'}) the standard does not allow (PostgreSQL's {@code invalid_escape_sequence}). */
  INVALID_ESCAPE_SEQUENCE("22025"),
  IO_ERROR("58030"),
  /** A checkpoint file is missing, truncated, corrupted or of a newer format. */
  CHECKPOINT_ERROR("XX001"),
  /** Another process runs a query on the checkpoint. */
  CHECKPOINT_IN_USE("55006"),
  /** The checkpoint was written by a query whose state the restarted query cannot take. */
  CHECKPOINT_INCOMPATIBLE("55000"),
  /** The statement was cancelled (JDBC {@code Statement.cancel()}, Ctrl-C in the shell). */
  QUERY_CANCELLED("57014"),
  /** The statement ran longer than its query timeout and was cancelled. */
  QUERY_TIMEOUT("57014"),
  INTERNAL_ERROR("XX000"),
  /** Another process has the database folder open. */
  DATABASE_IN_USE("55006"),
  /** A file of a database folder is missing, truncated, corrupted or of a newer format. */
  DATABASE_DAMAGED("XX001"),
  /** Refused by 'security.external-access' = 'off': a path, URI or connector outside what is allowed. */
  ACCESS_DENIED("42501"),
  /** A write on a connection set read-only (Connection.setReadOnly). */
  READ_ONLY("25006"),
  /** A statement larger than Sluice plans (too long, too many values); the message names the limit. */
  PROGRAM_LIMIT_EXCEEDED("54000"),
  /** A statement nested too deeply to plan; the message names the limit. */
  STATEMENT_TOO_COMPLEX("54001"),
  /** A query with more columns than Sluice plans; the message names the limit. */
  TOO_MANY_COLUMNS("54011"),
  /**
   * A query's state outgrew the memory budget ({@code pipeline.state.memory}), or the Java heap ran
   * out under it; PostgreSQL's {@code out_of_memory}. The message names the query, the operator and
   * what helps.
   */
  OUT_OF_MEMORY("53200");

  /** The code for an SQLSTATE of class 54 (program limit exceeded). */
  public static ErrorCode programLimit(String sqlState) {
    for (ErrorCode code : values()) {
      if (code.sqlState.equals(sqlState) && sqlState.startsWith("54")) {
        return code;
      }
    }
    return PROGRAM_LIMIT_EXCEEDED;
  }

  private final String sqlState;

  ErrorCode(String sqlState) {
    this.sqlState = sqlState;
  }

  public String sqlState() {
    return sqlState;
  }
}
