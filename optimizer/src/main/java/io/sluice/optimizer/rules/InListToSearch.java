package io.sluice.optimizer.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns a long IN list, or an OR chain of equalities with one operand, into one SEARCH over the
 * set of its literal values, before any rule simplifies it.
 *
 * <p>Calcite's SqlToRelConverter writes {@code x IN (v1, ..., vn)} as an OR of n equalities and
 * {@code x NOT IN (...)} as the NOT of that OR. Its simplifier turns the NOT into an AND of n
 * inequalities and then simplifies each term against all the ones before it, so planning costs
 * grow with the cube of the list (a 1,000-value NOT IN took minutes). A SEARCH keeps the values as
 * one sorted range set: the simplifier negates it in one step, and code generation tests a row
 * against it with one lookup. Lists shorter than {@link #THRESHOLD} keep their equalities (the
 * simplifier makes them a SEARCH itself, cheaply), so short lists plan exactly as before.
 *
 * <p>A NULL in the list stays as one equality with NULL beside the SEARCH, so {@code x IN (1,
 * NULL)} is still unknown for every x but 1, and {@code x NOT IN (1, NULL)} is never true.
 */
public final class InListToSearch {
  /** Equalities of one operand from which on they become a SEARCH (Calcite's IN-subquery default). */
  public static final int THRESHOLD = 20;

  private InListToSearch() {}

  /** {@code plan} with every long list of equalities in its expressions made a SEARCH. */
  public static RelNode rewrite(RelNode plan) {
    RexShuttle expressions = new Expressions(plan.getCluster().getRexBuilder());
    return plan.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        return super.visit(other).accept(expressions);
      }
    });
  }

  /** Rewrites ORs bottom-up; an OR's disjuncts are read flat, however it was nested. */
  private static final class Expressions extends RexShuttle {
    private final RexBuilder rexBuilder;
    /** Folds casts of literals; made once per plan rewritten, not per value. */
    private RexSimplify simplify;

    Expressions(RexBuilder rexBuilder) {
      this.rexBuilder = rexBuilder;
    }

    @Override
    public RexNode visitCall(RexCall call) {
      if (call.getKind() != SqlKind.OR) {
        return super.visitCall(call);
      }
      List<RexNode> disjuncts = new ArrayList<>();
      for (RexNode disjunct : RelOptUtil.disjunctions(call)) {
        disjuncts.add(folded(disjunct.accept(this)));
      }
      List<RexNode> rewritten = searches(disjuncts);
      return rewritten == null ? (disjuncts.equals(call.getOperands()) ? call
          : RexUtil.composeDisjunction(rexBuilder, disjuncts)) : RexUtil.composeDisjunction(rexBuilder, rewritten);
    }

    /** The disjuncts with each long group of equalities on one operand as a SEARCH; null if none is long. */
    private List<RexNode> searches(List<RexNode> disjuncts) {
      Map<RexNode, List<RexNode>> valuesByOperand = new LinkedHashMap<>();
      for (RexNode disjunct : disjuncts) {
        RexNode operand = comparedOperand(disjunct);
        if (operand != null && !RexLiteral.isNullLiteral(literalOf(disjunct, operand))) {
          valuesByOperand.computeIfAbsent(operand, k -> new ArrayList<>()).add(literalOf(disjunct, operand));
        }
      }
      valuesByOperand.values().removeIf(values -> values.size() < THRESHOLD);
      if (valuesByOperand.isEmpty()) {
        return null;
      }
      List<RexNode> result = new ArrayList<>();
      for (Map.Entry<RexNode, List<RexNode>> group : valuesByOperand.entrySet()) {
        result.add(rexBuilder.makeIn(group.getKey(), group.getValue()));
      }
      for (RexNode disjunct : disjuncts) {
        RexNode operand = comparedOperand(disjunct);
        if (operand == null || !valuesByOperand.containsKey(operand)
            || RexLiteral.isNullLiteral(literalOf(disjunct, operand))) {
          result.add(disjunct);
        }
      }
      return result;
    }

    /**
     * The equality with a CAST of a literal folded to a literal: a statement with a long IN list is
     * converted without simplification, so its values may still be casts to the operand's type.
     */
    private RexNode folded(RexNode node) {
      if (node.getKind() != SqlKind.EQUALS) {
        return node;
      }
      RexCall equals = (RexCall) node;
      RexNode left = foldedCast(equals.getOperands().get(0));
      RexNode right = foldedCast(equals.getOperands().get(1));
      return left == equals.getOperands().get(0) && right == equals.getOperands().get(1) ? node
          : rexBuilder.makeCall(equals.getOperator(), left, right);
    }

    private RexNode foldedCast(RexNode node) {
      if (node.getKind() == SqlKind.CAST && ((RexCall) node).getOperands().get(0) instanceof RexLiteral) {
        if (simplify == null) {
          simplify = new RexSimplify(rexBuilder, RelOptPredicateList.EMPTY, RexUtil.EXECUTOR);
        }
        RexNode simplified = simplify.simplifyPreservingType(node);
        return simplified instanceof RexLiteral ? simplified : node;
      }
      return node;
    }

    /** The non-literal side of {@code operand = literal} (either way round), or null. */
    private static RexNode comparedOperand(RexNode node) {
      if (node.getKind() != SqlKind.EQUALS) {
        return null;
      }
      RexCall equals = (RexCall) node;
      RexNode left = equals.getOperands().get(0);
      RexNode right = equals.getOperands().get(1);
      if (right instanceof RexLiteral && !(left instanceof RexLiteral) && RexUtil.isDeterministic(left)) {
        return left;
      }
      if (left instanceof RexLiteral && !(right instanceof RexLiteral) && RexUtil.isDeterministic(right)) {
        return right;
      }
      return null;
    }

    private static RexNode literalOf(RexNode equality, RexNode operand) {
      List<RexNode> operands = ((RexCall) equality).getOperands();
      return operands.get(0) == operand ? operands.get(1) : operands.get(0);
    }
  }

}
