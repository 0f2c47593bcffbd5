package io.sluice.optimizer.physical;

import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.catalog.connector.Table;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/** Reads the listed columns of a table, passing predicates to the connector as skipping hints. */
public final class PhysicalScan extends PhysicalNode {
  private final String tableName;
  private final Table table;
  private final int[] columns;
  private final List<ColumnPredicate> predicates;

  public PhysicalScan(String tableName, Table table, int[] columns, List<ColumnPredicate> predicates,
      RelDataType rowType, double rows) {
    super(List.of(), rowType, rows);
    this.tableName = tableName;
    this.table = table;
    this.columns = columns.clone();
    this.predicates = List.copyOf(predicates);
  }

  public String tableName() {
    return tableName;
  }

  public Table table() {
    return table;
  }

  public int[] columns() {
    return columns.clone();
  }

  public List<ColumnPredicate> predicates() {
    return predicates;
  }

  @Override
  public double selfCost() {
    return rows() * Math.max(1, columns.length) / 4.0;
  }

  @Override
  public String name() {
    return "Scan";
  }

  @Override
  public String details() {
    List<String> names = new ArrayList<>();
    for (int c : columns) {
      names.add(table.schema().column(c).name());
    }
    StringBuilder sb = new StringBuilder("table=").append(tableName).append(", columns=").append(names);
    if (!predicates.isEmpty()) {
      List<String> p = new ArrayList<>();
      for (ColumnPredicate cp : predicates) {
        io.sluice.catalog.Column column = table.schema().column(cp.column());
        p.add(column.name() + " " + cp.operator().symbol()
            + (cp.value() == null ? "" : " " + io.sluice.catalog.data.Values.literal(column.type(), cp.value())));
      }
      sb.append(", skip-by-stats=").append(p);
    }
    return sb.toString();
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return this; // a leaf: no inputs to replace
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
