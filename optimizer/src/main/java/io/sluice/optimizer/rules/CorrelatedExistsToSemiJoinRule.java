package io.sluice.optimizer.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptRuleOperand;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepRelVertex;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns a correlated {@code EXISTS} or {@code NOT EXISTS} whose subquery is a filter over
 * uncorrelated input into a SEMI or ANTI join with the filter's condition as the join condition,
 * the outer columns in place of the correlation variable.
 *
 * <p>Calcite's subquery removal makes {@code EXISTS (SELECT ... FROM p WHERE p.k = o.k AND p.t
 * BETWEEN o.t AND o.t + i)} a correlate over a distinct of TRUE, and decorrelation then joins
 * with every distinct value of the outer columns the condition reads (a second read of the outer
 * input). As a semi join the condition stays whole, so a join of two streams sees its time bound
 * and runs as a time-bounded semi or anti join instead of keeping both inputs forever. Matches
 * {@code Correlate(INNER, o, Aggregate(group=[0], Project(TRUE, Filter(c, p))))}, which EXISTS gives,
 * and {@code Filter(IS NULL(i), Correlate(LEFT, o, ...))}, which NOT EXISTS gives, when {@code c}
 * compares the outer row by more than equalities (those decorrelate into a join with distinct keys).
 */
public final class CorrelatedExistsToSemiJoinRule extends RelOptRule {
  /** EXISTS: the correlate of an INNER join with the distinct TRUE of the subquery. */
  public static final CorrelatedExistsToSemiJoinRule EXISTS = new CorrelatedExistsToSemiJoinRule(
      operand(Correlate.class, any()), "CorrelatedExistsToSemiJoinRule(EXISTS)");
  /** NOT EXISTS: a filter keeping the rows whose LEFT correlate found no TRUE. */
  public static final CorrelatedExistsToSemiJoinRule NOT_EXISTS = new CorrelatedExistsToSemiJoinRule(
      operand(Filter.class, operand(Correlate.class, any())), "CorrelatedExistsToSemiJoinRule(NOT EXISTS)");

  @SuppressWarnings("deprecation")
  private CorrelatedExistsToSemiJoinRule(RelOptRuleOperand operand, String description) {
    super(operand, description);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    boolean anti = call.rels.length == 2;
    Correlate correlate = call.rel(anti ? 1 : 0);
    JoinRelType expected = anti ? JoinRelType.LEFT : JoinRelType.INNER;
    if (correlate.getJoinType() != expected) {
      return;
    }
    int leftCount = correlate.getLeft().getRowType().getFieldCount();
    if (anti && !isNullOfLast(((Filter) call.rel(0)).getCondition(), leftCount)) {
      return;
    }
    Filter subquery = existsFilter(unwrap(correlate.getRight()));
    if (subquery == null) {
      return;
    }
    RelNode inner = unwrap(subquery.getInput());
    if (!RelOptUtil.getVariablesUsed(inner).isEmpty()) {
      return; // the subquery's input is correlated itself
    }
    if (onlyEqualities(subquery.getCondition())) {
      return; // decorrelation joins with the distinct keys, as a batch plan wants
    }
    RexBuilder rex = correlate.getCluster().getRexBuilder();
    RexNode condition = outerColumns(subquery.getCondition(), correlate.getCorrelationId(), leftCount, rex);
    if (condition == null) {
      return;
    }
    RelNode join = LogicalJoin.create(correlate.getLeft(), inner, List.of(), condition, java.util.Set.of(),
        anti ? JoinRelType.ANTI : JoinRelType.SEMI);
    // the row type the correlate gave: the outer columns and the subquery's indicator
    List<RexNode> projects = new ArrayList<>();
    for (int i = 0; i < leftCount; i++) {
      projects.add(rex.makeInputRef(join, i));
    }
    org.apache.calcite.rel.type.RelDataType indicator =
        correlate.getRowType().getFieldList().get(leftCount).getType();
    projects.add(anti ? rex.makeNullLiteral(indicator) : rex.makeLiteral(true, indicator));
    call.transformTo(LogicalProject.create(join, List.of(), projects, correlate.getRowType().getFieldNames(),
        java.util.Set.of()));
  }

  /** The filter under {@code Aggregate(group=[0]) -> Project(TRUE)}, or null when the subquery has another shape. */
  private static Filter existsFilter(RelNode right) {
    if (!(right instanceof Aggregate)) {
      return null;
    }
    Aggregate distinct = (Aggregate) right;
    if (!distinct.getAggCallList().isEmpty() || distinct.getGroupSet().cardinality() != 1
        || distinct.getGroupSet().nth(0) != 0 || distinct.getGroupType() != Aggregate.Group.SIMPLE) {
      return null;
    }
    RelNode below = unwrap(distinct.getInput());
    if (!(below instanceof Project) || ((Project) below).getProjects().size() != 1
        || !((Project) below).getProjects().get(0).isAlwaysTrue()) {
      return null;
    }
    RelNode filter = unwrap(((Project) below).getInput());
    return filter instanceof Filter ? (Filter) filter : null;
  }

  /**
   * Whether every conjunct that reads the correlation variable equates one of its fields with a
   * column: decorrelation then joins with the distinct keys, and this rule leaves it alone.
   */
  static boolean onlyEqualities(RexNode condition) {
    for (RexNode term : RelOptUtil.conjunctions(condition)) {
      if (RexUtil.containsCorrelation(term) && !(term.getKind() == SqlKind.EQUALS
          && isColumnOrOuterField(((RexCall) term).getOperands().get(0))
          && isColumnOrOuterField(((RexCall) term).getOperands().get(1)))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isColumnOrOuterField(RexNode e) {
    return e instanceof RexInputRef
        || e instanceof RexFieldAccess && ((RexFieldAccess) e).getReferenceExpr() instanceof RexCorrelVariable;
  }

  private static boolean isNullOfLast(RexNode condition, int leftCount) {
    return condition.getKind() == SqlKind.IS_NULL
        && ((RexCall) condition).getOperands().get(0) instanceof RexInputRef
        && ((RexInputRef) ((RexCall) condition).getOperands().get(0)).getIndex() == leftCount;
  }

  /**
   * {@code condition} over the join's row (outer columns, then the subquery's): the correlation
   * variable's fields become outer columns, the subquery's columns move right; null if it reads
   * another correlation variable.
   */
  static RexNode outerColumns(RexNode condition, CorrelationId id, int leftCount, RexBuilder rex) {
    boolean[] foreign = new boolean[1];
    RexNode rewritten = condition.accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(ref.getIndex() + leftCount, ref.getType());
      }

      @Override
      public RexNode visitFieldAccess(RexFieldAccess access) {
        if (access.getReferenceExpr() instanceof RexCorrelVariable
            && ((RexCorrelVariable) access.getReferenceExpr()).id.equals(id)) {
          return new RexInputRef(access.getField().getIndex(), access.getType());
        }
        return super.visitFieldAccess(access);
      }

      @Override
      public RexNode visitCorrelVariable(RexCorrelVariable variable) {
        foreign[0] = true;
        return variable;
      }
    });
    return foreign[0] ? null : rewritten;
  }

  static RelNode unwrap(RelNode node) {
    return node instanceof HepRelVertex ? ((HepRelVertex) node).getCurrentRel() : node;
  }
}
