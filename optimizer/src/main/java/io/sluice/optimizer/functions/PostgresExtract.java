package io.sluice.optimizer.functions;

import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import java.util.List;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlDatePartFunction;
import org.apache.calcite.sql.fun.SqlExtractFunction;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * EXTRACT as PostgreSQL types it where Calcite loses digits: {@code EXTRACT(EPOCH FROM ts)} of a
 * timestamp or a time is the seconds with their fraction, a {@code DECIMAL(18, 6)}
 * ({@code 1704067200.250000}, as PostgreSQL prints it), not Calcite's whole-second BIGINT, and
 * {@code EXTRACT(SECOND FROM ts)} of a timestamp, a time or a day-time interval keeps its fraction
 * too, a {@code DECIMAL(8, 6)} ({@code 40.500000}). Every other unit and operand type keeps
 * Calcite's type. (DOW counts from 0 for Sunday, as PostgreSQL's; the run-time does that.)
 *
 * <p>Calcite's DAYOFWEEK and SECOND functions are rewritten into EXTRACT while validating; they
 * keep their own meanings here ({@link #DAYOFWEEK}: 1 for Sunday; {@link #SECOND}: whole seconds).
 *
 * <p>The parser builds Calcite's own EXTRACT; the validator finds this one in its place when it
 * looks the call up ({@link #inPlaceOfCalcites}), so the conversion to a plan and code generation
 * see the wider type.
 */
public final class PostgresExtract extends SqlExtractFunction {
  public static final PostgresExtract INSTANCE = new PostgresExtract();
  /** Digits after the point of an epoch with its fraction: PostgreSQL's microseconds. */
  public static final int EPOCH_SCALE = 6;
  private static final int EPOCH_PRECISION = 18;
  /** Seconds with their fraction: up to 59.999999 (60 in a leap second, as PostgreSQL allows). */
  private static final int SECOND_PRECISION = 8;

  private PostgresExtract() {
    super("EXTRACT", false);
  }

  @Override
  public RelDataType inferReturnType(SqlOperatorBinding binding) {
    RelDataType standard = super.inferReturnType(binding);
    TimeUnitRange unit = unit(binding);
    SqlTypeName from = binding.getOperandType(1).getSqlTypeName();
    int precision;
    if (unit == TimeUnitRange.EPOCH && (from == SqlTypeName.TIMESTAMP || from == SqlTypeName.TIME)) {
      precision = EPOCH_PRECISION;
    } else if (unit == TimeUnitRange.SECOND && (from == SqlTypeName.TIMESTAMP || from == SqlTypeName.TIME
        || SqlTypeName.DAY_INTERVAL_TYPES.contains(from))) {
      precision = SECOND_PRECISION;
    } else {
      return standard;
    }
    RelDataTypeFactory types = binding.getTypeFactory();
    return types.createTypeWithNullability(
        types.createSqlType(SqlTypeName.DECIMAL, precision, EPOCH_SCALE), standard.isNullable());
  }

  private static TimeUnitRange unit(SqlOperatorBinding binding) {
    if (binding instanceof SqlCallBinding) {
      SqlNode unit = ((SqlCallBinding) binding).operand(0);
      return unit instanceof SqlIntervalQualifier ? ((SqlIntervalQualifier) unit).timeUnitRange : null;
    }
    return binding.getOperandLiteralValue(0, TimeUnitRange.class);
  }

  /** DAYOFWEEK(date) as Calcite's (1 for Sunday to 7): PostgreSQL's EXTRACT(DOW) plus one. */
  public static final SqlFunction DAYOFWEEK = new SqlDatePartFunction("DAYOFWEEK", TimeUnit.DOW) {
    @Override
    public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
      return SqlStdOperatorTable.PLUS.createCall(call.getParserPosition(), super.rewriteCall(validator, call),
          SqlLiteral.createExactNumeric("1", call.getParserPosition()));
    }
  };

  /** SECOND(time) as Calcite's: the whole seconds, an INTEGER, where EXTRACT(SECOND) keeps the fraction. */
  public static final SqlFunction SECOND = new SqlDatePartFunction("SECOND", TimeUnit.SECOND) {
    @Override
    public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
      SqlParserPos pos = call.getParserPosition();
      SqlNode whole = SqlStdOperatorTable.FLOOR.createCall(pos, super.rewriteCall(validator, call));
      return SqlStdOperatorTable.CAST.createCall(pos, whole,
          new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.INTEGER, pos), pos));
    }
  };

  /**
   * {@code table} with this EXTRACT in place of Calcite's (and DAYOFWEEK and SECOND, which become
   * EXTRACT): the validator looks a function call's operator up again by name when it derives its
   * type, so the table must hold this one only.
   */
  public static SqlOperatorTable inPlaceOfCalcites(SqlOperatorTable table) {
    SqlOperatorTable withoutCalcites = new SqlOperatorTable() {
      @Override
      public void lookupOperatorOverloads(SqlIdentifier name, @Nullable SqlFunctionCategory category,
          SqlSyntax syntax, List<SqlOperator> operators, SqlNameMatcher matcher) {
        int before = operators.size();
        table.lookupOperatorOverloads(name, category, syntax, operators, matcher);
        operators.subList(before, operators.size()).removeIf(PostgresExtract::replaced);
      }

      @Override
      public List<SqlOperator> getOperatorList() {
        return table.getOperatorList().stream().filter(op -> !replaced(op)).toList();
      }
    };
    return SqlOperatorTables.chain(withoutCalcites, SqlOperatorTables.of(INSTANCE, DAYOFWEEK, SECOND));
  }

  private static boolean replaced(SqlOperator op) {
    return op == SqlStdOperatorTable.EXTRACT || op == SqlStdOperatorTable.DAYOFWEEK || op == SqlStdOperatorTable.SECOND;
  }
}
