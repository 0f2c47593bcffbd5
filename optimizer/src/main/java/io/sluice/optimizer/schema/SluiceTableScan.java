package io.sluice.optimizer.schema;

import io.sluice.catalog.connector.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A scan of a catalog table that reads only some of its columns and carries the predicates
 * pushed down to it, so the connector can skip data (Parquet row groups) by statistics.
 *
 * <p>The pushed predicate is a hint: the filter it came from stays above the scan, because
 * statistics can only rule blocks out, never rows.
 */
public final class SluiceTableScan extends TableScan {
  private final int[] columns;
  private final @Nullable RexNode pushedPredicate;

  public SluiceTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, int[] columns,
      @Nullable RexNode pushedPredicate) {
    super(cluster, traits, List.of(), table);
    this.columns = columns.clone();
    this.pushedPredicate = pushedPredicate;
  }

  /** A scan of every column of {@code table}. */
  public static SluiceTableScan of(RelOptCluster cluster, RelOptTable table) {
    int[] all = new int[table.getRowType().getFieldCount()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return new SluiceTableScan(cluster, cluster.traitSet(), table, all, null);
  }

  /** Indexes into the table's columns of the columns this scan produces, in output order. */
  public int[] columns() {
    return columns.clone();
  }

  /** The conjunction of predicates pushed into the scan, over the scan's output; null if none. */
  public @Nullable RexNode pushedPredicate() {
    return pushedPredicate;
  }

  public CatalogTable catalogTable() {
    return Objects.requireNonNull(table.unwrap(CatalogTable.class), "catalog table");
  }

  public Table connectorTable() {
    return catalogTable().table();
  }

  public SluiceTableScan withPushedPredicate(RexNode predicate) {
    return new SluiceTableScan(getCluster(), getTraitSet(), table, columns, predicate);
  }

  @Override
  public RelDataType deriveRowType() {
    RelDataTypeFactory.Builder builder = getCluster().getTypeFactory().builder();
    List<RelDataTypeField> fields = table.getRowType().getFieldList();
    for (int c : columns) {
      builder.add(fields.get(c));
    }
    return builder.build();
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new SluiceTableScan(getCluster(), traitSet, table, columns, pushedPredicate);
  }

  /**
   * Projection pruning: the field trimmer calls this with the columns the plan uses, and the
   * scan narrows itself instead of growing a Project on top.
   */
  @Override
  public RelNode project(ImmutableBitSet fieldsUsed, java.util.Set<RelDataTypeField> extraFields,
      RelBuilder relBuilder) {
    if (!extraFields.isEmpty() || fieldsUsed.cardinality() == columns.length) {
      return super.project(fieldsUsed, extraFields, relBuilder);
    }
    return narrow(fieldsUsed.toArray());
  }

  /** The scan producing only the given positions of this scan's output, in that order. */
  public SluiceTableScan narrow(int[] positions) {
    int[] narrowed = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      narrowed[i] = columns[positions[i]];
    }
    return new SluiceTableScan(getCluster(), getTraitSet(), table, narrowed, remapPredicate(positions));
  }

  /** The pushed conjuncts rewritten to the narrowed positions; conjuncts on dropped columns go. */
  private @Nullable RexNode remapPredicate(int[] positions) {
    if (pushedPredicate == null) {
      return null;
    }
    int[] newPosition = new int[columns.length];
    java.util.Arrays.fill(newPosition, -1);
    for (int i = 0; i < positions.length; i++) {
      if (newPosition[positions[i]] < 0) {
        newPosition[positions[i]] = i;
      }
    }
    List<RexNode> kept = new ArrayList<>();
    for (RexNode conjunct : org.apache.calcite.plan.RelOptUtil.conjunctions(pushedPredicate)) {
      boolean allKept = true;
      for (int ref : org.apache.calcite.plan.RelOptUtil.InputFinder.bits(conjunct)) {
        allKept &= newPosition[ref] >= 0;
      }
      if (allKept) {
        kept.add(conjunct.accept(new org.apache.calcite.rex.RexShuttle() {
          @Override
          public RexNode visitInputRef(org.apache.calcite.rex.RexInputRef ref) {
            return new org.apache.calcite.rex.RexInputRef(newPosition[ref.getIndex()], ref.getType());
          }
        }));
      }
    }
    return kept.isEmpty() ? null
        : org.apache.calcite.rex.RexUtil.composeConjunction(getCluster().getRexBuilder(), kept);
  }

  /**
   * All rows of the table: the pushed predicate only lets the connector skip blocks, and the
   * filter it came from, still above the scan, accounts for its selectivity.
   */
  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return table.getRowCount();
  }

  @Override
  public @Nullable RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = table.getRowCount();
    double width = Math.max(1, columns.length);
    // Reading fewer columns is cheaper: cost scales with the columns read.
    return planner.getCostFactory().makeCost(rows, rows * width / 10.0, rows * width);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    List<String> names = new ArrayList<>();
    List<RelDataTypeField> fields = table.getRowType().getFieldList();
    for (int c : columns) {
      names.add(fields.get(c).getName());
    }
    return pw.item("table", String.join(".", table.getQualifiedName()))
        .item("columns", names)
        .itemIf("pushed", pushedPredicate, pushedPredicate != null);
  }
}
