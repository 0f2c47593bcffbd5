package io.sluice.optimizer.physical;

import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.catalog.connector.IndexAccess;
import io.sluice.catalog.connector.Table;
import java.util.ArrayList;
import java.util.List;
import io.sluice.optimizer.rules.PushFilterIntoScanRule;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * Reads the listed columns of a table, passing predicates to the connector as skipping hints.
 * When the table has an index that looks up some of the predicates and gives few enough rows
 * ({@link Table#indexAccess}), the scan reads only the rows the index gives: EXPLAIN calls it an
 * IndexScan and names the index, its kind and how many rows it gives of how many.
 */
public final class PhysicalScan extends PhysicalNode {
  private final String tableName;
  private final Table table;
  private final int[] columns;
  private final List<ColumnPredicate> predicates;
  private final List<RexNode> parameterPredicates;

  public PhysicalScan(String tableName, Table table, int[] columns, List<ColumnPredicate> predicates,
      RelDataType rowType, double rows) {
    this(tableName, table, columns, predicates, List.of(), rowType, rows);
  }

  /**
   * A scan whose hints also include {@code parameterPredicates}: comparisons of its output columns
   * with {@code ?} parameters, made predicates when a run binds their values
   * ({@link io.sluice.optimizer.rules.ScanPredicates#of(RexNode, int[], List)}).
   */
  public PhysicalScan(String tableName, Table table, int[] columns, List<ColumnPredicate> predicates,
      List<RexNode> parameterPredicates, RelDataType rowType, double rows) {
    super(List.of(), rowType, rows);
    this.tableName = tableName;
    this.table = table;
    this.columns = columns.clone();
    this.predicates = List.copyOf(predicates);
    this.parameterPredicates = List.copyOf(parameterPredicates);
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

  /** Comparisons with {@code ?} parameters, over this scan's output columns; empty without. */
  public List<RexNode> parameterPredicates() {
    return parameterPredicates;
  }

  /**
   * How the table would read this scan's rows through an index, and whether it does (from the
   * index's own count of the rows its lookup gives), or null when no index serves the predicates.
   * A comparison with a {@code ?} parameter is looked up with its value when the query runs.
   */
  public IndexAccess indexAccess() {
    if (predicates.isEmpty() && parameterPredicates.isEmpty()) {
      return null;
    }
    List<ColumnPredicate> all = new ArrayList<>(predicates);
    for (RexNode comparison : parameterPredicates) {
      ColumnPredicate.Operator operator = operator(comparison.getKind());
      List<RexNode> operands = ((RexCall) comparison).getOperands();
      RexInputRef ref = PushFilterIntoScanRule.column(operands.get(0));
      if (ref == null) {
        ref = PushFilterIntoScanRule.column(operands.get(1));
        operator = operator(comparison.getKind().reverse());
      }
      if (ref != null && operator != null) {
        all.add(new ColumnPredicate(columns[ref.getIndex()], operator, ColumnPredicate.PARAMETER));
      }
    }
    return table.indexAccess(all);
  }

  private static ColumnPredicate.Operator operator(SqlKind kind) {
    switch (kind) {
      case EQUALS: return ColumnPredicate.Operator.EQUALS;
      case LESS_THAN: return ColumnPredicate.Operator.LESS_THAN;
      case LESS_THAN_OR_EQUAL: return ColumnPredicate.Operator.LESS_THAN_OR_EQUAL;
      case GREATER_THAN: return ColumnPredicate.Operator.GREATER_THAN;
      case GREATER_THAN_OR_EQUAL: return ColumnPredicate.Operator.GREATER_THAN_OR_EQUAL;
      default: return null;
    }
  }

  @Override
  public double selfCost() {
    return rows() * Math.max(1, columns.length) / 4.0;
  }

  @Override
  public String name() {
    IndexAccess index = indexAccess();
    return index != null && index.chosen() ? "IndexScan" : "Scan";
  }

  @Override
  public String details() {
    List<String> names = new ArrayList<>();
    for (int c : columns) {
      names.add(table.schema().column(c).name());
    }
    StringBuilder sb = new StringBuilder("table=").append(tableName).append(", columns=").append(names);
    IndexAccess index = indexAccess();
    if (index != null) {
      sb.append(index.chosen() ? ", index=" : ", index not used=").append(index.describe());
    }
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
