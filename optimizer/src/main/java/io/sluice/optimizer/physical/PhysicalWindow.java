package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLiteral;

/**
 * Window functions of one window group (same partitioning, order and frame): output is the
 * input columns followed by one column per function.
 */
public final class PhysicalWindow extends PhysicalNode {
  private final Window.Group group;
  private final List<RexLiteral> constants;
  private final int constantBase;

  public PhysicalWindow(PhysicalNode input, Window.Group group, List<RexLiteral> constants, int constantBase,
      RelDataType rowType, double rows) {
    super(List.of(input), rowType, rows);
    this.group = group;
    this.constants = List.copyOf(constants);
    this.constantBase = constantBase;
  }

  /**
   * Input references at or past this index in the group's calls and frame bounds denote
   * {@code constants().get(index - constantBase())}, not input columns.
   */
  public int constantBase() {
    return constantBase;
  }

  public Window.Group group() {
    return group;
  }

  /** Constants that window calls and frame bounds refer to past the input's columns. */
  public List<RexLiteral> constants() {
    return constants;
  }

  @Override
  public double selfCost() {
    double n = Math.max(2, input(0).rows());
    return n * Math.log(n) / Math.log(2) + n * group.aggCalls.size();
  }

  @Override
  public String name() {
    return "Window";
  }

  @Override
  public String details() {
    return "partition=" + group.keys + ", order=" + group.orderKeys + ", frame=" + (group.isRows ? "rows" : "range")
        + " " + group.lowerBound + " .. " + group.upperBound + ", functions=" + group.aggCalls;
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalWindow(inputs.get(0), group, constants, constantBase, rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
