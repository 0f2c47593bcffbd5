package io.sluice.optimizer;

import io.sluice.optimizer.rules.EventTimeKeepingFieldTrimmer;
import io.sluice.optimizer.rules.InListToSearch;
import io.sluice.optimizer.rules.PruneScanColumnsRule;
import io.sluice.optimizer.rules.PushFilterIntoScanRule;
import java.util.List;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.rel.rules.AggregateReduceFunctionsRule;
import org.apache.calcite.sql2rel.RelDecorrelator;

/**
 * The logical optimizer's pipeline: named batches in the order they run, each with the reason
 * for its place. This class only lists; rules live one per class (ours in
 * {@code io.sluice.optimizer.rules}, the rest are Calcite's).
 */
public final class RuleBatches {
  private RuleBatches() {}

  /** Calcite's AggregateReduceFunctionsRule for the statistical aggregates only (AVG runs natively). */
  static final org.apache.calcite.plan.RelOptRule AGGREGATE_REDUCE_STATISTICS =
      AggregateReduceFunctionsRule.Config.DEFAULT
          .withFunctionsToReduce(java.util.EnumSet.of(org.apache.calcite.sql.SqlKind.STDDEV_POP,
              org.apache.calcite.sql.SqlKind.STDDEV_SAMP, org.apache.calcite.sql.SqlKind.VAR_POP,
              org.apache.calcite.sql.SqlKind.VAR_SAMP))
          .toRule();

  public static final List<RuleBatch> DEFAULT = List.of(
      RuleBatch.rules("subquery-removal",
          "IN, EXISTS and scalar subqueries become joins (with correlation where they refer outside)",
          true,
          // before Calcite's removal: a correlated IN over a filter becomes one semi join with its condition
          io.sluice.optimizer.rules.CorrelatedInToSemiJoinRule.INSTANCE,
          CalciteRules.FILTER_SUB_QUERY_TO_CORRELATE,
          CalciteRules.PROJECT_SUB_QUERY_TO_CORRELATE,
          CalciteRules.JOIN_SUB_QUERY_TO_CORRELATE,
          // before decorrelation: a correlated EXISTS over a filter stays one semi join with its condition
          io.sluice.optimizer.rules.CorrelatedExistsToSemiJoinRule.NOT_EXISTS,
          io.sluice.optimizer.rules.CorrelatedExistsToSemiJoinRule.EXISTS),
      RuleBatch.rewrite("decorrelation",
          "correlated joins become plain joins with aggregates; our operators have no correlation",
          true,
          (plan, builder) -> RelDecorrelator.decorrelateQuery(plan, builder)),
      RuleBatch.rewrite("in-lists",
          "long IN lists and OR chains of equalities become one SEARCH before simplification, which"
              + " otherwise compares every value with every other",
          false,
          (plan, builder) -> InListToSearch.rewrite(plan)),
      RuleBatch.rules("simplification",
          "constant folding and boolean simplification first, so pushdown sees simple conjuncts"
              + " (also the join keys every branch of an OR repeats)",
          false,
          io.sluice.optimizer.rules.FactorOrConditionRule.FILTER,
          io.sluice.optimizer.rules.FactorOrConditionRule.JOIN,
          CalciteRules.FILTER_REDUCE_EXPRESSIONS,
          // after constant folding: a DECIMAL column widened to meet a constant is compared in its own type
          io.sluice.optimizer.rules.NarrowDecimalComparisonRule.INSTANCE,
          CalciteRules.PROJECT_REDUCE_EXPRESSIONS,
          CalciteRules.JOIN_REDUCE_EXPRESSIONS,
          CalciteRules.FILTER_MERGE,
          CalciteRules.PROJECT_MERGE,
          CalciteRules.PROJECT_REMOVE,
          CalciteRules.AGGREGATE_PROJECT_MERGE,
          CalciteRules.UNION_MERGE,
          CalciteRules.FILTER_VALUES_MERGE,
          CalciteRules.PROJECT_VALUES_MERGE),
      RuleBatch.rules("aggregate-rewrite",
          "STDDEV and VARIANCE become SUM and COUNT of values and squares, which the hash aggregate computes",
          true,
          AGGREGATE_REDUCE_STATISTICS),
      RuleBatch.rules("set-operation-rewrite",
          "UNION (distinct) becomes UNION ALL plus grouping; our union operator only concatenates",
          true,
          CalciteRules.UNION_TO_DISTINCT),
      RuleBatch.rules("predicate-pushdown",
          "filters move through projections, joins, aggregates and set operations to the scans,"
              + " where they also become hints for skipping data",
          false,
          CalciteRules.FILTER_INTO_JOIN,
          CalciteRules.JOIN_CONDITION_PUSH,
          CalciteRules.FILTER_PROJECT_TRANSPOSE,
          CalciteRules.FILTER_AGGREGATE_TRANSPOSE,
          CalciteRules.FILTER_SET_OP_TRANSPOSE,
          CalciteRules.FILTER_MERGE,
          PushFilterIntoScanRule.INSTANCE),
      RuleBatch.rewrite("projection-pruning",
          "after pushdown the plan's column needs are final: every scan reads only the columns used",
          false,
          (plan, builder) -> new EventTimeKeepingFieldTrimmer(builder).trim(plan)),
      RuleBatch.rules("scan-columns",
          "plain column projections fold into the scan below them; scans under window functions read only"
              + " the columns used above them",
          false,
          CalciteRules.PROJECT_MERGE,
          CalciteRules.PROJECT_REMOVE,
          PruneScanColumnsRule.INSTANCE,
          io.sluice.optimizer.rules.PruneWindowInputColumnsRule.AGGREGATE,
          io.sluice.optimizer.rules.PruneWindowInputColumnsRule.PROJECT),
      RuleBatch.rules("join-reorder",
          "cost-based join order from row counts (Calcite's LoptOptimizeJoinRule over a MultiJoin)",
          false,
          HepMatchOrder.BOTTOM_UP,
          CalciteRules.JOIN_TO_MULTI_JOIN,
          CalciteRules.MULTI_JOIN_OPTIMIZE),
      RuleBatch.rules("right-joins",
          "a right join that reordering left becomes a left join, the form the physical planner's"
              + " scalar-subquery join (aggregate on the right) expects",
          false,
          io.sluice.optimizer.rules.RightToLeftJoinRule.INSTANCE),
      RuleBatch.rules("join-keys",
          "expressions in join conditions become columns, so hash joins have plain keys",
          true,
          CalciteRules.JOIN_PUSH_EXPRESSIONS),
      RuleBatch.rules("window-extraction",
          "OVER expressions in projections become window operators",
          true,
          CalciteRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW),
      RuleBatch.rules("calc-fusion",
          "adjacent filters and projections fuse into one program, compiled as one loop",
          true,
          CalciteRules.FILTER_TO_CALC,
          CalciteRules.PROJECT_TO_CALC,
          CalciteRules.CALC_MERGE,
          CalciteRules.CALC_REMOVE));
}
