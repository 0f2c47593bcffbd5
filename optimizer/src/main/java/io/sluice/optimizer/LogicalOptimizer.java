package io.sluice.optimizer;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptListener;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.tools.RelBuilder;

/**
 * Runs the rule batches of {@link RuleBatches} in order, each to a fixed point, timing each and
 * recording which rules changed the plan.
 */
public final class LogicalOptimizer {
  /** More rule applications than this in one batch means rules are undoing each other. */
  static final int MATCH_LIMIT = 20_000;

  private final List<RuleBatch> batches;

  public LogicalOptimizer(List<RuleBatch> batches) {
    this.batches = List.copyOf(batches);
  }

  public LogicalOptimizer() {
    this(RuleBatches.DEFAULT);
  }

  public List<RuleBatch> batches() {
    return batches;
  }

  /**
   * Optimizes {@code plan}, skipping the batches named in {@code disabled}.
   *
   * @throws SluiceException if a batch hits the iteration limit or a required batch is disabled
   */
  public RelNode optimize(RelNode plan, Set<String> disabled, OptimizerTrace trace) {
    for (String name : disabled) {
      RuleBatch batch = find(name);
      if (batch.required()) {
        throw new SluiceException(ErrorCode.INVALID_OPTION,
            "Optimizer batch '" + name + "' cannot be switched off: queries cannot run without it");
      }
    }
    RelNode current = plan;
    for (RuleBatch batch : batches) {
      if (disabled.contains(batch.name())) {
        trace.add(new OptimizerTrace.BatchRun(batch.name(), true, 0, List.of(), false));
        continue;
      }
      long start = System.nanoTime();
      List<String> fired = new ArrayList<>();
      RelNode next;
      if (batch.rewrite() != null) {
        RelBuilder builder = RelBuilder.proto(org.apache.calcite.plan.Contexts.empty())
            .create(current.getCluster(), null);
        next = batch.rewrite().apply(current, builder);
        // a rewrite may return an equal copy; comparing trees node by node costs less than printing both
        if (next != current && !next.deepEquals(current)) {
          fired.add(batch.name());
        }
      } else if (batch.mayChange(current)) {
        next = runRules(current, batch, fired);
      } else {
        next = current; // no node the rules start from: Hep would return the plan as it is
      }
      trace.add(new OptimizerTrace.BatchRun(batch.name(), false, System.nanoTime() - start, fired,
          !fired.isEmpty()));
      current = next;
    }
    return current;
  }

  private RuleBatch find(String name) {
    List<String> names = new ArrayList<>();
    for (RuleBatch b : batches) {
      if (b.name().equals(name)) {
        return b;
      }
      names.add(b.name());
    }
    throw new SluiceException(ErrorCode.INVALID_OPTION, "Unknown optimizer batch '" + name + "'."
        + io.sluice.catalog.NameMatcher.hint(name, names) + " Batches: " + String.join(", ", names));
  }

  private static RelNode runRules(RelNode plan, RuleBatch batch, List<String> fired) {
    HepProgramBuilder program = new HepProgramBuilder().addMatchOrder(batch.order()).addMatchLimit(MATCH_LIMIT);
    if (batch.name().equals("join-reorder")) {
      // MultiJoin must be complete before it is optimized: one pass per rule, in order, not one collection.
      for (RelOptRule rule : batch.rules()) {
        program.addRuleInstance(rule);
      }
    } else {
      program.addRuleCollection(new ArrayList<RelOptRule>(batch.rules()));
    }
    HepPlanner planner = new HepPlanner(program.build());
    int[] count = {0};
    planner.addListener(new RelOptListener() {
      @Override
      public void relEquivalenceFound(RelEquivalenceEvent event) {}

      @Override
      public void ruleAttempted(RuleAttemptedEvent event) {}

      @Override
      public void ruleProductionSucceeded(RuleProductionEvent event) {
        if (event.isBefore()) {
          return;
        }
        count[0]++;
        fired.add(event.getRuleCall().getRule().toString());
      }

      @Override
      public void relDiscarded(RelDiscardedEvent event) {}

      @Override
      public void relChosen(RelChosenEvent event) {}
    });
    planner.setRoot(plan);
    RelNode result;
    try {
      result = planner.findBestExp();
    } catch (StackOverflowError e) {
      // rules that undo each other grow the plan until the stack runs out
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Optimizer batch '" + batch.name()
          + "' did not reach a fixed point (the plan kept growing)");
    }
    if (count[0] >= MATCH_LIMIT) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Optimizer batch '" + batch.name()
          + "' did not reach a fixed point within " + MATCH_LIMIT + " rule applications");
    }
    return result;
  }
}
