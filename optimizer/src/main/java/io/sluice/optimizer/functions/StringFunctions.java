package io.sluice.optimizer.functions;

import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * String functions in PostgreSQL's spelling whose Calcite library operator does not fit: Calcite's
 * {@code SUBSTR_POSTGRESQL} is rewritten by its convertlet into other calls (which fails on an
 * untyped NULL), while {@code SUBSTR} here is an ordinary function that code generation runs with
 * SUBSTRING's run-time method, positions before 1 included.
 */
public final class StringFunctions {
  private StringFunctions() {}

  /** {@code SUBSTR(string, start [, length])}: SUBSTRING by another name. */
  public static final SqlFunction SUBSTR = new SqlFunction("SUBSTR", SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG0_NULLABLE_VARYING, null, OperandTypes.STRING_INTEGER_OPTIONAL_INTEGER,
      SqlFunctionCategory.STRING);
}
