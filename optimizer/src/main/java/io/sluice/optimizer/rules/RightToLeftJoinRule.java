package io.sluice.optimizer.rules;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.rules.JoinCommuteRule;

/**
 * Turns a RIGHT join into the LEFT join of its inputs swapped, with a projection that restores
 * the column order. Join reordering may leave a right join when it puts the smaller input first;
 * as a left join a decorrelated scalar subquery's aggregate is again the right input, where the
 * physical planner checks "more than one row" only for the rows the join keeps.
 */
public final class RightToLeftJoinRule extends RelOptRule {
  public static final RightToLeftJoinRule INSTANCE = new RightToLeftJoinRule();

  @SuppressWarnings("deprecation")
  private RightToLeftJoinRule() {
    super(operand(Join.class, any()), "RightToLeftJoinRule");
  }

  @Override
  public boolean matches(RelOptRuleCall call) {
    return ((Join) call.rel(0)).getJoinType() == JoinRelType.RIGHT;
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    RelNode swapped = JoinCommuteRule.swap(call.rel(0), true, call.builder());
    if (swapped != null) {
      call.transformTo(swapped);
    }
  }
}
