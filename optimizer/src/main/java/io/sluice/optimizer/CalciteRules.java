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
 * Calcite's {@code CoreRules}, when a batch first needs it, once per process. Referring to
 * {@code CoreRules} would build all of its 160 rules when the first session opens, and building
 * even these 26 eagerly was a fifth of the start-up of {@code sluice -c "SELECT 1"}, which runs
 * few of them; a switch rather than one lambda per rule, since linking a lambda costs about as much
 * as building a small rule.
 */
enum CalciteRules {
  AGGREGATE_PROJECT_MERGE,
  CALC_MERGE,
  CALC_REMOVE,
  FILTER_AGGREGATE_TRANSPOSE,
  FILTER_INTO_JOIN,
  FILTER_MERGE,
  FILTER_PROJECT_TRANSPOSE,
  FILTER_REDUCE_EXPRESSIONS,
  FILTER_SET_OP_TRANSPOSE,
  FILTER_SUB_QUERY_TO_CORRELATE,
  FILTER_TO_CALC,
  FILTER_VALUES_MERGE,
  JOIN_CONDITION_PUSH,
  JOIN_PUSH_EXPRESSIONS,
  JOIN_REDUCE_EXPRESSIONS,
  JOIN_SUB_QUERY_TO_CORRELATE,
  JOIN_TO_MULTI_JOIN,
  MULTI_JOIN_OPTIMIZE,
  PROJECT_MERGE,
  PROJECT_REDUCE_EXPRESSIONS,
  PROJECT_REMOVE,
  PROJECT_SUB_QUERY_TO_CORRELATE,
  PROJECT_TO_CALC,
  PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW,
  PROJECT_VALUES_MERGE,
  UNION_MERGE,
  UNION_TO_DISTINCT;

  private volatile RelOptRule rule;

  /** The rule, built on first use. */
  RelOptRule rule() {
    RelOptRule built = rule;
    if (built == null) {
      synchronized (this) {
        built = rule;
        if (built == null) {
          built = build(this);
          rule = built;
        }
      }
    }
    return built;
  }

  private static RelOptRule build(CalciteRules name) {
    switch (name) {
      case AGGREGATE_PROJECT_MERGE:
        return AggregateProjectMergeRule.Config.DEFAULT.toRule();
      case CALC_MERGE:
        return CalcMergeRule.Config.DEFAULT.toRule();
      case CALC_REMOVE:
        return CalcRemoveRule.Config.DEFAULT.toRule();
      case FILTER_AGGREGATE_TRANSPOSE:
        return FilterAggregateTransposeRule.Config.DEFAULT.toRule();
      case FILTER_INTO_JOIN:
        return FilterJoinRule.FilterIntoJoinRule.FilterIntoJoinRuleConfig.DEFAULT.toRule();
      case FILTER_MERGE:
        return FilterMergeRule.Config.DEFAULT.toRule();
      case FILTER_PROJECT_TRANSPOSE:
        return FilterProjectTransposeRule.Config.DEFAULT.toRule();
      case FILTER_REDUCE_EXPRESSIONS:
        return ReduceExpressionsRule.FilterReduceExpressionsRule.FilterReduceExpressionsRuleConfig.DEFAULT.toRule();
      case FILTER_SET_OP_TRANSPOSE:
        return FilterSetOpTransposeRule.Config.DEFAULT.toRule();
      case FILTER_SUB_QUERY_TO_CORRELATE:
        return SubQueryRemoveRule.Config.FILTER.toRule();
      case FILTER_TO_CALC:
        return FilterToCalcRule.Config.DEFAULT.toRule();
      case FILTER_VALUES_MERGE:
        return ValuesReduceRule.Config.FILTER.toRule();
      case JOIN_CONDITION_PUSH:
        return FilterJoinRule.JoinConditionPushRule.JoinConditionPushRuleConfig.DEFAULT.toRule();
      case JOIN_PUSH_EXPRESSIONS:
        return JoinPushExpressionsRule.Config.DEFAULT.toRule();
      case JOIN_REDUCE_EXPRESSIONS:
        return ReduceExpressionsRule.JoinReduceExpressionsRule.JoinReduceExpressionsRuleConfig.DEFAULT.toRule();
      case JOIN_SUB_QUERY_TO_CORRELATE:
        return SubQueryRemoveRule.Config.JOIN.toRule();
      case JOIN_TO_MULTI_JOIN:
        return JoinToMultiJoinRule.Config.DEFAULT.toRule();
      case MULTI_JOIN_OPTIMIZE:
        return LoptOptimizeJoinRule.Config.DEFAULT.toRule();
      case PROJECT_MERGE:
        return ProjectMergeRule.Config.DEFAULT.toRule();
      case PROJECT_REDUCE_EXPRESSIONS:
        return ReduceExpressionsRule.ProjectReduceExpressionsRule.ProjectReduceExpressionsRuleConfig.DEFAULT.toRule();
      case PROJECT_REMOVE:
        return ProjectRemoveRule.Config.DEFAULT.toRule();
      case PROJECT_SUB_QUERY_TO_CORRELATE:
        return SubQueryRemoveRule.Config.PROJECT.toRule();
      case PROJECT_TO_CALC:
        return ProjectToCalcRule.Config.DEFAULT.toRule();
      case PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW:
        return ProjectToWindowRule.ProjectToLogicalProjectAndWindowRule.ProjectToLogicalProjectAndWindowRuleConfig.DEFAULT
            .toRule();
      case PROJECT_VALUES_MERGE:
        return ValuesReduceRule.Config.PROJECT.toRule();
      case UNION_MERGE:
        return UnionMergeRule.Config.DEFAULT.toRule();
      case UNION_TO_DISTINCT:
        return UnionToDistinctRule.Config.DEFAULT.toRule();
      default:
        throw new AssertionError(name);
    }
  }
}
