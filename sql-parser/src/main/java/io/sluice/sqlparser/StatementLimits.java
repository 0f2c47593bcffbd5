package io.sluice.sqlparser;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The largest statement Sluice plans, checked once, right after parsing, so that every later
 * stage (validation, conversion, rule batches, code generation, compilation: all of them walk the
 * tree recursively) gets a tree it can finish with on an ordinary thread stack. Guarding here,
 * early and by a figure the user can see, replaces failing deep inside a recursive walk with a
 * {@link StackOverflowError} or a search that never ends.
 *
 * <p>The figures are set well inside what the pipeline was measured to handle on the JVM's default
 * 1 MB thread stack; PostgreSQL reports the same conditions as SQLSTATE class 54.
 */
public final class StatementLimits {
  /** Characters in one statement (PostgreSQL refuses a query buffer over 1 GB). */
  public static final int MAX_STATEMENT_LENGTH = 16 * 1024 * 1024;
  /** Operators, function calls, CASE and subqueries nested within each other (after AND/OR chains are balanced). */
  public static final int MAX_EXPRESSION_DEPTH = 400;
  /**
   * Expressions in one SELECT list. Wide tables (Parquet and CSV files of thousands of columns) are
   * read whole; the generated class of a wide list splits its code to stay within the JVM's limits,
   * and 10,000 columns plan, compile and run ({@code *} counts as one item here). Planning time
   * grows faster than the list (Calcite's validator resolves each name against every column, and
   * makes repeated names unique in time quadratic in the repeats: 2,000 copies of one column take
   * seconds, 5,000 a minute), so lists longer than this are refused.
   */
  public static final int MAX_SELECT_COLUMNS = 2_000;

  private StatementLimits() {}

  /** Refuses a statement text longer than {@link #MAX_STATEMENT_LENGTH}, before anything reads it. */
  public static void checkLength(String text) {
    if (text.length() > MAX_STATEMENT_LENGTH) {
      throw new StatementLimitError("54000", 1, 1, "the statement is " + text.length()
          + " characters long; a statement may have at most " + MAX_STATEMENT_LENGTH
          + " characters (pass large values as parameters or load them from a file)");
    }
  }

  /**
   * Refuses a parsed query or expression nested deeper than {@link #MAX_EXPRESSION_DEPTH} or with
   * a SELECT list longer than {@link #MAX_SELECT_COLUMNS}. The walk keeps its own stack, so it
   * cannot itself run out of thread stack.
   */
  public static void checkTree(SqlNode root, SqlSpan span) {
    Deque<SqlNode> nodes = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    nodes.push(root);
    depths.push(1);
    while (!nodes.isEmpty()) {
      SqlNode node = nodes.pop();
      int depth = depths.pop();
      if (node instanceof SqlNodeList) {
        for (SqlNode element : (SqlNodeList) node) {
          if (element != null) {
            nodes.push(element);
            depths.push(depth);
          }
        }
        continue;
      }
      if (!(node instanceof SqlCall)) {
        continue;
      }
      if (depth > MAX_EXPRESSION_DEPTH) {
        throw at(span, node.getParserPosition(), "54001", "expressions are nested more than "
            + MAX_EXPRESSION_DEPTH + " levels deep (operators, function calls, CASE or subqueries within each"
            + " other); write it with fewer levels, for example a long IN list instead of a chain of OR");
      }
      if (node instanceof SqlSelect && ((SqlSelect) node).getSelectList() != null
          && ((SqlSelect) node).getSelectList().size() > MAX_SELECT_COLUMNS) {
        throw at(span, node.getParserPosition(), "54011", "the SELECT list has "
            + ((SqlSelect) node).getSelectList().size() + " expressions; a query may select at most "
            + MAX_SELECT_COLUMNS);
      }
      for (SqlNode operand : ((SqlCall) node).getOperandList()) {
        if (operand != null) {
          nodes.push(operand);
          depths.push(depth + 1);
        }
      }
    }
  }

  private static StatementLimitError at(SqlSpan span, SqlParserPos pos, String sqlState, String problem) {
    int[] outer = pos.getLineNum() > 0 ? span.toOuterPosition(pos.getLineNum(), pos.getColumnNum())
        : new int[] {span.line(), span.column()};
    return new StatementLimitError(sqlState, outer[0], outer[1], problem);
  }
}
