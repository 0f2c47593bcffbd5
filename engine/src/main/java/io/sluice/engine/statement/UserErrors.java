package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.sqlparser.ErrorContext;
import io.sluice.sqlparser.InvalidTextError;
import io.sluice.sqlparser.SqlParseError;
import io.sluice.sqlparser.StatementLimitError;
import io.sluice.sqlparser.StatementText;

/**
 * Errors as the user sees them: code, message, and where the text is at fault the position with
 * the offending line and a caret; a failure that is not the user's becomes an internal error
 * that asks to be reported, never a bare stack trace.
 */
public final class UserErrors {
  private UserErrors() {}

  /** A failure of a running query's rows, which have no statement text to point into. */
  private static ErrorCode code(InvalidTextError.Kind kind) {
    switch (kind) {
      case INVALID_ESCAPE:
        return ErrorCode.INVALID_ESCAPE_SEQUENCE;
      case INVALID_DATETIME_FORMAT:
        return ErrorCode.INVALID_DATETIME_FORMAT;
      case UNSUPPORTED_INTERVAL:
        return ErrorCode.UNSUPPORTED;
      default:
        return ErrorCode.CHARACTER_NOT_IN_REPERTOIRE;
    }
  }

  static SluiceException of(Throwable e) {
    return of(e, "", null);
  }

  /**
   * The error as the user sees it: code, message, and where the text is at fault the position
   * (in the coordinates of {@code text}) with the offending line and a caret.
   */
  public static SluiceException of(Throwable e, String text, StatementText inScript) {
    if (e instanceof SqlParseError) {
      SqlParseError parse = inScript == null ? (SqlParseError) e : ((SqlParseError) e).inScript(inScript);
      ErrorCode code = parse instanceof StatementLimitError
          ? ErrorCode.programLimit(((StatementLimitError) parse).sqlState())
          : parse instanceof InvalidTextError invalid ? code(invalid.kind())
          : ErrorCode.SYNTAX_ERROR;
      SluiceException result = new SluiceException(code,
          parse.getMessage() + "\n" + ErrorContext.render(text, parse.line(), parse.column()),
          parse.line(), parse.column(), e);
      return result;
    }
    if (e instanceof SluiceException) {
      SluiceException s = (SluiceException) e;
      if (!s.hasPosition()) {
        return s;
      }
      int line = s.line();
      int column = s.column();
      if (inScript != null) {
        int[] p = inScript.toScriptPosition(line, column);
        line = p[0];
        column = p[1];
      }
      return new SluiceException(s.code(), "At line " + line + ", column " + column + ": " + s.getMessage() + "\n"
          + ErrorContext.render(text, line, column), line, column, s);
    }
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof StackOverflowError)) {
      cause = cause.getCause(); // Calcite wraps it: "while converting ..."
    }
    if (cause instanceof StackOverflowError) {
      // The last line of defence, in this one place: StatementLimits keeps trees shallow enough for
      // every stage, but a stage may still recurse in a way the limits do not foresee.
      return new SluiceException(ErrorCode.STATEMENT_TOO_COMPLEX, "The statement is nested too deeply to plan"
          + " (parentheses,"
          + " expressions, CASE or subqueries within each other): write it with fewer levels", 0, 0, e);
    }
    String list = "class org.apache.calcite.sql.SqlNodeList: ";
    if (cause instanceof UnsupportedOperationException && cause.getMessage() != null
        && cause.getMessage().startsWith(list)) {
      // Calcite's validator meets a list where a value must be: "1 IN (0, 1) / 0" divides the list
      return new SluiceException(ErrorCode.VALIDATION_ERROR, "A parenthesized list of values ("
          + cause.getMessage().substring(list.length()) + ") can only follow IN or stand as a row; here it is used"
          + " as a single value (is an operator applied to the IN list? put the IN in parentheses)", 0, 0, e);
    }
    String where = e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : "";
    return new SluiceException(ErrorCode.INTERNAL_ERROR,
        "Internal error (please report it with the statement): " + e + where, 0, 0, e);
  }
}
