package io.sluice.optimizer.rules;

import io.sluice.optimizer.schema.SluiceTableScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Copies the conjuncts of a filter directly above a scan that compare a column with a
 * constant into the scan, where the connector uses them to skip blocks by statistics.
 *
 * <p>The filter stays in place: statistics only rule blocks out, never single rows. The rule
 * does not fire when the scan already carries the same predicate, so it reaches a fixed point.
 */
public final class PushFilterIntoScanRule extends RelOptRule {
  public static final PushFilterIntoScanRule INSTANCE = new PushFilterIntoScanRule();
  /** Ranges of a SEARCH beyond which it is not copied into the scan (see {@link #isLongSearch}). */
  static final int MAX_EXPANDED_RANGES = 32;

  @SuppressWarnings("deprecation")
  private PushFilterIntoScanRule() {
    super(operand(Filter.class, operand(SluiceTableScan.class, none())), "PushFilterIntoScanRule");
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Filter filter = call.rel(0);
    SluiceTableScan scan = call.rel(1);
    RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
    List<RexNode> pushable = new ArrayList<>();
    for (RexNode searchOrNot : RelOptUtil.conjunctions(filter.getCondition())) {
      if (isLongSearch(searchOrNot)) {
        continue;
      }
      for (RexNode conjunct : RelOptUtil.conjunctions(RexUtil.expandSearch(rexBuilder, null, searchOrNot))) {
        if (isColumnComparison(conjunct)) {
          pushable.add(conjunct);
        }
      }
    }
    if (pushable.isEmpty()) {
      return;
    }
    RexNode predicate = RexUtil.composeConjunction(rexBuilder, pushable);
    if (Objects.equals(predicate, scan.pushedPredicate())) {
      return;
    }
    call.transformTo(filter.copy(filter.getTraitSet(), scan.withPushedPredicate(predicate), filter.getCondition()));
  }

  /**
   * A SEARCH of more than {@link #MAX_EXPANDED_RANGES} ranges, such as a long IN or NOT IN list:
   * expanded it would be one comparison per value, compared with statistics block by block and
   * simplified pairwise by later rules (a list of 50,000 values never finished planning), while
   * a long list seldom rules a block out.
   */
  private static boolean isLongSearch(RexNode node) {
    return node.getKind() == SqlKind.SEARCH
        && ((RexCall) node).getOperands().get(1) instanceof RexLiteral
        && ((RexLiteral) ((RexCall) node).getOperands().get(1)).getValue() instanceof org.apache.calcite.util.Sarg
        && ((org.apache.calcite.util.Sarg<?>) ((RexLiteral) ((RexCall) node).getOperands().get(1)).getValue())
            .complexity() > MAX_EXPANDED_RANGES;
  }

  /**
   * The column a predicate operand stands for: a column, or a column under a CAST that keeps
   * every value and its order (integers and decimals to wider ones, strings to longer ones).
   * Null otherwise.
   */
  public static RexInputRef column(RexNode node) {
    if (node instanceof RexInputRef) {
      return (RexInputRef) node;
    }
    if (node.getKind() == SqlKind.CAST && ((RexCall) node).getOperands().get(0) instanceof RexInputRef) {
      RexInputRef ref = (RexInputRef) ((RexCall) node).getOperands().get(0);
      if (isWidening(ref.getType(), node.getType())) {
        return ref;
      }
    }
    return null;
  }

  private static boolean isWidening(org.apache.calcite.rel.type.RelDataType from,
      org.apache.calcite.rel.type.RelDataType to) {
    boolean exactFrom = org.apache.calcite.sql.type.SqlTypeUtil.isExactNumeric(from);
    boolean exactTo = org.apache.calcite.sql.type.SqlTypeUtil.isExactNumeric(to);
    if (exactFrom && exactTo) {
      int fromScale = Math.max(0, from.getScale());
      int toScale = Math.max(0, to.getScale());
      int fromIntegerDigits = from.getPrecision() - fromScale;
      int toIntegerDigits = to.getPrecision() - toScale;
      return toScale >= fromScale && toIntegerDigits >= fromIntegerDigits;
    }
    return org.apache.calcite.sql.type.SqlTypeUtil.isCharacter(from)
        && org.apache.calcite.sql.type.SqlTypeUtil.isCharacter(to);
  }

  /** A comparison of a column with a literal or parameter, or IS [NOT] NULL of a column. */
  static boolean isColumnComparison(RexNode node) {
    if (!(node instanceof RexCall)) {
      return false;
    }
    RexCall call = (RexCall) node;
    switch (call.getKind()) {
      case IS_NULL:
      case IS_NOT_NULL:
        return column(call.getOperands().get(0)) != null;
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL: {
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        return column(a) != null && isValue(b) || isValue(a) && column(b) != null;
      }
      default:
        return false;
    }
  }

  /** A literal, or a {@code ?} parameter of a prepared query (its value comes when it runs). */
  private static boolean isValue(RexNode node) {
    return node instanceof RexLiteral || node instanceof org.apache.calcite.rex.RexDynamicParam;
  }

  static boolean isComparison(SqlKind kind) {
    return SqlKind.COMPARISON.contains(kind);
  }
}
