package io.sluice.optimizer.functions;

import java.util.List;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSessionTableFunction;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The window table functions Sluice adds to or changes in Calcite's operator table. */
public final class WindowTableFunctions {
  public static final CumulateTableFunction CUMULATE = new CumulateTableFunction();
  public static final SessionTableFunction SESSION = new SessionTableFunction();

  private WindowTableFunctions() {}

  /** Sluice's window table functions. */
  public static SqlOperatorTable table() {
    return SqlOperatorTables.of(CUMULATE, SESSION);
  }

  /** {@code standard} without Calcite's own SESSION, which {@link #SESSION} replaces. */
  public static SqlOperatorTable withoutCalciteSession(SqlOperatorTable standard) {
    return new SqlOperatorTable() {
      @Override
      public void lookupOperatorOverloads(SqlIdentifier opName, @Nullable SqlFunctionCategory category,
          SqlSyntax syntax, List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
        int before = operatorList.size();
        standard.lookupOperatorOverloads(opName, category, syntax, operatorList, nameMatcher);
        operatorList.subList(before, operatorList.size()).removeIf(op -> op instanceof SqlSessionTableFunction);
      }

      @Override
      public List<SqlOperator> getOperatorList() {
        return standard.getOperatorList().stream().filter(op -> !(op instanceof SqlSessionTableFunction)).toList();
      }
    };
  }
}
