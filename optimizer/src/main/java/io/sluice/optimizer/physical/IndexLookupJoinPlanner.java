package io.sluice.optimizer.physical;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.catalog.connector.IndexAccess;
import io.sluice.optimizer.analysis.TypeMapping;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Decides whether a bounded equi-join reads one side through an index by the keys of the other,
 * an index lookup join: when that side is a plain scan of a table with an index that looks up one
 * of its key columns by equality, and the other side is expected to hold at most
 * {@link #PROBE_ROWS} rows and at most a tenth of the table's. The join then reads about as many
 * of the table's rows as the probe side has keys, instead of all of them (a nested-loop join over
 * an index in a row-at-a-time engine; here the looked-up rows are built into a hash table).
 */
final class IndexLookupJoinPlanner {
  /** Expected probe rows up to which the table is looked up rather than read whole. */
  static final double PROBE_ROWS = 1_000;

  private IndexLookupJoinPlanner() {}

  /**
   * How {@code table}, joined on its columns {@code tableKeys} with {@code probe}'s columns
   * {@code probeKeys}, is read through an index, or null when it is better (or only) read whole.
   */
  static PhysicalHashJoin.@Nullable IndexLookup lookup(PhysicalNode probe, int[] probeKeys, PhysicalNode table,
      int[] tableKeys) {
    if (!(table instanceof PhysicalScan scan) || probe.rows() > PROBE_ROWS || probe.rows() * 10 > scan.rows()) {
      return null;
    }
    int[] columns = scan.columns();
    for (int k = 0; k < tableKeys.length; k++) {
      DataType tableType = TypeMapping.toDataType(table.rowType().getFieldList().get(tableKeys[k]).getType());
      DataType probeType = TypeMapping.toDataType(probe.rowType().getFieldList().get(probeKeys[k]).getType());
      if (!sameForm(tableType, probeType)) {
        continue;
      }
      IndexAccess access = scan.table().indexAccess(
          List.of(new ColumnPredicate(columns[tableKeys[k]], ColumnPredicate.Operator.EQUALS, ColumnPredicate.PARAMETER)));
      if (access != null) {
        return new PhysicalHashJoin.IndexLookup(k, access.index());
      }
    }
    return null;
  }

  /** Whether values of the two types have one form an index compares: text, or longs at one scale. */
  private static boolean sameForm(DataType a, DataType b) {
    if (a.kind() == TypeKind.VARCHAR || b.kind() == TypeKind.VARCHAR) {
      return a.kind() == b.kind();
    }
    return a.kind() == b.kind() && a.scale() == b.scale() && !a.isWideDecimal() && !b.isWideDecimal()
        && a.kind() != TypeKind.DOUBLE && a.kind() != TypeKind.REAL && a.kind() != TypeKind.BOOLEAN;
  }
}
