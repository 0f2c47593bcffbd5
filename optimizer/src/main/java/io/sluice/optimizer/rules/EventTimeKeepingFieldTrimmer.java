package io.sluice.optimizer.rules;

import io.sluice.catalog.connector.StreamTable;
import io.sluice.optimizer.schema.CatalogTable;
import java.util.Set;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Calcite's projection pruning, except that a projection numbering rows in arrival order
 * ({@code ROW_NUMBER() OVER (PARTITION BY ..)} with no ORDER BY, a first-arrival deduplication)
 * keeps the watermarked event-time column of a source among its columns even when nothing above
 * uses it: a deduplication kept within the watermark ({@code pipeline.deduplicate.within-watermark})
 * releases a key by its first row's event time, which must then be in the rows it keeps, as Spark
 * keeps it for {@code dropDuplicatesWithinWatermark} whether or not the query selects it.
 */
public final class EventTimeKeepingFieldTrimmer extends RelFieldTrimmer {
  public EventTimeKeepingFieldTrimmer(RelBuilder builder) {
    super(null, builder);
  }

  /** Called by the trimmer's dispatcher for every projection. */
  @Override
  public TrimResult trimFields(Project project, ImmutableBitSet fieldsUsed, Set<RelDataTypeField> extraFields) {
    if (!numbersArrivals(project)) {
      return super.trimFields(project, fieldsUsed, extraFields);
    }
    ImmutableBitSet.Builder used = fieldsUsed.rebuild();
    RelMetadataQuery metadata = project.getCluster().getMetadataQuery();
    for (int i = 0; i < project.getProjects().size(); i++) {
      RexNode e = project.getProjects().get(i);
      if (e instanceof RexInputRef
          && isWatermarkedEventTime(metadata.getColumnOrigin(project.getInput(), ((RexInputRef) e).getIndex()))) {
        used.set(i);
      }
    }
    return super.trimFields(project, used.build(), extraFields);
  }

  private static boolean isWatermarkedEventTime(RelColumnOrigin origin) {
    if (origin == null || origin.isDerived()) {
      return false;
    }
    CatalogTable table = origin.getOriginTable().unwrap(CatalogTable.class);
    if (table == null || !(table.table() instanceof StreamTable)) {
      return false;
    }
    StreamTable stream = (StreamTable) table.table();
    return stream.watermark() != null && stream.eventTimeColumn() == origin.getOriginColumnOrdinal();
  }

  /** Whether the projection holds a ROW_NUMBER() over partitions without an order. */
  private static boolean numbersArrivals(Project project) {
    boolean[] found = {false};
    RexVisitorImpl<Void> finder = new RexVisitorImpl<>(true) {
      @Override
      public Void visitOver(RexOver over) {
        if (over.getOperator().getKind() == SqlKind.ROW_NUMBER && over.getWindow().orderKeys.isEmpty()) {
          found[0] = true;
        }
        return super.visitOver(over);
      }
    };
    for (RexNode e : project.getProjects()) {
      e.accept(finder);
    }
    return found[0];
  }
}
