package io.sluice.optimizer.rules;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptRuleOperand;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Pulls the conjuncts that every branch of an OR shares out of it: {@code (k = j AND a) OR (k = j
 * AND b)} becomes {@code k = j AND (a OR b)}. TPC-H q19 writes its join key inside each of three
 * branches; as one OR the join has no equality to hash on and runs as a nested loop over the
 * product of its inputs, while factored the key reaches the join (pushdown runs after this) and
 * the OR stays as the join's residual condition.
 */
public final class FactorOrConditionRule extends RelOptRule {
  /** Factors a filter's condition. */
  public static final FactorOrConditionRule FILTER = new FactorOrConditionRule(
      operand(Filter.class, any()), "FactorOrConditionRule(Filter)");
  /** Factors a join's condition ({@code JOIN ... ON (...) OR (...)}). */
  public static final FactorOrConditionRule JOIN = new FactorOrConditionRule(
      operand(Join.class, any()), "FactorOrConditionRule(Join)");

  @SuppressWarnings("deprecation")
  private FactorOrConditionRule(RelOptRuleOperand operand, String description) {
    super(operand, description);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    RelNode node = call.rel(0);
    RexNode condition = node instanceof Filter filter ? filter.getCondition() : ((Join) node).getCondition();
    if (RexUtil.findOperatorCall(SqlStdOperatorTable.OR, condition) == null) {
      return;
    }
    RexNode factored = RexUtil.pullFactors(node.getCluster().getRexBuilder(), condition);
    if (RelOptUtil.conjunctions(factored).size() <= RelOptUtil.conjunctions(condition).size()) {
      // nothing shared by every branch of an OR: no new conjunct, leave the condition as written
      return;
    }
    if (node instanceof Filter filter) {
      call.transformTo(filter.copy(filter.getTraitSet(), filter.getInput(), factored));
    } else {
      Join join = (Join) node;
      call.transformTo(join.copy(join.getTraitSet(), factored, join.getLeft(), join.getRight(),
          join.getJoinType(), join.isSemiJoinDone()));
    }
  }
}
