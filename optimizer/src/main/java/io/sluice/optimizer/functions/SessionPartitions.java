package io.sluice.optimizer.functions;

import io.sluice.catalog.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Rewrites {@code SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), gap)} into Calcite's form
 * {@code SESSION(TABLE t, DESCRIPTOR(ts), DESCRIPTOR(k), gap)} before validation. Calcite
 * converts a partitioned table argument as a sub-query, which the planner (sub-queries not
 * expanded at conversion) would lose; a key descriptor converts to a plain input.
 */
public final class SessionPartitions {
  private SessionPartitions() {}

  /**
   * Rewrites every partitioned SESSION call in {@code query}, in place.
   *
   * @throws org.apache.calcite.runtime.CalciteContextException positioned on a partition key
   *     that is not a column, an ORDER BY, or keys given twice
   */
  public static void rewrite(SqlNode query) {
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call.getKind() == SqlKind.COLLECTION_TABLE && call instanceof SqlBasicCall
            && call.operandCount() > 0 && isPartitionedSession(call.operand(0))) {
          ((SqlBasicCall) call).setOperand(0, withKeyDescriptor(call.operand(0)));
        }
        return super.visit(call);
      }
    });
  }

  private static boolean isPartitionedSession(SqlNode node) {
    if (!(node instanceof SqlCall)) {
      return false;
    }
    SqlCall call = (SqlCall) node;
    return call.getOperator().getName().toUpperCase(Locale.ROOT).equals("SESSION") && call.operandCount() > 0
        && call.operand(0) != null && call.operand(0).getKind() == SqlKind.SET_SEMANTICS_TABLE;
  }

  private static SqlNode withKeyDescriptor(SqlCall session) {
    SqlCall table = session.operand(0);
    SqlNodeList partition = table.operand(1);
    SqlNodeList order = table.operand(2);
    if (order != null && !order.isEmpty()) {
      throw ArgumentException.at(order.get(0), ErrorCode.VALIDATION_ERROR,
          "SESSION orders rows by its time column: its table argument takes PARTITION BY but no ORDER BY");
    }
    if (session.operandCount() != 3) {
      throw ArgumentException.at(session.operand(2), ErrorCode.VALIDATION_ERROR,
          "SESSION takes its keys once: either TABLE t PARTITION BY k or DESCRIPTOR(k), not both");
    }
    List<SqlNode> keys = new ArrayList<>();
    for (SqlNode key : partition) {
      if (!(key instanceof SqlIdentifier)) {
        throw ArgumentException.at(key, ErrorCode.VALIDATION_ERROR,
            "SESSION partitions by columns of its table, not by expressions such as " + key);
      }
      SqlIdentifier id = (SqlIdentifier) key;
      keys.add(new SqlIdentifier(id.names.get(id.names.size() - 1), id.getParserPosition()));
    }
    SqlNode descriptor = SqlStdOperatorTable.DESCRIPTOR.createCall(partition.getParserPosition(), keys);
    List<SqlNode> operands = List.of(table.operand(0), session.operand(1), descriptor, session.operand(2));
    return new SqlBasicCall(session.getOperator(), operands, session.getParserPosition(),
        session.getFunctionQuantifier());
  }
}
