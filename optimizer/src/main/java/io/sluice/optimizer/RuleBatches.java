package io.sluice.optimizer;

import io.sluice.optimizer.rules.EventTimeKeepingFieldTrimmer;
import io.sluice.optimizer.rules.InListToSearch;
import io.sluice.optimizer.rules.PruneScanColumnsRule;
import io.sluice.optimizer.rules.PushFilterIntoScanRule;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.rules.AggregateReduceFunctionsRule;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql2rel.RelDecorrelator;

/**
 * The logical optimizer's pipeline: named batches in the order they run, each with the reason
 * for its place. This class only lists; rules live one per class (ours in
 * {@code io.sluice.optimizer.rules}, the rest are Calcite's). Each batch says which nodes its rules
 * start from (their first operands; {@code RuleBatchStartsTest} checks this against the rules), and
 * builds its rules when it first runs on a plan holding one.
 */
public final class RuleBatches {
  private RuleBatches() {}

  /** The aggregates that the aggregate rewrite reduces: the statistical ones (AVG runs natively). */
  private static final Set<SqlKind> STATISTICS =
      Set.of(SqlKind.STDDEV_POP, SqlKind.STDDEV_SAMP, SqlKind.VAR_POP, SqlKind.VAR_SAMP);

  /** Calcite's AggregateReduceFunctionsRule for {@link #STATISTICS} only. */
  private static RelOptRule aggregateReduceStatistics() {
    return AggregateReduceFunctionsRule.Config.DEFAULT.withFunctionsToReduce(EnumSet.copyOf(STATISTICS)).toRule();
  }

  /** An aggregate with a call of {@link #STATISTICS}: the only kind the rule matches. */
  private static boolean reducesStatistics(RelNode node) {
    for (AggregateCall call : ((Aggregate) node).getAggCallList()) {
      if (STATISTICS.contains(call.getAggregation().getKind())) {
        return true;
      }
    }
    return false;
  }

  /** A Filter, Project or Join holding a sub-query, or a Correlate: what sub-query removal starts from. */
  private static boolean holdsSubQuery(RelNode node) {
    return node instanceof Filter filter ? RexUtil.SubQueryFinder.containsSubQuery(filter)
        : node instanceof Project project ? RexUtil.SubQueryFinder.containsSubQuery(project)
        : node instanceof Join join ? RexUtil.SubQueryFinder.containsSubQuery(join)
        : node instanceof Correlate;
  }

  public static final List<RuleBatch> DEFAULT = List.of(
      RuleBatch.rules("subquery-removal",
          "IN, EXISTS and scalar subqueries become joins (with correlation where they refer outside)",
          true, HepMatchOrder.DEPTH_FIRST,
          RuleBatch.startsOn(RuleBatches::holdsSubQuery,
              List.of(Filter.class, Project.class, Join.class, Correlate.class)),
          () -> List.of(
              // before Calcite's removal: a correlated IN over a filter becomes one semi join with its condition
              io.sluice.optimizer.rules.CorrelatedInToSemiJoinRule.INSTANCE,
              CalciteRules.FILTER_SUB_QUERY_TO_CORRELATE.rule(),
              CalciteRules.PROJECT_SUB_QUERY_TO_CORRELATE.rule(),
              CalciteRules.JOIN_SUB_QUERY_TO_CORRELATE.rule(),
              // before decorrelation: a correlated EXISTS over a filter stays one semi join with its condition
              io.sluice.optimizer.rules.CorrelatedExistsToSemiJoinRule.NOT_EXISTS,
              io.sluice.optimizer.rules.CorrelatedExistsToSemiJoinRule.EXISTS)),
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
          false, HepMatchOrder.DEPTH_FIRST,
          RuleBatch.startsOn(Filter.class, Project.class, Join.class, Aggregate.class, Union.class),
          () -> List.of(
              io.sluice.optimizer.rules.FactorOrConditionRule.FILTER,
              io.sluice.optimizer.rules.FactorOrConditionRule.JOIN,
              CalciteRules.FILTER_REDUCE_EXPRESSIONS.rule(),
              // after constant folding: a DECIMAL column widened to meet a constant is compared in its own type
              io.sluice.optimizer.rules.NarrowDecimalComparisonRule.INSTANCE,
              CalciteRules.PROJECT_REDUCE_EXPRESSIONS.rule(),
              CalciteRules.JOIN_REDUCE_EXPRESSIONS.rule(),
              CalciteRules.FILTER_MERGE.rule(),
              CalciteRules.PROJECT_MERGE.rule(),
              CalciteRules.PROJECT_REMOVE.rule(),
              CalciteRules.AGGREGATE_PROJECT_MERGE.rule(),
              CalciteRules.UNION_MERGE.rule(),
              CalciteRules.FILTER_VALUES_MERGE.rule(),
              CalciteRules.PROJECT_VALUES_MERGE.rule())),
      RuleBatch.rules("aggregate-rewrite",
          "STDDEV and VARIANCE become SUM and COUNT of values and squares, which the hash aggregate computes",
          true, HepMatchOrder.DEPTH_FIRST,
          RuleBatch.startsOn(RuleBatches::reducesStatistics, List.of(Aggregate.class)),
          () -> List.of(aggregateReduceStatistics())),
      RuleBatch.rules("set-operation-rewrite",
          "UNION (distinct) becomes UNION ALL plus grouping; our union operator only concatenates",
          true, HepMatchOrder.DEPTH_FIRST,
          RuleBatch.startsOn(Union.class),
          () -> List.of(CalciteRules.UNION_TO_DISTINCT.rule())),
      RuleBatch.rules("predicate-pushdown",
          "filters move through projections, joins, aggregates and set operations to the scans,"
              + " where they also become hints for skipping data",
          false, HepMatchOrder.DEPTH_FIRST,
          RuleBatch.startsOn(Filter.class, Join.class),
          () -> List.of(
              CalciteRules.FILTER_INTO_JOIN.rule(),
              CalciteRules.JOIN_CONDITION_PUSH.rule(),
              // an OR across a join's inputs also filters each input by its own part of every branch (q7)
              io.sluice.optimizer.rules.JoinInputFilterFromOrRule.INSTANCE,
              CalciteRules.FILTER_PROJECT_TRANSPOSE.rule(),
              CalciteRules.FILTER_AGGREGATE_TRANSPOSE.rule(),
              CalciteRules.FILTER_SET_OP_TRANSPOSE.rule(),
              CalciteRules.FILTER_MERGE.rule(),
              PushFilterIntoScanRule.INSTANCE)),
      RuleBatch.rewrite("projection-pruning",
          "after pushdown the plan's column needs are final: every scan reads only the columns used",
          false,
          (plan, builder) -> new EventTimeKeepingFieldTrimmer(builder).trim(plan)),
      RuleBatch.rules("scan-columns",
          "plain column projections fold into the scan below them; scans under window functions read only"
              + " the columns used above them",
          false, HepMatchOrder.DEPTH_FIRST,
          RuleBatch.startsOn(Project.class, Aggregate.class),
          () -> List.of(
              CalciteRules.PROJECT_MERGE.rule(),
              CalciteRules.PROJECT_REMOVE.rule(),
              PruneScanColumnsRule.INSTANCE,
              io.sluice.optimizer.rules.PruneWindowInputColumnsRule.AGGREGATE,
              io.sluice.optimizer.rules.PruneWindowInputColumnsRule.PROJECT)),
      RuleBatch.rules("join-reorder",
          "cost-based join order from row counts (Calcite's LoptOptimizeJoinRule over a MultiJoin);"
              + " joins of many inputs are ordered greedily first, which stays fast where Lopt's search does not",
          false, HepMatchOrder.BOTTOM_UP,
          RuleBatch.startsOn(Join.class, MultiJoin.class),
          () -> List.of(
              CalciteRules.JOIN_TO_MULTI_JOIN.rule(),
              io.sluice.optimizer.rules.GreedyJoinOrderRule.INSTANCE,
              CalciteRules.MULTI_JOIN_OPTIMIZE.rule())),
      RuleBatch.rules("right-joins",
          "a right join that reordering left becomes a left join, the form the physical planner's"
              + " scalar-subquery join (aggregate on the right) expects",
          false, HepMatchOrder.DEPTH_FIRST,
          RuleBatch.startsOn(Join.class),
          () -> List.of(io.sluice.optimizer.rules.RightToLeftJoinRule.INSTANCE)),
      RuleBatch.rules("join-keys",
          "expressions in join conditions become columns, so hash joins have plain keys",
          true, HepMatchOrder.DEPTH_FIRST,
          RuleBatch.startsOn(Join.class),
          () -> List.of(CalciteRules.JOIN_PUSH_EXPRESSIONS.rule())),
      RuleBatch.rules("window-extraction",
          "OVER expressions in projections become window operators",
          true, HepMatchOrder.DEPTH_FIRST,
          // the rule's operand: a Project that holds an OVER
          RuleBatch.startsOn(node -> ((Project) node).containsOver(), List.of(Project.class)),
          () -> List.of(CalciteRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW.rule())),
      RuleBatch.rules("calc-fusion",
          "adjacent filters and projections fuse into one program, compiled as one loop",
          true, HepMatchOrder.DEPTH_FIRST,
          RuleBatch.startsOn(Filter.class, Project.class, Calc.class),
          () -> List.of(
              CalciteRules.FILTER_TO_CALC.rule(),
              CalciteRules.PROJECT_TO_CALC.rule(),
              CalciteRules.CALC_MERGE.rule(),
              CalciteRules.CALC_REMOVE.rule())));
}
