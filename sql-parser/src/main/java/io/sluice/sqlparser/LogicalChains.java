package io.sluice.sqlparser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;

/**
 * Rebalances chains of AND and of OR. The parser builds {@code a OR b OR c OR ...} as a tree one
 * level deeper per term, and every later stage walks it recursively, so a generated condition of
 * a few thousand terms would exhaust the thread stack. AND and OR are associative in SQL's
 * three-valued logic, so the same terms in a balanced tree mean the same thing, and a chain of a
 * million terms is only twenty levels deep. The optimizer flattens them again anyway.
 */
final class LogicalChains {
  private LogicalChains() {}

  /** Rebalances, in place, every AND or OR chain under {@code root}, without recursion. */
  static void balance(SqlNode root) {
    Deque<SqlNode> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      SqlNode node = pending.pop();
      if (node instanceof SqlNodeList) {
        for (SqlNode element : (SqlNodeList) node) {
          if (element != null) {
            pending.push(element);
          }
        }
        continue;
      }
      if (!(node instanceof SqlCall)) {
        continue;
      }
      SqlCall call = (SqlCall) node;
      if (isChainLink(call) && (isSameLink(call, call.operand(0)) || isSameLink(call, call.operand(1)))) {
        List<SqlNode> terms = terms(call);
        int half = terms.size() / 2;
        call.setOperand(0, tree(call.getOperator(), terms, 0, half));
        call.setOperand(1, tree(call.getOperator(), terms, half, terms.size()));
        pending.addAll(terms);
        continue;
      }
      for (SqlNode operand : call.getOperandList()) {
        if (operand != null) {
          pending.push(operand);
        }
      }
    }
  }

  private static boolean isChainLink(SqlCall call) {
    return call instanceof SqlBasicCall && (call.getKind() == SqlKind.AND || call.getKind() == SqlKind.OR)
        && call.operandCount() == 2;
  }

  private static boolean isSameLink(SqlCall chain, SqlNode operand) {
    return operand instanceof SqlCall && isChainLink((SqlCall) operand)
        && ((SqlCall) operand).getKind() == chain.getKind();
  }

  /** The chain's terms from left to right. */
  private static List<SqlNode> terms(SqlCall chain) {
    List<SqlNode> terms = new ArrayList<>();
    Deque<SqlNode> pending = new ArrayDeque<>();
    pending.push(chain);
    while (!pending.isEmpty()) {
      SqlNode node = pending.pop();
      if (isSameLink(chain, node)) {
        SqlCall link = (SqlCall) node;
        pending.push(link.operand(1));
        pending.push(link.operand(0));
      } else {
        terms.add(node);
      }
    }
    return terms;
  }

  /** A balanced tree over {@code terms[from, to)}. Its depth is the logarithm of the count. */
  private static SqlNode tree(SqlOperator operator, List<SqlNode> terms, int from, int to) {
    if (to - from == 1) {
      return terms.get(from);
    }
    int middle = (from + to) >>> 1;
    return new SqlBasicCall(operator, List.of(tree(operator, terms, from, middle), tree(operator, terms, middle, to)),
        terms.get(from).getParserPosition());
  }
}
