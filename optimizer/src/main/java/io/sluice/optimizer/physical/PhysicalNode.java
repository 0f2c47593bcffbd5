package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A node of a physical plan: one of Sluice's own operators with its inputs, output row type,
 * and the planner's estimates. Every node prints one EXPLAIN line with its traits.
 */
public abstract class PhysicalNode {
  private final List<PhysicalNode> inputs;
  private final RelDataType rowType;
  private final double rows;

  protected PhysicalNode(List<PhysicalNode> inputs, RelDataType rowType, double rows) {
    this.inputs = List.copyOf(inputs);
    this.rowType = rowType;
    this.rows = rows;
  }

  public final List<PhysicalNode> inputs() {
    return inputs;
  }

  public final PhysicalNode input(int i) {
    return inputs.get(i);
  }

  public final RelDataType rowType() {
    return rowType;
  }

  /**
   * This node over {@code inputs} instead of its own (as many, with the same row types): itself
   * when they are the same nodes. Lets a pass over the plan replace a node below without
   * knowing the kinds of the nodes above it.
   */
  public final PhysicalNode withInputs(List<PhysicalNode> inputs) {
    if (inputs.size() != this.inputs.size()) {
      throw new IllegalArgumentException(name() + " takes " + this.inputs.size() + " inputs, not " + inputs.size());
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) != this.inputs.get(i)) {
        return copy(inputs);
      }
    }
    return this;
  }

  /** A node like this one over {@code inputs}, which differ from its own. */
  protected abstract PhysicalNode copy(List<PhysicalNode> inputs);

  /** Estimated output rows. */
  public final double rows() {
    return rows;
  }

  /** Estimated cost of this node alone, in rows touched. */
  public abstract double selfCost();

  /** Estimated cost of the subtree. */
  public final double cost() {
    double c = selfCost();
    for (PhysicalNode input : inputs) {
      c += input.cost();
    }
    return c;
  }

  /** The operator's name, e.g. {@code HashJoin}. */
  public abstract String name();

  /** The operator's arguments for EXPLAIN, e.g. {@code type=inner, build=right}. */
  public abstract String details();

  /**
   * Output is append-only in batch plans; over streams the traits the optimizer derives for the
   * whole plan say more ({@code io.sluice.optimizer.stream.StreamPlan#explain}).
   */
  public String traits() {
    return "append";
  }

  /** The plan as an indented tree, one line per node. */
  public final String explain() {
    return explain(PhysicalNode::traits);
  }

  /**
   * The plan as an indented tree, with each node's traits as {@code traits} says (over streams,
   * the streaming traits derived for the whole plan: changelog mode, event time, operator and state).
   */
  public final String explain(java.util.function.Function<PhysicalNode, String> traits) {
    StringBuilder sb = new StringBuilder();
    explain(sb, 0, traits);
    return sb.toString();
  }

  private void explain(StringBuilder sb, int depth, java.util.function.Function<PhysicalNode, String> traits) {
    sb.append("  ".repeat(depth)).append(name()).append('(').append(details()).append(')')
        .append(String.format(" [%s, rows=%s, cost=%s]", traits.apply(this), format(rows), format(cost())))
        .append('\n');
    for (PhysicalNode input : inputs) {
      input.explain(sb, depth + 1, traits);
    }
  }

  static String format(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "?";
    }
    if (d < 10_000) {
      return String.valueOf(Math.round(d));
    }
    if (d < 10_000_000) {
      return Math.round(d / 1000) + "K";
    }
    return Math.round(d / 1_000_000) + "M";
  }

  /** Accepts a visitor; used by the engine to build run-time operators. */
  public abstract <R> R accept(PhysicalVisitor<R> visitor);
}
