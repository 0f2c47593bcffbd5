package io.sluice.optimizer.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Filters each input of an inner join by what every branch of an OR in its condition says about
 * that input alone: {@code (n1 = 'FRANCE' AND n2 = 'GERMANY') OR (n1 = 'GERMANY' AND n2 =
 * 'FRANCE')} keeps only rows with {@code n1 = 'FRANCE' OR n1 = 'GERMANY'} on one side and the
 * same of {@code n2} on the other. A pair passes the OR only if some branch is true, so its row of
 * each input passes that branch's conjuncts about the input: the filters are implied and the OR
 * stays as it was. TPC-H q7 otherwise builds a hash table of all 1.5 M orders with their
 * customers' nations and probes it with 1.8 M line items before its nations' OR throws away all
 * but 2 in 25 of each; filtered, the nations are 2 rows and so are the customers and orders they reach.
 *
 * <p>An input already known to hold the filter (its pulled-up predicates) is left alone, so the
 * rule does not fire again on the filter it pushed.
 */
public final class JoinInputFilterFromOrRule extends RelOptRule {
  public static final JoinInputFilterFromOrRule INSTANCE = new JoinInputFilterFromOrRule();

  @SuppressWarnings("deprecation")
  private JoinInputFilterFromOrRule() {
    super(operand(Join.class, any()), "JoinInputFilterFromOrRule");
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Join join = call.rel(0);
    if (join.getJoinType() != JoinRelType.INNER) {
      return;
    }
    RexBuilder rexBuilder = join.getCluster().getRexBuilder();
    int leftCount = join.getLeft().getRowType().getFieldCount();
    int total = leftCount + join.getRight().getRowType().getFieldCount();
    List<RexNode> leftFilters = new ArrayList<>();
    List<RexNode> rightFilters = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
      if (conjunct.getKind() != SqlKind.OR) {
        continue;
      }
      RexNode left = about(rexBuilder, conjunct, ImmutableBitSet.range(0, leftCount));
      if (left != null) {
        leftFilters.add(left);
      }
      RexNode right = about(rexBuilder, conjunct, ImmutableBitSet.range(leftCount, total));
      if (right != null) {
        rightFilters.add(RexUtil.shift(right, -leftCount));
      }
    }
    if (leftFilters.isEmpty() && rightFilters.isEmpty()) {
      return;
    }
    RelMetadataQuery mq = call.getMetadataQuery();
    RelNode left = filtered(join.getLeft(), leftFilters, mq);
    RelNode right = filtered(join.getRight(), rightFilters, mq);
    if (left == join.getLeft() && right == join.getRight()) {
      return;
    }
    call.transformTo(join.copy(join.getTraitSet(), join.getCondition(), left, right, join.getJoinType(),
        join.isSemiJoinDone()));
  }

  /** The OR over {@code or}'s branches of each branch's conjuncts on {@code side} alone; null when a branch has none. */
  private static RexNode about(RexBuilder rexBuilder, RexNode or, ImmutableBitSet side) {
    List<RexNode> branches = new ArrayList<>();
    for (RexNode branch : RelOptUtil.disjunctions(or)) {
      List<RexNode> own = new ArrayList<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(branch)) {
        ImmutableBitSet used = RelOptUtil.InputFinder.bits(conjunct);
        if (!used.isEmpty() && side.contains(used) && RexUtil.isDeterministic(conjunct)) {
          own.add(conjunct);
        }
      }
      if (own.isEmpty()) {
        return null; // a branch that says nothing about this side lets any of its rows through
      }
      branches.add(RexUtil.composeConjunction(rexBuilder, own));
    }
    return RexUtil.composeDisjunction(rexBuilder, branches);
  }

  /**
   * {@code input} under a filter of those of {@code filters} its predicates do not hold yet, each
   * simplified as a RelBuilder would (so the check finds it again once pushed further down).
   */
  private static RelNode filtered(RelNode input, List<RexNode> filters, RelMetadataQuery mq) {
    if (filters.isEmpty()) {
      return input;
    }
    RexBuilder rexBuilder = input.getCluster().getRexBuilder();
    RexExecutor executor = input.getCluster().getPlanner().getExecutor();
    RexSimplify simplify = new RexSimplify(rexBuilder, RelOptPredicateList.EMPTY,
        executor == null ? RexUtil.EXECUTOR : executor);
    Set<String> known = new HashSet<>();
    for (RexNode predicate : mq.getPulledUpPredicates(input).pulledUpPredicates) {
      known.add(predicate.toString());
      known.add(simplify.simplifyUnknownAsFalse(predicate).toString());
    }
    List<RexNode> missing = new ArrayList<>();
    for (RexNode filter : filters) {
      RexNode simple = simplify.simplifyUnknownAsFalse(filter);
      if (!simple.isAlwaysTrue() && !known.contains(simple.toString()) && !known.contains(filter.toString())) {
        missing.add(simple);
      }
    }
    return missing.isEmpty() ? input : LogicalFilter.create(input, RexUtil.composeConjunction(rexBuilder, missing));
  }
}
