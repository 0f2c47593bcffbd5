package io.sluice.optimizer;

import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.tools.RelBuilder;

/**
 * A named step of logical optimization: a set of rules run to a fixed point, or a rewrite
 * that is not rule-shaped (decorrelation, field trimming).
 *
 * @param name what {@code SET 'optimizer.batch.<name>' = 'off'} switches off
 * @param reason why the batch runs where it does, shown by EXPLAIN and the docs
 * @param required whether execution depends on it (such batches cannot be switched off)
 * @param rules the rules, for rule batches; empty for a rewrite
 * @param order the order Hep matches in
 * @param rewrite the rewrite, for non-rule batches; null for rule batches
 */
public record RuleBatch(String name, String reason, boolean required, List<RelOptRule> rules, HepMatchOrder order,
    Rewrite rewrite) {

  /** A rewrite of a whole plan. */
  @FunctionalInterface
  public interface Rewrite {
    RelNode apply(RelNode plan, RelBuilder builder);
  }

  public static RuleBatch rules(String name, String reason, boolean required, RelOptRule... rules) {
    return new RuleBatch(name, reason, required, List.of(rules), HepMatchOrder.DEPTH_FIRST, null);
  }

  public static RuleBatch rules(String name, String reason, boolean required, HepMatchOrder order,
      RelOptRule... rules) {
    return new RuleBatch(name, reason, required, List.of(rules), order, null);
  }

  public static RuleBatch rewrite(String name, String reason, boolean required, Rewrite rewrite) {
    return new RuleBatch(name, reason, required, List.of(), HepMatchOrder.DEPTH_FIRST, rewrite);
  }
}
