package io.sluice.optimizer.functions;

import io.sluice.catalog.ErrorCode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * PostgreSQL's {@code MAKE_INTERVAL(years, months, weeks, days, hours, mins, secs)}, each argument
 * optional (zero), given by position or by name ({@code MAKE_INTERVAL(days => 10)}).
 *
 * <p>The call is rewritten before validation into interval arithmetic over Sluice's two interval
 * types: {@code years * INTERVAL '1' YEAR + months * INTERVAL '1' MONTH} when it has years or
 * months, {@code weeks * INTERVAL '7' DAY + days * INTERVAL '1' DAY + ... + secs * INTERVAL '1'
 * SECOND} when it has days or time, so that it is as fast as the literals and a NULL argument gives
 * NULL, as PostgreSQL's does. An argument written as the literal 0 counts as absent. A call with both
 * months and days or time has no Sluice type (see {@code PostgresIntervals} in the parser) and is
 * refused, naming the arguments.
 */
public final class MakeInterval extends SqlFunction {
  public static final MakeInterval INSTANCE = new MakeInterval();

  /** The parameters, in PostgreSQL's order and with its names. */
  private static final List<String> PARAMETERS = List.of("years", "months", "weeks", "days", "hours", "mins", "secs");
  /** Per parameter: the unit and how many of it one counts for. */
  private static final TimeUnit[] UNITS = {TimeUnit.YEAR, TimeUnit.MONTH, TimeUnit.DAY, TimeUnit.DAY, TimeUnit.HOUR,
      TimeUnit.MINUTE, TimeUnit.SECOND};
  private static final String[] ONE = {"1", "1", "7", "1", "1", "1", "1"};

  private MakeInterval() {
    super("MAKE_INTERVAL", SqlKind.OTHER_FUNCTION, ReturnTypes.explicit(
        SqlTypeName.INTERVAL_DAY_SECOND), null, OperandTypes.VARIADIC,
        SqlFunctionCategory.TIMEDATE);
  }

  @Override
  public List<String> getParamNames() {
    return PARAMETERS;
  }

  @Override
  public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
    SqlNode[] arguments = new SqlNode[PARAMETERS.size()];
    List<SqlNode> operands = call.getOperandList();
    if (operands.size() > PARAMETERS.size()) {
      throw ArgumentException.at(operands.get(PARAMETERS.size()), ErrorCode.TYPE_MISMATCH,
          "MAKE_INTERVAL takes at most 7 arguments (years, months, weeks, days, hours, mins, secs)");
    }
    boolean named = false;
    for (int i = 0; i < operands.size(); i++) {
      SqlNode operand = operands.get(i);
      int at = i;
      if (operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
        SqlCall assignment = (SqlCall) operand;
        String name = ((SqlIdentifier) assignment.operand(1)).getSimple().toLowerCase(Locale.ROOT);
        at = PARAMETERS.indexOf(name);
        if (at < 0) {
          throw ArgumentException.at(operand, ErrorCode.TYPE_MISMATCH, "MAKE_INTERVAL has no argument '" + name
              + "'; its arguments are years, months, weeks, days, hours, mins and secs");
        }
        operand = assignment.operand(0);
        named = true;
      } else if (named) {
        throw ArgumentException.at(operand, ErrorCode.TYPE_MISMATCH,
            "MAKE_INTERVAL: an argument by position cannot follow one by name");
      }
      if (arguments[at] != null) {
        throw ArgumentException.at(operands.get(i), ErrorCode.TYPE_MISMATCH,
            "MAKE_INTERVAL: argument '" + PARAMETERS.get(at) + "' is given twice");
      }
      arguments[at] = operand;
    }
    SqlParserPos pos = call.getParserPosition();
    SqlNode months = sum(arguments, 0, 2, pos);
    SqlNode dayTime = sum(arguments, 2, PARAMETERS.size(), pos);
    if (months != null && dayTime != null) {
      throw ArgumentException.at(call, ErrorCode.UNSUPPORTED, "MAKE_INTERVAL with years or months and also weeks,"
          + " days or time makes an interval Sluice has no type for; add two calls instead:"
          + " ts + MAKE_INTERVAL(months => m) + MAKE_INTERVAL(days => d)");
    }
    if (months != null) {
      return months;
    }
    return dayTime != null ? dayTime : interval("0", TimeUnit.SECOND, pos);
  }

  /** The sum of {@code argument * INTERVAL 'one' unit} over the parameters from {@code from} to {@code to}; null if none is given. */
  private static SqlNode sum(SqlNode[] arguments, int from, int to, SqlParserPos pos) {
    SqlNode sum = null;
    for (int i = from; i < to; i++) {
      SqlNode argument = arguments[i];
      if (argument == null || isZero(argument)) {
        continue;
      }
      if (argument instanceof SqlDynamicParam) {
        // a parameter's type would be taken from the interval it multiplies; it is PostgreSQL's instead
        argument = SqlStdOperatorTable.CAST.createCall(argument.getParserPosition(), argument, new SqlDataTypeSpec(
            new SqlBasicTypeNameSpec(UNITS[i] == TimeUnit.SECOND ? SqlTypeName.DOUBLE : SqlTypeName.INTEGER,
                argument.getParserPosition()), argument.getParserPosition()));
      }
      SqlNode term = SqlStdOperatorTable.MULTIPLY.createCall(argument.getParserPosition(), argument,
          interval(ONE[i], UNITS[i], argument.getParserPosition()));
      sum = sum == null ? term : SqlStdOperatorTable.PLUS.createCall(pos, sum, term);
    }
    return sum;
  }

  private static boolean isZero(SqlNode argument) {
    return argument instanceof SqlNumericLiteral
        && ((SqlNumericLiteral) argument).getValueAs(BigDecimal.class).signum() == 0;
  }

  private static SqlNode interval(String value, TimeUnit unit, SqlParserPos pos) {
    return SqlLiteral.createInterval(1, value, new SqlIntervalQualifier(unit, null, pos), pos);
  }
}
