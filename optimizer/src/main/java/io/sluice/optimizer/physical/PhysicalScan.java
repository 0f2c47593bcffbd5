package io.sluice.optimizer.physical;

import io.sluice.catalog.connector.ColumnPredicate;
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
 * When the table has an index on a column an equality predicate compares, the scan reads only
 * the rows the index gives: EXPLAIN calls it an IndexScan and names the index.
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
   * ({@link ScanPredicates#of(RexNode, int[], List)}).
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
   * The index the scan looks its rows up in, as "name (column = value)", or null: the first
   * equality on a column the table has an index on.
   */
  public String indexLookup() {
    for (ColumnPredicate predicate : predicates) {
      String index = predicate.operator() == ColumnPredicate.Operator.EQUALS && predicate.value() != null
          ? table.indexOn(predicate.column()) : null;
      if (index != null) {
        io.sluice.catalog.Column column = table.schema().column(predicate.column());
        return index + " (" + column.name() + " = "
            + io.sluice.catalog.data.Values.literal(column.type(), predicate.value()) + ")";
      }
    }
    for (RexNode comparison : parameterPredicates) {
      if (comparison.getKind() != SqlKind.EQUALS) {
        continue;
      }
      for (RexNode operand : ((RexCall) comparison).getOperands()) {
        RexInputRef ref = PushFilterIntoScanRule.column(operand);
        String index = ref == null ? null : table.indexOn(columns[ref.getIndex()]);
        if (index != null) {
          return index + " (" + table.schema().column(columns[ref.getIndex()]).name() + " = ?)";
        }
      }
    }
    return null;
  }

  @Override
  public double selfCost() {
    return rows() * Math.max(1, columns.length) / 4.0;
  }

  @Override
  public String name() {
    return indexLookup() != null ? "IndexScan" : "Scan";
  }

  @Override
  public String details() {
    List<String> names = new ArrayList<>();
    for (int c : columns) {
      names.add(table.schema().column(c).name());
    }
    StringBuilder sb = new StringBuilder("table=").append(tableName).append(", columns=").append(names);
    String index = indexLookup();
    if (index != null) {
      sb.append(", index=").append(index);
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
