package io.sluice.optimizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.tools.RelBuilder;

/**
 * A named step of logical optimization: a set of rules run to a fixed point, or a rewrite
 * that is not rule-shaped (decorrelation, field trimming).
 *
 * <p>A rule batch builds its rules when it first runs, once per process, and runs only on a plan
 * holding a node one of its rules can start from ({@link #mayChange}): Hep tries a rule on a node
 * only when the node matches the rule's first operand, so a plan with none of those nodes comes out
 * of the batch as it went in. A short query thus never builds the join or aggregate rules.
 */
public final class RuleBatch {
  private final String name;
  private final String reason;
  private final boolean required;
  private final HepMatchOrder order;
  private final Rewrite rewrite;
  private final Starts starts;
  private final Supplier<List<RelOptRule>> factory;
  private volatile List<RelOptRule> rules;

  /** A rewrite of a whole plan. */
  @FunctionalInterface
  public interface Rewrite {
    RelNode apply(RelNode plan, RelBuilder builder);
  }

  /**
   * The nodes a batch's rules can start from: nodes of these kinds (the classes of the rules' first
   * operands, or their super-classes) that also pass {@code test} (what those operands' predicates
   * ask of them, or nothing).
   */
  public record Starts(List<Class<? extends RelNode>> kinds, Predicate<RelNode> test) {
    public Starts {
      kinds = List.copyOf(kinds);
    }

    /** Whether {@code node} is one of these. */
    public boolean includes(RelNode node) {
      for (Class<? extends RelNode> kind : kinds) {
        if (kind.isInstance(node)) {
          return test.test(node);
        }
      }
      return false;
    }
  }

  private RuleBatch(String name, String reason, boolean required, HepMatchOrder order, Rewrite rewrite,
      Starts starts, Supplier<List<RelOptRule>> factory) {
    this.name = name;
    this.reason = reason;
    this.required = required;
    this.order = order;
    this.rewrite = rewrite;
    this.starts = starts;
    this.factory = factory;
  }

  /** The nodes of {@code kinds}, whatever their expressions. */
  @SafeVarargs
  public static Starts startsOn(Class<? extends RelNode>... kinds) {
    return new Starts(List.of(kinds), node -> true);
  }

  /** The nodes of {@code kinds} that pass {@code test}. */
  public static Starts startsOn(Predicate<RelNode> test, List<Class<? extends RelNode>> kinds) {
    return new Starts(kinds, test);
  }

  /** A batch of rules built when it first runs. */
  public static RuleBatch rules(String name, String reason, boolean required, HepMatchOrder order, Starts starts,
      Supplier<List<RelOptRule>> rules) {
    return new RuleBatch(name, reason, required, order, null, starts, rules);
  }

  /** A batch of rules already built, which starts on its rules' first operands' classes. */
  public static RuleBatch rules(String name, String reason, boolean required, RelOptRule... rules) {
    List<Class<? extends RelNode>> kinds = new ArrayList<>();
    for (RelOptRule rule : rules) {
      kinds.add(rule.getOperand().getMatchedClass());
    }
    List<RelOptRule> built = List.of(rules);
    return new RuleBatch(name, reason, required, HepMatchOrder.DEPTH_FIRST, null,
        new Starts(kinds, node -> true), () -> built);
  }

  public static RuleBatch rewrite(String name, String reason, boolean required, Rewrite rewrite) {
    return new RuleBatch(name, reason, required, HepMatchOrder.DEPTH_FIRST, rewrite, null, List::of);
  }

  /** What {@code SET 'optimizer.batch.<name>' = 'off'} switches off. */
  public String name() {
    return name;
  }

  /** Why the batch runs where it does, shown by EXPLAIN and the docs. */
  public String reason() {
    return reason;
  }

  /** Whether execution depends on it (such batches cannot be switched off). */
  public boolean required() {
    return required;
  }

  /** The order Hep matches in. */
  public HepMatchOrder order() {
    return order;
  }

  /** The rewrite, for non-rule batches; null for rule batches. */
  public Rewrite rewrite() {
    return rewrite;
  }

  /** The nodes the rules start from; null for a rewrite. */
  public Starts starts() {
    return starts;
  }

  /** The rules, built on the first call; empty for a rewrite. */
  public List<RelOptRule> rules() {
    List<RelOptRule> built = rules;
    if (built == null) {
      synchronized (this) {
        built = rules;
        if (built == null) {
          built = List.copyOf(factory.get());
          rules = built;
        }
      }
    }
    return built;
  }

  /**
   * Whether running the batch on {@code plan} may change it: always for a rewrite; for rules, when
   * some node of the plan is one the rules start from.
   */
  public boolean mayChange(RelNode plan) {
    return starts == null || holds(plan, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private boolean holds(RelNode node, Set<RelNode> seen) {
    if (!seen.add(node)) {
      return false;
    }
    if (starts.includes(node)) {
      return true;
    }
    for (RelNode input : node.getInputs()) {
      if (holds(input, seen)) {
        return true;
      }
    }
    return false;
  }
}
