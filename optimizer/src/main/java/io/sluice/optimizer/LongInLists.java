package io.sluice.optimizer;

import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Long IN lists, before validation: a list of literal values becomes one {@link InValueSet} call
 * (its NOT for NOT IN), which converts to a SEARCH; any other long list makes conversion skip
 * simplification.
 *
 * <p>SqlToRelConverter writes {@code x IN (v1, ..., vn)} as an OR of n equalities, and the
 * RelBuilder it converts with simplifies a projection's expressions at once: each disjunct is
 * simplified against the negation of all the ones before it, which costs the cube of n (a
 * 6,000-value IN list in a SELECT list ran for more than twenty minutes). A list of literals never
 * becomes that OR ({@link #rewrite}). A long list with other values (columns, expressions) still
 * does; a statement holding one is converted without simplification ({@link #in}), and the
 * optimizer's first batch ({@code InListToSearch}) makes what it can of it a SEARCH.
 */
final class LongInLists {
  /** Literal values in one IN list from which on it is one SEARCH from the start (Calcite's IN-subquery default). */
  static final int SEARCH_FROM = 20;
  /** Values in one IN list of other values from which on conversion does not simplify (100 cost milliseconds). */
  static final int LIMIT = 100;

  private LongInLists() {}

  /** Replaces, in place, every IN and NOT IN list in {@code statement} of at least {@link #SEARCH_FROM} literals. */
  static void rewrite(SqlNode statement) {
    statement.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        List<SqlNode> operands = call.getOperandList();
        for (int i = 0; i < operands.size(); i++) {
          SqlNode replacement = replacement(operands.get(i));
          if (replacement != null) {
            call.setOperand(i, replacement);
          }
        }
        return super.visit(call);
      }

      @Override
      public Void visit(SqlNodeList list) {
        for (int i = 0; i < list.size(); i++) {
          SqlNode replacement = replacement(list.get(i));
          if (replacement != null) {
            list.set(i, replacement);
          }
        }
        return super.visit(list);
      }
    });
  }

  /** The set membership that replaces {@code node}, a long literal IN or NOT IN list, or null. */
  private static SqlNode replacement(SqlNode node) {
    if (!(node instanceof SqlBasicCall) || node.getKind() != SqlKind.IN && node.getKind() != SqlKind.NOT_IN) {
      return null;
    }
    SqlCall in = (SqlCall) node;
    if (in.operandCount() != 2 || in.operand(0) instanceof SqlNodeList || in.operand(0).getKind() == SqlKind.ROW
        || !(in.operand(1) instanceof SqlNodeList)) {
      return null;
    }
    SqlNodeList values = in.operand(1);
    if (values.size() < SEARCH_FROM) {
      return null;
    }
    for (SqlNode value : values) {
      if (!isLiteral(value)) {
        return null;
      }
    }
    SqlNode[] operands = new SqlNode[values.size() + 1];
    operands[0] = in.operand(0);
    for (int i = 0; i < values.size(); i++) {
      operands[i + 1] = values.get(i);
    }
    SqlCall member = InValueSet.INSTANCE.createCall(in.getParserPosition(), operands);
    return in.getKind() == SqlKind.IN ? member : SqlStdOperatorTable.NOT.createCall(in.getParserPosition(), member);
  }

  /** A literal, or a signed number. */
  private static boolean isLiteral(SqlNode node) {
    if (node instanceof SqlLiteral) {
      return true;
    }
    return (node.getKind() == SqlKind.MINUS_PREFIX || node.getKind() == SqlKind.PLUS_PREFIX)
        && ((SqlCall) node).operand(0) instanceof SqlLiteral;
  }

  /** Whether {@code statement} has an IN or NOT IN list with more than {@link #LIMIT} values. */
  static boolean in(SqlNode statement) {
    boolean[] found = {false};
    statement.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (found[0]) {
          return null;
        }
        if ((call.getKind() == SqlKind.IN || call.getKind() == SqlKind.NOT_IN)
            && call.operandCount() == 2
            && call.operand(1) instanceof SqlNodeList
            && ((SqlNodeList) call.operand(1)).size() > LIMIT) {
          found[0] = true;
          return null;
        }
        return super.visit(call);
      }
    });
    return found[0];
  }
}
