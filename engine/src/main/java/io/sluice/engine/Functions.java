package io.sluice.engine;

import java.util.List;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/** Names of the functions the validator knows, for SHOW FUNCTIONS. */
final class Functions {
  private Functions() {}

  static List<String> names() {
    TreeSet<String> names = new TreeSet<>();
    for (SqlOperator op : SqlStdOperatorTable.instance().getOperatorList()) {
      if (op instanceof SqlFunction && op.getName().matches("[A-Z_][A-Z0-9_]*")) {
        names.add(op.getName());
      }
    }
    return List.copyOf(names);
  }
}
