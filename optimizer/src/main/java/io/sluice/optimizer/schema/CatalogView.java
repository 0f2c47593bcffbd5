package io.sluice.optimizer.schema;

import io.sluice.catalog.registry.Catalog;
import io.sluice.optimizer.analysis.TypeMapping;
import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/** A view: expanded into its query's plan wherever it is used. */
public final class CatalogView extends AbstractTable implements TranslatableTable {
  private final Catalog.Entry entry;

  public CatalogView(Catalog.Entry entry) {
    this.entry = entry;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return TypeMapping.toRowType(typeFactory, entry.definition().schema());
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    RelDataType rowType = relOptTable.getRowType();
    RelNode rel = context.expandView(rowType, entry.definition().viewQuery(), List.of(),
        List.of(entry.name())).project();
    // The view's declared column names win over the query's own.
    return RelOptUtil.createCastRel(rel, rowType, true);
  }
}
