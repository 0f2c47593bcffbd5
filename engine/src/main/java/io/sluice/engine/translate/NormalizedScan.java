package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.engine.exec.RejectCounts;
import io.sluice.engine.table.SourceTable;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.stream.ChangelogNormalize;
import io.sluice.optimizer.stream.StreamTraits;
import io.sluice.runtime.operator.ChangelogNormalizeOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers the scan of a source whose changes may lack their old rows ({@link ChangelogNormalize}):
 * the source's rows, with the primary key and event-time columns read even when the query does
 * not use them, then the step that keeps each key's current row and passes on the columns the
 * query asked for. Branches that scan such a source each read it and keep their own state.
 */
final class NormalizedScan {
  private NormalizedScan() {}

  static OperatorNode translate(PhysicalScan scan, SourceTable table, RejectCounts rejected, PlanTranslator plan) {
    TableSchema schema = table.schema();
    List<Integer> read = new ArrayList<>();
    if (plan.ranges().keepsLateRows()) {
      for (int c = 0; c < schema.size(); c++) {
        read.add(c); // late rows reach their sink whole
      }
    } else {
      for (int c : scan.columns()) {
        read.add(c);
      }
    }
    List<String> primaryKey = table.primaryKey();
    int[] keys = new int[primaryKey.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = position(read, schema.indexOf(primaryKey.get(i)));
    }
    int eventTime = table.eventTimeColumn();
    int timeAt = eventTime < 0 ? -1 : position(read, eventTime);
    int[] columns = read.stream().mapToInt(Integer::intValue).toArray();
    int[] passedOn = new int[scan.columns().length];
    for (int i = 0; i < passedOn.length; i++) {
      passedOn[i] = read.indexOf(scan.columns()[i]);
    }
    List<DataType> types = new ArrayList<>();
    for (int c : columns) {
      types.add(schema.types().get(c));
    }
    OperatorNode source = OperatorNode.of(ScanTranslator.scanOperator(scan, table, rejected, plan, columns,
        columns.length, null, timeAt), plan.ranges());
    plan.unsharedScan(source);
    StreamTraits traits = plan.traits(scan);
    String name = plan.uniqueStateName(traits.operator().operatorName(traits.runMode()));
    return plan.stateful(OperatorNode.stateful(new ChangelogNormalizeOperator(name, types, keys, passedOn),
        plan.ranges(), source));
  }

  /** The position of column {@code column} among {@code read}, added at the end when it is not there. */
  private static int position(List<Integer> read, int column) {
    int at = read.indexOf(column);
    if (at < 0) {
      read.add(column);
      at = read.size() - 1;
    }
    return at;
  }
}
