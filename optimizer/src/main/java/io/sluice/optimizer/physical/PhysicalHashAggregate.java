package io.sluice.optimizer.physical;

import java.util.List;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Grouping with a hash table; output is the group keys then one column per aggregate. Over a
 * stream, a rule may replace it by the stateful aggregation it runs as ({@link StreamGroupAggregate}).
 */
public class PhysicalHashAggregate extends PhysicalNode {
  private final int[] groupKeys;
  private final List<AggregateCall> aggregates;

  public PhysicalHashAggregate(PhysicalNode input, int[] groupKeys, List<AggregateCall> aggregates,
      RelDataType rowType, double rows) {
    super(List.of(input), rowType, rows);
    this.groupKeys = groupKeys.clone();
    this.aggregates = List.copyOf(aggregates);
  }

  public int[] groupKeys() {
    return groupKeys.clone();
  }

  public List<AggregateCall> aggregates() {
    return aggregates;
  }

  @Override
  public double selfCost() {
    return input(0).rows() * (1 + aggregates.size() / 4.0) + rows();
  }

  @Override
  public String name() {
    return "HashAggregate";
  }

  @Override
  public String details() {
    List<String> inputNames = input(0).rowType().getFieldNames();
    StringBuilder sb = new StringBuilder("group=[");
    for (int i = 0; i < groupKeys.length; i++) {
      sb.append(i > 0 ? ", " : "").append(inputNames.get(groupKeys[i]));
    }
    sb.append("], aggregates=").append(aggregates);
    return sb.toString();
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalHashAggregate(inputs.get(0), groupKeys, aggregates, rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
