package io.sluice.optimizer;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Finds IN lists long enough that Calcite's simplifier must not see them as OR chains.
 *
 * <p>SqlToRelConverter writes {@code x IN (v1, ..., vn)} as an OR of n equalities, and the
 * RelBuilder it converts with simplifies a projection's expressions at once: each disjunct is
 * simplified against the negation of all the ones before it, which costs the cube of n (a
 * 6,000-value IN list in a SELECT list ran for more than twenty minutes). The optimizer's first
 * batch ({@code InListToSearch}) makes such chains one SEARCH; a statement holding a list this
 * long is therefore converted without simplification, and the optimizer simplifies it afterwards.
 */
final class LongInLists {
  /** Values in one IN list from which on conversion does not simplify (100 cost milliseconds). */
  static final int LIMIT = 100;

  private LongInLists() {}

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
