package io.sluice.optimizer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.util.Litmus;

/**
 * Long IN lists, before validation: a list of literal values becomes one {@link InValueSet} call
 * (its NOT for NOT IN), which converts to a SEARCH, and so does a long OR of equalities of one
 * expression with literals; any other long list makes conversion skip simplification.
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

  /**
   * The set membership that replaces {@code node}, a long literal IN or NOT IN list or a long OR of
   * equalities of one expression with literals, or null.
   */
  private static SqlNode replacement(SqlNode node) {
    if (node instanceof SqlBasicCall && node.getKind() == SqlKind.OR) {
      SqlNode set = orOfEqualities((SqlCall) node);
      return set != null ? set : orOfTuples((SqlCall) node);
    }
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

  /**
   * {@code x = 1 OR x = 2 OR ...}, written by hand or generated, as {@code x IN (1, 2, ...)}: the
   * same in SQL's three-valued logic, and one SEARCH instead of an OR that conversion simplifies in
   * cubic time. Null unless every term of the OR is an equality of the same expression with a
   * literal and there are at least {@link #SEARCH_FROM} of them.
   */
  private static SqlNode orOfEqualities(SqlCall or) {
    List<SqlNode> values = new ArrayList<>();
    SqlNode subject = null;
    Deque<SqlNode> pending = new ArrayDeque<>();
    pending.push(or);
    while (!pending.isEmpty()) {
      SqlNode term = pending.pop();
      if (term instanceof SqlBasicCall && term.getKind() == SqlKind.OR) {
        ((SqlCall) term).getOperandList().forEach(pending::push);
        continue;
      }
      SqlNode side = side(term, false);
      if (side == null) {
        return null;
      }
      if (subject == null) {
        subject = side;
      } else if (!subject.equalsDeep(side, Litmus.IGNORE)) {
        return null;
      }
      values.add(side(term, true));
    }
    if (values.size() < SEARCH_FROM) {
      return null;
    }
    SqlNode[] operands = new SqlNode[values.size() + 1];
    operands[0] = subject;
    for (int i = 0; i < values.size(); i++) {
      operands[i + 1] = values.get(values.size() - 1 - i); // the stack gave them last first
    }
    return InValueSet.INSTANCE.createCall(or.getParserPosition(), operands);
  }

  /**
   * {@code (a = 1 AND b = 2) OR (a = 3 AND b = 4) OR ...} as one {@link InTupleSet}: the same in
   * SQL's three-valued logic, and one lookup of the tuple instead of an OR that Calcite simplifies
   * in quadratic time or worse (1,000 terms took about 30 s). Null unless every term of the OR is
   * an AND of equalities of the same two or more expressions, each with a column in it, with
   * literals other than NULL (in any order, either side), and there are at least
   * {@link #SEARCH_FROM} terms.
   */
  private static SqlNode orOfTuples(SqlCall or) {
    List<SqlNode> terms = flatten(or, SqlKind.OR);
    if (terms.size() < SEARCH_FROM) {
      return null;
    }
    List<SqlNode> columns = new ArrayList<>();
    List<List<SqlNode>> tuples = new ArrayList<>(terms.size());
    for (SqlNode term : terms) {
      if (!(term instanceof SqlBasicCall) || term.getKind() != SqlKind.AND) {
        return null;
      }
      List<SqlNode> equalities = flatten((SqlCall) term, SqlKind.AND);
      if (columns.isEmpty()) {
        if (equalities.size() < 2 || equalities.size() > 16
            || (long) terms.size() << equalities.size() > MAX_TUPLE_KEYS) {
          return null;
        }
        for (SqlNode equality : equalities) {
          SqlNode column = side(equality, false);
          if (column == null || !mentionsColumn(column) || indexOf(columns, column) >= 0) {
            return null;
          }
          columns.add(column);
        }
      } else if (equalities.size() != columns.size()) {
        return null;
      }
      SqlNode[] tuple = new SqlNode[columns.size()];
      for (SqlNode equality : equalities) {
        SqlNode column = side(equality, false);
        int c = column == null ? -1 : indexOf(columns, column);
        if (c < 0 || tuple[c] != null) {
          return null;
        }
        tuple[c] = side(equality, true);
        if (SqlUtil.isNullLiteral(tuple[c], false)) {
          return null;
        }
      }
      tuples.add(List.of(tuple));
    }
    return InTupleSet.call(or.getParserPosition(), columns, tuples);
  }

  /** Keys a tuple set keeps for its NULL rules, as the run time's {@code TupleSet.MAX_KEYS}. */
  private static final long MAX_TUPLE_KEYS = 1L << 22;

  /** The operands of the tree of {@code kind} calls under {@code root}, in order. */
  private static List<SqlNode> flatten(SqlCall root, SqlKind kind) {
    List<SqlNode> out = new ArrayList<>();
    Deque<SqlNode> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      SqlNode node = pending.pop();
      if (node instanceof SqlBasicCall && node.getKind() == kind) {
        List<SqlNode> operands = ((SqlCall) node).getOperandList();
        for (int i = operands.size() - 1; i >= 0; i--) {
          pending.push(operands.get(i));
        }
      } else {
        out.add(node);
      }
    }
    return out;
  }

  /**
   * Of an equality of an expression with a literal, the literal ({@code literal}) or the expression;
   * null for anything else.
   */
  private static SqlNode side(SqlNode node, boolean literal) {
    if (!(node instanceof SqlBasicCall) || node.getKind() != SqlKind.EQUALS || ((SqlCall) node).operandCount() != 2) {
      return null;
    }
    SqlNode left = ((SqlCall) node).operand(0);
    SqlNode right = ((SqlCall) node).operand(1);
    boolean literalRight = isLiteral(right) && !isLiteral(left);
    if (!literalRight && !(isLiteral(left) && !isLiteral(right))) {
      return null;
    }
    return literal == literalRight ? right : left;
  }

  private static int indexOf(List<SqlNode> columns, SqlNode column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).equalsDeep(column, Litmus.IGNORE)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code node} names a column: a constant expression would be folded, which this set cannot be. */
  private static boolean mentionsColumn(SqlNode node) {
    if (node instanceof SqlIdentifier) {
      return true;
    }
    if (node instanceof SqlCall) {
      for (SqlNode operand : ((SqlCall) node).getOperandList()) {
        if (operand != null && mentionsColumn(operand)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A literal, or a signed number. */
  private static boolean isLiteral(SqlNode node) {
    if (node instanceof SqlLiteral) {
      return true;
    }
    return (node.getKind() == SqlKind.MINUS_PREFIX || node.getKind() == SqlKind.PLUS_PREFIX)
        && ((SqlCall) node).operand(0) instanceof SqlLiteral;
  }

  /**
   * Whether {@code statement} has an IN or NOT IN list with more than {@link #LIMIT} values, or an
   * OR of more than {@link #LIMIT} terms (an OR of ANDs, TPC-H q19's shape written long): the
   * converter's simplification of either costs the cube of its length.
   */
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
            && ((SqlNodeList) call.operand(1)).size() > LIMIT
            || call.getKind() == SqlKind.OR && orTerms(call) > LIMIT) {
          found[0] = true;
          return null;
        }
        return super.visit(call);
      }
    });
    return found[0];
  }

  /** The number of terms of the OR under {@code or}, counted up to just past {@link #LIMIT}. */
  private static int orTerms(SqlCall or) {
    int terms = 0;
    Deque<SqlNode> pending = new ArrayDeque<>();
    pending.push(or);
    while (!pending.isEmpty() && terms <= LIMIT) {
      SqlNode node = pending.pop();
      if (node instanceof SqlCall && node.getKind() == SqlKind.OR) {
        ((SqlCall) node).getOperandList().forEach(pending::push);
      } else {
        terms++;
      }
    }
    return terms;
  }
}
