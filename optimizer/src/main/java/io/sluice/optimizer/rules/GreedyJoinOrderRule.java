package io.sluice.optimizer.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Orders an inner join of many inputs greedily, as a left-deep tree: it starts from the input
 * with the fewest estimated rows and adds, one at a time, the input that keeps the estimated
 * intermediate result smallest among those a join condition connects to what is joined so far
 * (a cross product only when none is). Each input's row count and key distinct counts are read
 * once, so ordering {@code n} inputs costs {@code O(n²)} arithmetic steps.
 *
 * <p>Calcite's {@code LoptOptimizeJoinRule}, which runs after this rule on what it leaves, tries
 * every input as the first and estimates the cost of every tree it builds through metadata: its
 * orders are better founded but its time grows steeply with the inputs (a 12-way join took
 * 0.3–0.8 s to plan, a 64-way one far longer). This rule takes the joins of at least
 * {@link #MIN_INPUTS} inputs, all inner, which no TPC-H query reaches, so their plans stay
 * Calcite's.
 */
public final class GreedyJoinOrderRule extends RelOptRule {
  /** Fewer inputs than this are left to Calcite's exhaustive ordering. */
  public static final int MIN_INPUTS = 9;

  public static final GreedyJoinOrderRule INSTANCE = new GreedyJoinOrderRule();

  @SuppressWarnings("deprecation")
  private GreedyJoinOrderRule() {
    super(operand(MultiJoin.class, any()), "GreedyJoinOrderRule");
  }

  @Override
  public boolean matches(RelOptRuleCall call) {
    MultiJoin join = call.rel(0);
    if (join.getInputs().size() < MIN_INPUTS || join.isFullOuterJoin() || join.getPostJoinFilter() != null) {
      return false;
    }
    for (int i = 0; i < join.getInputs().size(); i++) {
      if (join.getJoinTypes().get(i) != JoinRelType.INNER || join.getOuterJoinConditions().get(i) != null
          || join.getProjFields().get(i) != null) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    MultiJoin join = call.rel(0);
    RelMetadataQuery mq = call.getMetadataQuery();
    List<RelNode> inputs = join.getInputs();
    int n = inputs.size();
    int[] offsets = new int[n + 1];
    double[] rows = new double[n];
    for (int i = 0; i < n; i++) {
      offsets[i + 1] = offsets[i] + inputs.get(i).getRowType().getFieldCount();
      Double estimate = mq.getRowCount(inputs.get(i));
      rows[i] = estimate == null ? 100 : Math.max(1, estimate);
    }
    List<Condition> conditions = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(join.getJoinFilter())) {
      conditions.add(new Condition(conjunct, factors(conjunct, offsets), selectivity(conjunct, inputs, offsets, rows, mq)));
    }

    int[] order = order(rows, conditions);

    // the inputs in their new order, joined left-deep; columns move with their input
    int[] newPosition = new int[offsets[n]];
    int position = 0;
    for (int factor : order) {
      for (int field = offsets[factor]; field < offsets[factor + 1]; field++) {
        newPosition[field] = position++;
      }
    }
    RexShuttle renumber = new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(newPosition[ref.getIndex()], ref.getType());
      }
    };
    RelBuilder builder = call.builder();
    builder.push(inputs.get(order[0]));
    boolean[] used = new boolean[conditions.size()];
    ImmutableBitSet joined = ImmutableBitSet.of(order[0]);
    for (int k = 1; k < n; k++) {
      joined = joined.set(order[k]);
      List<RexNode> applied = new ArrayList<>();
      for (int c = 0; c < conditions.size(); c++) {
        if (!used[c] && joined.contains(conditions.get(c).factors)) {
          used[c] = true;
          applied.add(conditions.get(c).condition.accept(renumber));
        }
      }
      builder.push(inputs.get(order[k]));
      builder.join(JoinRelType.INNER, RexUtil.composeConjunction(builder.getRexBuilder(), applied));
    }
    // the columns back in the MultiJoin's order
    List<RexNode> columns = new ArrayList<>(offsets[n]);
    for (int field = 0; field < offsets[n]; field++) {
      columns.add(builder.field(newPosition[field]));
    }
    builder.project(columns, join.getRowType().getFieldNames(), true);
    call.transformTo(builder.build());
  }

  /** One conjunct of the join condition: the inputs it reads and the share of row pairs it keeps. */
  private record Condition(RexNode condition, ImmutableBitSet factors, double selectivity) {}

  /**
   * The order in which to join: the input of fewest rows first, then each time the connected input
   * that gives the fewest estimated rows (ties to the smaller input, then to the earlier).
   */
  static int[] order(double[] rows, List<Condition> conditions) {
    int n = rows.length;
    int first = 0;
    for (int i = 1; i < n; i++) {
      if (rows[i] < rows[first]) {
        first = i;
      }
    }
    int[] order = new int[n];
    order[0] = first;
    boolean[] joined = new boolean[n];
    joined[first] = true;
    ImmutableBitSet joinedSet = ImmutableBitSet.of(first);
    double current = rows[first];
    for (int k = 1; k < n; k++) {
      int best = -1;
      boolean bestConnected = false;
      double bestRows = Double.MAX_VALUE;
      for (int candidate = 0; candidate < n; candidate++) {
        if (joined[candidate]) {
          continue;
        }
        ImmutableBitSet with = joinedSet.set(candidate);
        double estimate = current * rows[candidate];
        boolean connected = false;
        for (Condition condition : conditions) {
          if (condition.factors.get(candidate) && with.contains(condition.factors)) {
            estimate *= condition.selectivity;
            connected |= condition.factors.cardinality() > 1;
          }
        }
        estimate = Math.max(1, estimate);
        boolean better = best < 0 || connected && !bestConnected
            || connected == bestConnected && (estimate < bestRows
                || estimate == bestRows && rows[candidate] < rows[best]);
        if (better) {
          best = candidate;
          bestConnected = connected;
          bestRows = estimate;
        }
      }
      order[k] = best;
      joined[best] = true;
      joinedSet = joinedSet.set(best);
      current = bestRows;
    }
    return order;
  }

  /** The inputs whose columns {@code condition} reads. */
  private static ImmutableBitSet factors(RexNode condition, int[] offsets) {
    ImmutableBitSet.Builder factors = ImmutableBitSet.builder();
    for (int field : RelOptUtil.InputFinder.bits(condition)) {
      factors.set(factorOf(field, offsets));
    }
    return factors.build();
  }

  private static int factorOf(int field, int[] offsets) {
    int factor = 0;
    while (offsets[factor + 1] <= field) {
      factor++;
    }
    return factor;
  }

  /**
   * The share of row pairs a conjunct keeps: for an equality of two columns, one over the larger
   * of their distinct counts (each at most its input's rows); otherwise Calcite's guess.
   */
  private static double selectivity(RexNode condition, List<RelNode> inputs, int[] offsets, double[] rows,
      RelMetadataQuery mq) {
    if (condition.getKind() == SqlKind.EQUALS) {
      List<RexNode> operands = ((RexCall) condition).getOperands();
      if (operands.get(0) instanceof RexInputRef left && operands.get(1) instanceof RexInputRef right) {
        double distinct = Math.max(distinct(left.getIndex(), inputs, offsets, rows, mq),
            distinct(right.getIndex(), inputs, offsets, rows, mq));
        return 1 / Math.max(1, distinct);
      }
    }
    return RelMdUtil.guessSelectivity(condition);
  }

  private static double distinct(int field, List<RelNode> inputs, int[] offsets, double[] rows,
      RelMetadataQuery mq) {
    int factor = factorOf(field, offsets);
    Double distinct = mq.getDistinctRowCount(inputs.get(factor), ImmutableBitSet.of(field - offsets[factor]), null);
    return distinct == null ? rows[factor] : Math.min(distinct, rows[factor]);
  }
}
