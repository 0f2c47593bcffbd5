package io.sluice.optimizer;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.rules.AggregateProjectMergeRule;
import org.apache.calcite.rel.rules.CalcMergeRule;
import org.apache.calcite.rel.rules.CalcRemoveRule;
import org.apache.calcite.rel.rules.FilterAggregateTransposeRule;
import org.apache.calcite.rel.rules.FilterJoinRule;
import org.apache.calcite.rel.rules.FilterMergeRule;
import org.apache.calcite.rel.rules.FilterProjectTransposeRule;
import org.apache.calcite.rel.rules.FilterSetOpTransposeRule;
import org.apache.calcite.rel.rules.FilterToCalcRule;
import org.apache.calcite.rel.rules.JoinPushExpressionsRule;
import org.apache.calcite.rel.rules.JoinToMultiJoinRule;
import org.apache.calcite.rel.rules.LoptOptimizeJoinRule;
import org.apache.calcite.rel.rules.ProjectMergeRule;
import org.apache.calcite.rel.rules.ProjectRemoveRule;
import org.apache.calcite.rel.rules.ProjectToCalcRule;
import org.apache.calcite.rel.rules.ProjectToWindowRule;
import org.apache.calcite.rel.rules.ReduceExpressionsRule;
import org.apache.calcite.rel.rules.SubQueryRemoveRule;
import org.apache.calcite.rel.rules.UnionMergeRule;
import org.apache.calcite.rel.rules.UnionToDistinctRule;
import org.apache.calcite.rel.rules.ValuesReduceRule;

/**
 * The Calcite rules the rule batches use, each built from the same config as its namesake in
 * Calcite's {@code CoreRules}. Referring to {@code CoreRules} would build all of its 160 rules
 * when the first session opens, most of them never used: about a tenth of the start-up of
 * {@code sluice -c "SELECT 1"}.
 */
final class CalciteRules {
  private CalciteRules() {}

  static final RelOptRule AGGREGATE_PROJECT_MERGE = AggregateProjectMergeRule.Config.DEFAULT.toRule();
  static final RelOptRule CALC_MERGE = CalcMergeRule.Config.DEFAULT.toRule();
  static final RelOptRule CALC_REMOVE = CalcRemoveRule.Config.DEFAULT.toRule();
  static final RelOptRule FILTER_AGGREGATE_TRANSPOSE = FilterAggregateTransposeRule.Config.DEFAULT.toRule();
  static final RelOptRule FILTER_INTO_JOIN =
      FilterJoinRule.FilterIntoJoinRule.FilterIntoJoinRuleConfig.DEFAULT.toRule();
  static final RelOptRule FILTER_MERGE = FilterMergeRule.Config.DEFAULT.toRule();
  static final RelOptRule FILTER_PROJECT_TRANSPOSE = FilterProjectTransposeRule.Config.DEFAULT.toRule();
  static final RelOptRule FILTER_REDUCE_EXPRESSIONS =
      ReduceExpressionsRule.FilterReduceExpressionsRule.FilterReduceExpressionsRuleConfig.DEFAULT.toRule();
  static final RelOptRule FILTER_SET_OP_TRANSPOSE = FilterSetOpTransposeRule.Config.DEFAULT.toRule();
  static final RelOptRule FILTER_SUB_QUERY_TO_CORRELATE = SubQueryRemoveRule.Config.FILTER.toRule();
  static final RelOptRule FILTER_TO_CALC = FilterToCalcRule.Config.DEFAULT.toRule();
  static final RelOptRule FILTER_VALUES_MERGE = ValuesReduceRule.Config.FILTER.toRule();
  static final RelOptRule JOIN_CONDITION_PUSH =
      FilterJoinRule.JoinConditionPushRule.JoinConditionPushRuleConfig.DEFAULT.toRule();
  static final RelOptRule JOIN_PUSH_EXPRESSIONS = JoinPushExpressionsRule.Config.DEFAULT.toRule();
  static final RelOptRule JOIN_REDUCE_EXPRESSIONS =
      ReduceExpressionsRule.JoinReduceExpressionsRule.JoinReduceExpressionsRuleConfig.DEFAULT.toRule();
  static final RelOptRule JOIN_SUB_QUERY_TO_CORRELATE = SubQueryRemoveRule.Config.JOIN.toRule();
  static final RelOptRule JOIN_TO_MULTI_JOIN = JoinToMultiJoinRule.Config.DEFAULT.toRule();
  static final RelOptRule MULTI_JOIN_OPTIMIZE = LoptOptimizeJoinRule.Config.DEFAULT.toRule();
  static final RelOptRule PROJECT_MERGE = ProjectMergeRule.Config.DEFAULT.toRule();
  static final RelOptRule PROJECT_REDUCE_EXPRESSIONS =
      ReduceExpressionsRule.ProjectReduceExpressionsRule.ProjectReduceExpressionsRuleConfig.DEFAULT.toRule();
  static final RelOptRule PROJECT_REMOVE = ProjectRemoveRule.Config.DEFAULT.toRule();
  static final RelOptRule PROJECT_SUB_QUERY_TO_CORRELATE = SubQueryRemoveRule.Config.PROJECT.toRule();
  static final RelOptRule PROJECT_TO_CALC = ProjectToCalcRule.Config.DEFAULT.toRule();
  static final RelOptRule PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW =
      ProjectToWindowRule.ProjectToLogicalProjectAndWindowRule.ProjectToLogicalProjectAndWindowRuleConfig.DEFAULT
          .toRule();
  static final RelOptRule PROJECT_VALUES_MERGE = ValuesReduceRule.Config.PROJECT.toRule();
  static final RelOptRule UNION_MERGE = UnionMergeRule.Config.DEFAULT.toRule();
  static final RelOptRule UNION_TO_DISTINCT = UnionToDistinctRule.Config.DEFAULT.toRule();
}
