package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A filter and projection fused into one compiled loop. */
public final class PhysicalFilterProject extends PhysicalNode {
  private final @Nullable RexNode condition;
  private final List<RexNode> projects;

  public PhysicalFilterProject(PhysicalNode input, @Nullable RexNode condition, List<RexNode> projects,
      RelDataType rowType, double rows) {
    super(List.of(input), rowType, rows);
    this.condition = condition;
    this.projects = List.copyOf(projects);
  }

  public @Nullable RexNode condition() {
    return condition;
  }

  public List<RexNode> projects() {
    return projects;
  }

  @Override
  public double selfCost() {
    return input(0).rows() * (1 + projects.size() / 8.0);
  }

  /** Whether the projection passes the input through unchanged (a pure filter). */
  public boolean isIdentityProjection() {
    if (projects.size() != input(0).rowType().getFieldCount()) {
      return false;
    }
    for (int i = 0; i < projects.size(); i++) {
      if (!(projects.get(i) instanceof org.apache.calcite.rex.RexInputRef)
          || ((org.apache.calcite.rex.RexInputRef) projects.get(i)).getIndex() != i) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String name() {
    if (condition == null) {
      return "Project";
    }
    return isIdentityProjection() ? "Filter" : "FilterProject";
  }

  @Override
  public String details() {
    StringBuilder sb = new StringBuilder();
    if (condition != null) {
      sb.append("filter=").append(condition);
      if (isIdentityProjection()) {
        return sb.toString();
      }
      sb.append(", ");
    }
    sb.append("project=[");
    List<String> names = rowType().getFieldNames();
    for (int i = 0; i < projects.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(projects.get(i));
      if (!projects.get(i).toString().equals(names.get(i))) {
        sb.append(" AS ").append(names.get(i));
      }
    }
    return sb.append(']').toString();
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalFilterProject(inputs.get(0), condition, projects, rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
