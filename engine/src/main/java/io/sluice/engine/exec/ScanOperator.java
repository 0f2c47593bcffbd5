package io.sluice.engine.exec;

import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/** Reads a bounded table: each run scans it whole and writes the rows it rejected to its rejects table. */
public final class ScanOperator extends ExecNode {
  private final Table table;
  private final ScanRequest request;
  private final RejectCounts rejected;

  public ScanOperator(String tableName, Table table, ScanRequest request, RejectCounts rejected) {
    super("Scan " + tableName, List.of());
    this.table = table;
    this.request = request;
    this.rejected = rejected;
  }

  @Override
  void execute(BatchConsumer out) {
    try {
      table.scan(request, out);
    } finally {
      rejected.flush(); // the rows it rejected, even when a later operator failed
    }
  }
}
