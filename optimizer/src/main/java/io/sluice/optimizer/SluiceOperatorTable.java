package io.sluice.optimizer;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.StartupTrace;
import io.sluice.optimizer.functions.DeclaredFunctions;
import io.sluice.optimizer.functions.FunctionRegistry;
import io.sluice.optimizer.functions.MakeInterval;
import io.sluice.optimizer.functions.PostgresExtract;
import io.sluice.optimizer.functions.PostgresFormat;
import io.sluice.optimizer.functions.StringFunctions;
import io.sluice.optimizer.functions.WindowTableFunctions;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * The operators the validator knows: Calcite's standard operators (its window table functions
 * and EXTRACT replaced by Sluice's), SUBSTR, the library operators the registry names (a function's
 * {@code library} in functions.json), and the functions Sluice declares itself
 * ({@link FunctionRegistry} through {@link DeclaredFunctions}).
 *
 * <p>The table is built on first use, not when {@link QueryPlanner} is loaded: building it
 * initialises Calcite's operator classes, one of the largest parts of a short command's start-up,
 * and a command that needs no SQL (help, version) should not pay for it. Whichever thread asks first
 * builds it; if that fails, the failure is kept and every
 * later caller gets it with its cause, rather than the JVM's bare "Could not initialize class".
 */
public final class SluiceOperatorTable {
  private static SqlOperatorTable table;
  private static Throwable failure;

  private SluiceOperatorTable() {}

  /** The table, built by the first caller; the others wait for it. */
  public static synchronized SqlOperatorTable instance() {
    if (table == null) {
      if (failure != null) {
        throw failed(failure);
      }
      try {
        table = build();
        StartupTrace.phase("operator table");
      } catch (RuntimeException | LinkageError e) {
        failure = e;
        throw failed(e);
      }
    }
    return table;
  }

  /** Names of the functions and operators the validator knows, upper case. */
  public static SortedSet<String> operatorNames() {
    SortedSet<String> names = new TreeSet<>();
    for (SqlOperator op : instance().getOperatorList()) {
      names.add(op.getName().toUpperCase(Locale.ROOT));
    }
    return names;
  }

  private static SqlOperatorTable build() {
    FunctionRegistry registry = FunctionRegistry.instance();
    return SqlOperatorTables.chain(calciteOperators(registry), DeclaredFunctions.table(registry));
  }

  /**
   * The operators that come from Calcite: none may have the name of a function Sluice declares
   * itself ({@code SluiceOperatorTableTest}).
   */
  static SqlOperatorTable calciteOperators(FunctionRegistry registry) {
    return SqlOperatorTables.chain(
        PostgresExtract.inPlaceOfCalcites(WindowTableFunctions.withoutCalciteWindows(SqlStdOperatorTable.instance())),
        WindowTableFunctions.table(),
        SqlOperatorTables.of(StringFunctions.SUBSTR, PostgresFormat.INSTANCE, MakeInterval.INSTANCE),
        DeclaredFunctions.library(registry));
  }

  private static SluiceException failed(Throwable cause) {
    return new SluiceException(ErrorCode.INTERNAL_ERROR,
        "Sluice's SQL operators could not be set up: " + cause, cause);
  }
}
