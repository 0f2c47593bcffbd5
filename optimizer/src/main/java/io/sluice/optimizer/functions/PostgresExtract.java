package io.sluice.optimizer.functions;

import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import java.util.List;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlExtractFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * EXTRACT as PostgreSQL types it where Calcite loses digits: {@code EXTRACT(EPOCH FROM ts)} of a
 * timestamp or a time is the seconds with their fraction, a {@code DECIMAL(18, 6)}
 * ({@code 1704067200.250000}, as PostgreSQL prints it), not Calcite's whole-second BIGINT. Every
 * other unit and operand type keeps Calcite's type.
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

  private PostgresExtract() {
    super("EXTRACT", false);
  }

  @Override
  public RelDataType inferReturnType(SqlOperatorBinding binding) {
    RelDataType standard = super.inferReturnType(binding);
    if (unit(binding) != TimeUnitRange.EPOCH) {
      return standard;
    }
    SqlTypeName from = binding.getOperandType(1).getSqlTypeName();
    if (from != SqlTypeName.TIMESTAMP && from != SqlTypeName.TIME) {
      return standard;
    }
    RelDataTypeFactory types = binding.getTypeFactory();
    return types.createTypeWithNullability(
        types.createSqlType(SqlTypeName.DECIMAL, EPOCH_PRECISION, EPOCH_SCALE), standard.isNullable());
  }

  private static TimeUnitRange unit(SqlOperatorBinding binding) {
    if (binding instanceof SqlCallBinding) {
      SqlNode unit = ((SqlCallBinding) binding).operand(0);
      return unit instanceof SqlIntervalQualifier ? ((SqlIntervalQualifier) unit).timeUnitRange : null;
    }
    return binding.getOperandLiteralValue(0, TimeUnitRange.class);
  }

  /**
   * {@code table} with this EXTRACT in place of Calcite's: the validator looks a function call's
   * operator up again by name when it derives its type, so the table must hold this one only.
   */
  public static SqlOperatorTable inPlaceOfCalcites(SqlOperatorTable table) {
    SqlOperatorTable withoutCalcites = new SqlOperatorTable() {
      @Override
      public void lookupOperatorOverloads(SqlIdentifier name, @Nullable SqlFunctionCategory category,
          SqlSyntax syntax, List<SqlOperator> operators, SqlNameMatcher matcher) {
        int before = operators.size();
        table.lookupOperatorOverloads(name, category, syntax, operators, matcher);
        operators.subList(before, operators.size()).removeIf(op -> op == SqlStdOperatorTable.EXTRACT);
      }

      @Override
      public List<SqlOperator> getOperatorList() {
        return table.getOperatorList().stream().filter(op -> op != SqlStdOperatorTable.EXTRACT).toList();
      }
    };
    return SqlOperatorTables.chain(withoutCalcites, SqlOperatorTables.of(INSTANCE));
  }
}
