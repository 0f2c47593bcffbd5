package io.sluice.optimizer.rules;

import io.sluice.catalog.connector.StreamTable;
import io.sluice.optimizer.schema.CatalogTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Turns a correlated {@code x IN (SELECT y FROM p WHERE c)} or {@code x NOT IN (...)}, a conjunct
 * of a WHERE clause whose subquery filters uncorrelated input by more than equalities with the
 * outer row (a time bound), into one SEMI or ANTI join of the outer input with {@code p} on
 * {@code c AND x = y}, before Calcite's subquery removal would join with the distinct outer values
 * (a second read of the outer stream that no time bound reaches). A join of two streams then sees
 * its time bound and runs as a time-bounded semi or anti join, as {@link
 * CorrelatedExistsToSemiJoinRule} does for EXISTS.
 *
 * <p>NOT IN keeps SQL's NULL semantics: {@code x NOT IN S} is true only when every {@code y} of
 * {@code S} compares unequal, so a NULL {@code y} in the bound (or a NULL {@code x} and a
 * non-empty bound) makes it unknown and the row is not kept. The anti join's condition is
 * therefore {@code c AND (x = y OR x IS NULL OR y IS NULL)}, the NULL tests only for nullable
 * columns.
 *
 * <p>A NOT IN correlated by equalities alone is left to decorrelation (which counts the
 * subquery's rows and NULLs per outer key), unless both inputs read streams and an equality
 * relates their timestamps ({@code l.window_start = r.window_start AND l.window_end =
 * r.window_end}: two windowed streams): the anti join then keeps those equalities as its time
 * bound, so that it runs as a window anti join emitted when the window closes, as Flink's does.
 */
public final class CorrelatedInToSemiJoinRule extends RelOptRule {
  public static final CorrelatedInToSemiJoinRule INSTANCE = new CorrelatedInToSemiJoinRule();

  @SuppressWarnings("deprecation")
  private CorrelatedInToSemiJoinRule() {
    super(operand(LogicalFilter.class, any()), "CorrelatedInToSemiJoinRule");
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Filter filter = call.rel(0);
    if (filter.getVariablesSet().size() != 1) {
      return;
    }
    CorrelationId id = filter.getVariablesSet().iterator().next();
    List<RexNode> conjuncts = RelOptUtil.conjunctions(filter.getCondition());
    for (int i = 0; i < conjuncts.size(); i++) {
      RelNode join = semiJoin(filter, id, conjuncts.get(i));
      if (join != null) {
        List<RexNode> rest = new ArrayList<>(conjuncts);
        rest.remove(i);
        RexBuilder rex = filter.getCluster().getRexBuilder();
        boolean restCorrelated = RexUtil.containsCorrelation(RexUtil.composeConjunction(rex, rest));
        call.transformTo(rest.isEmpty() ? join : LogicalFilter.create(join, RexUtil.composeConjunction(rex, rest),
            com.google.common.collect.ImmutableSet.copyOf(restCorrelated ? Set.of(id) : Set.<CorrelationId>of())));
        return;
      }
    }
  }

  /** The SEMI or ANTI join {@code term} amounts to, or null when it is not a correlated IN of the shape above. */
  private static RelNode semiJoin(Filter filter, CorrelationId id, RexNode term) {
    boolean anti = term.getKind() == SqlKind.NOT;
    RexNode in = anti ? ((RexCall) term).getOperands().get(0) : term;
    if (in.getKind() != SqlKind.IN || !(in instanceof RexSubQuery)) {
      return null;
    }
    RexSubQuery subQuery = (RexSubQuery) in;
    RelNode top = CorrelatedExistsToSemiJoinRule.unwrap(subQuery.rel);
    List<RexNode> selected;
    RelNode below;
    if (top instanceof Project) {
      selected = ((Project) top).getProjects();
      below = CorrelatedExistsToSemiJoinRule.unwrap(((Project) top).getInput());
    } else {
      selected = null;
      below = top;
    }
    if (!(below instanceof Filter)) {
      return null;
    }
    Filter bound = (Filter) below;
    RelNode inner = CorrelatedExistsToSemiJoinRule.unwrap(bound.getInput());
    if (!RelOptUtil.getVariablesUsed(inner).isEmpty() || selected != null && RexUtil.containsCorrelation(
        RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), selected))) {
      return null;
    }
    if (!RexUtil.containsCorrelation(bound.getCondition())
        || CorrelatedExistsToSemiJoinRule.onlyEqualities(bound.getCondition())
        && !(anti && equatesTimes(bound.getCondition()) && readsStream(filter.getInput()) && readsStream(inner))) {
      return null; // decorrelation joins with the distinct keys, as a batch plan wants
    }
    RexBuilder rex = filter.getCluster().getRexBuilder();
    int leftCount = filter.getInput().getRowType().getFieldCount();
    RexNode condition = CorrelatedExistsToSemiJoinRule.outerColumns(bound.getCondition(), id, leftCount, rex);
    List<RexNode> outer = subQuery.getOperands();
    if (condition == null || outer.stream().anyMatch(RexUtil::containsCorrelation)) {
      return null;
    }
    List<RexNode> terms = new ArrayList<>();
    terms.add(condition);
    for (int k = 0; k < outer.size(); k++) {
      RexNode value = selected == null ? rex.makeInputRef(inner, k) : selected.get(k);
      RexNode right = RexUtil.shift(value, leftCount);
      RexNode left = outer.get(k);
      RexNode equal = rex.makeCall(SqlStdOperatorTable.EQUALS, left, right);
      if (anti) {
        // x NOT IN S is unknown (so not kept) when S holds a NULL or x is NULL: such a row matches
        List<RexNode> either = new ArrayList<>(List.of(equal));
        if (left.getType().isNullable()) {
          either.add(rex.makeCall(SqlStdOperatorTable.IS_NULL, left));
        }
        if (right.getType().isNullable()) {
          either.add(rex.makeCall(SqlStdOperatorTable.IS_NULL, right));
        }
        equal = RexUtil.composeDisjunction(rex, either);
      }
      terms.add(equal);
    }
    return LogicalJoin.create(filter.getInput(), inner, List.of(), RexUtil.composeConjunction(rex, terms), Set.of(),
        anti ? JoinRelType.ANTI : JoinRelType.SEMI);
  }

  /**
   * Whether a conjunct equates a timestamp of the outer row with one of the subquery's (a window's
   * bounds, {@code l.window_start = r.window_start}): between streams such an equality may be a
   * time bound, which the anti join keeps in its condition, where counting would hide it.
   */
  private static boolean equatesTimes(RexNode condition) {
    for (RexNode term : RelOptUtil.conjunctions(condition)) {
      if (term.getKind() == SqlKind.EQUALS && RexUtil.containsCorrelation(term)
          && ((RexCall) term).getOperands().stream().allMatch(
              e -> e.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code node} reads a stream (an unbounded source) anywhere below it. */
  private static boolean readsStream(RelNode node) {
    RelNode rel = CorrelatedExistsToSemiJoinRule.unwrap(node);
    if (rel instanceof TableScan) {
      CatalogTable table = rel.getTable() == null ? null : rel.getTable().unwrap(CatalogTable.class);
      return table != null && table.table() instanceof StreamTable;
    }
    return rel.getInputs().stream().anyMatch(CorrelatedInToSemiJoinRule::readsStream);
  }
}
