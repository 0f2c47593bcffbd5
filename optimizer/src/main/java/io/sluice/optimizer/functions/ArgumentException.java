package io.sluice.optimizer.functions;

import io.sluice.catalog.ErrorCode;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidatorException;

/**
 * A validation error of Sluice's own functions that carries its error code, so that the
 * planner reports it with that code (not the generic validation error) and the position of the
 * argument at fault.
 */
public final class ArgumentException extends SqlValidatorException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  private ArgumentException(ErrorCode code, String message) {
    super(message, null);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** An error about {@code argument}, positioned on it, as Calcite's validator throws them. */
  public static CalciteContextException at(SqlNode argument, ErrorCode code, String message) {
    SqlParserPos pos = argument.getParserPosition();
    return new CalciteContextException(message, new ArgumentException(code, message), pos.getLineNum(),
        pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
  }
}
