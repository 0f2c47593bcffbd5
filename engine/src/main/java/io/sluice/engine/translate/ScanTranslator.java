package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.engine.exec.RejectCounts;
import io.sluice.engine.exec.ScanOperator;
import io.sluice.engine.exec.StreamScanOperator;
import io.sluice.engine.table.SourceTable;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.rules.ScanPredicates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/** Lowers a scan: of a bounded table, or of a stream source, which branches scanning it alike share. */
final class ScanTranslator {
  private ScanTranslator() {}

  /** What makes two stream scans alike: the same source (by identity), columns and pushed predicates. */
  record Key(StreamSource source, List<Integer> columns, String predicates) {}

  static OperatorNode translate(PhysicalScan scan, PlanTranslator plan) {
    RejectCounts rejected = rejectCounts(plan.catalog(), scan.tableName());
    ScanRequest request = new ScanRequest(scan.columns(), predicates(scan, plan), rejected);
    if (scan.table() instanceof SourceTable) {
      return streamScan(scan, (SourceTable) scan.table(), request, rejected, plan);
    }
    plan.rejects(rejected);
    return OperatorNode.of(new ScanOperator(scan.tableName(), scan.table(), request, rejected), plan.ranges());
  }

  /**
   * The scan's predicates, with its comparisons with {@code ?} parameters made predicates by the
   * values of this run (an index looks those up as it does literals).
   */
  private static List<ColumnPredicate> predicates(PhysicalScan scan, PlanTranslator plan) {
    if (scan.parameterPredicates().isEmpty()) {
      return scan.predicates();
    }
    List<ColumnPredicate> all = new ArrayList<>(scan.predicates());
    List<RelDataType> types = RelOptUtil.getFieldTypeList(scan.rowType());
    for (RexNode comparison : scan.parameterPredicates()) {
      ColumnPredicate predicate = ScanPredicates.of(plan.bound(comparison), scan.columns(), types);
      if (predicate != null) {
        all.add(predicate);
      }
    }
    return all;
  }

  private static OperatorNode streamScan(PhysicalScan scan, SourceTable table, ScanRequest request,
      RejectCounts rejected, PlanTranslator plan) {
    BatchRanges ranges = plan.ranges();
    if (ranges == null) {
      table.scan(request, batch -> { }); // explains that a source needs a continuous query
    }
    if (table.changelogNeedsNormalize()) {
      return NormalizedScan.translate(scan, table, rejected, plan);
    }
    Key key = new Key(table.source(), Arrays.stream(scan.columns()).boxed().toList(),
        String.valueOf(scan.predicates()));
    OperatorNode same = plan.sharedScan(key);
    if (same != null) {
      ((StreamScanOperator) same.operator()).shareWithAnotherBranch();
      return same;
    }
    int eventTime = table.eventTimeColumn();
    int[] requested = scan.columns();
    int position = -1;
    for (int i = 0; i < requested.length; i++) {
      if (requested[i] == eventTime) {
        position = i;
      }
    }
    // the event-time column is read even when the query does not use it: it moves the watermark;
    // with a late-rows sink every column is read, so late rows reach it whole
    int[] read = requested;
    int[] viewMap = null;
    if (ranges.keepsLateRows()) {
      read = new int[table.schema().size()];
      for (int i = 0; i < read.length; i++) {
        read[i] = i;
      }
      viewMap = requested;
      position = eventTime;
    } else if (eventTime >= 0 && position < 0) {
      read = Arrays.copyOf(requested, requested.length + 1);
      read[requested.length] = eventTime;
      position = requested.length;
      viewMap = Arrays.copyOf(requested, requested.length);
      for (int i = 0; i < viewMap.length; i++) {
        viewMap[i] = i;
      }
    }
    OperatorNode node = OperatorNode.of(scanOperator(scan, table, rejected, plan, read, requested.length, viewMap,
        position), ranges);
    plan.streamScan(key, node);
    return node;
  }

  /**
   * The operator that reads columns {@code read} of {@code table}'s source in each micro-batch and
   * passes on {@code columnsOut} of them ({@code outCount} columns; all when null); the
   * event-time column is read column {@code timeAt} (-1: none).
   */
  static StreamScanOperator scanOperator(PhysicalScan scan, SourceTable table, RejectCounts rejected,
      PlanTranslator plan, int[] read, int outCount, int[] columnsOut, int timeAt) {
    BatchRanges ranges = plan.ranges();
    StreamSource source = table.source();
    ScanRequest sourceRequest = new ScanRequest(read, scan.predicates(),
        rejected.withDeadLetters(ranges::deadLetters),
        (part, max) -> ranges.observePartEventTime(source, part, max));
    plan.rejects(rejected); // committed with the batch: see ExecutionPlan.commitRejects
    List<DataType> readTypes = new ArrayList<>();
    for (int c : read) {
      readTypes.add(table.schema().types().get(c));
    }
    return new StreamScanOperator(scan.tableName(), table, ranges, sourceRequest, readTypes, outCount, columnsOut,
        timeAt);
  }

  /**
   * The counter of the rows a scan of {@code tableName} rejects, which also writes them to the
   * table's rejects table when its definition names one (option {@code 'rejects-table'}).
   */
  private static RejectCounts rejectCounts(Catalog catalog, String tableName) {
    Catalog.Entry entry = catalog == null ? null : catalog.find(tableName);
    String target = entry == null ? null : entry.definition().options().get(QueryExecutor.REJECTS_TABLE_OPTION);
    if (target == null) {
      return new RejectCounts(tableName, null, null);
    }
    Catalog.Entry rejects = catalog.get(target);
    // An in-memory table is a TABLE made without a connector: the rows go into it batch by batch.
    if (rejects.kind() != TableKind.TABLE || rejects.definition().options().containsKey("connector")
        || !(rejects.table() instanceof WritableTable)) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Table '" + target + "' (option 'rejects-table' of '"
          + tableName + "') must be an in-memory table.");
    }
    return new RejectCounts(entry.name(), (WritableTable) rejects.table(), target);
  }
}
