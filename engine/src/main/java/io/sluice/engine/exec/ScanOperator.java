package io.sluice.engine.exec;

import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.ScanSplit;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/**
 * Reads a bounded table: each run scans it whole and writes the rows it rejected to its rejects
 * table. A table that cuts its rows into splits may be read by workers ({@link SplitScan}).
 */
public final class ScanOperator extends AbstractScan {
  private final Table table;
  private final ScanRequest request;
  private final RejectCounts rejected;

  public ScanOperator(String tableName, Table table, ScanRequest request, RejectCounts rejected) {
    super("Scan " + tableName);
    this.table = table;
    this.request = request;
    this.rejected = rejected;
  }

  /** Reads the table whole (a bounded plan runs once). */
  @Override
  public void read(BatchConsumer out) {
    try {
      table.scan(request, counting(out));
    } finally {
      rejected.flush(); // the rows it rejected, even when a later operator failed
    }
  }

  @Override
  public List<ScanSplit> splits(int parallelism) {
    return table.splits(request, parallelism);
  }

  @Override
  public Worker newWorker() {
    return (source, result) -> source;
  }

  @Override
  public void apply(SplitResult result) {
    result.rejects.replayTo(request.rejects());
    rowsPassed += result.keptRows;
  }

  @Override
  public void readSerially(ScanSplit split, long sourceRowsBefore, BatchConsumer out) {
    split.read(request.rejects(), counting(out));
  }

  @Override
  public void endSplitRun() {
    rejected.flush();
  }
}
