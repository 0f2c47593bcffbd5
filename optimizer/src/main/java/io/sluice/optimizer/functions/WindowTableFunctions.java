package io.sluice.optimizer.functions;

import java.util.List;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSessionTableFunction;
import org.apache.calcite.sql.SqlHopTableFunction;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlTumbleTableFunction;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The window table functions Sluice adds to or changes in Calcite's operator table. Each gives
 * {@code window_time} after {@code window_start} and {@code window_end} ({@link WindowTime}).
 */
public final class WindowTableFunctions {
  public static final SqlWindowTableFunction TUMBLE = new SqlTumbleTableFunction() {
    @Override
    public SqlReturnTypeInference getRowTypeInference() {
      return WindowTime.rowType(super.getRowTypeInference());
    }
  };
  public static final SqlWindowTableFunction HOP = new SqlHopTableFunction() {
    @Override
    public SqlReturnTypeInference getRowTypeInference() {
      return WindowTime.rowType(super.getRowTypeInference());
    }
  };
  public static final CumulateTableFunction CUMULATE = new CumulateTableFunction();
  public static final SessionTableFunction SESSION = new SessionTableFunction();

  private WindowTableFunctions() {}

  /** Sluice's window table functions. */
  public static SqlOperatorTable table() {
    return SqlOperatorTables.of(TUMBLE, HOP, CUMULATE, SESSION);
  }

  /** {@code standard} without Calcite's own TUMBLE, HOP and SESSION, which Sluice's replace. */
  public static SqlOperatorTable withoutCalciteWindows(SqlOperatorTable standard) {
    return new SqlOperatorTable() {
      @Override
      public void lookupOperatorOverloads(SqlIdentifier opName, @Nullable SqlFunctionCategory category,
          SqlSyntax syntax, List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
        int before = operatorList.size();
        standard.lookupOperatorOverloads(opName, category, syntax, operatorList, nameMatcher);
        operatorList.subList(before, operatorList.size()).removeIf(WindowTableFunctions::replaced);
      }

      @Override
      public List<SqlOperator> getOperatorList() {
        return standard.getOperatorList().stream().filter(op -> !replaced(op)).toList();
      }
    };
  }

  private static boolean replaced(SqlOperator op) {
    return op instanceof SqlSessionTableFunction || op == SqlStdOperatorTable.TUMBLE || op == SqlStdOperatorTable.HOP;
  }
}
