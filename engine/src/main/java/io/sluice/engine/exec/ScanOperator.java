package io.sluice.engine.exec;

import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.ScanSplit;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.operator.AbstractOperator;
import java.util.List;

/**
 * Reads a bounded table: each run scans it whole and writes the rows it rejected to its rejects
 * table. A table that cuts its rows into splits may be read by workers ({@link SplitScan}).
 */
public final class ScanOperator extends AbstractOperator implements SplitScan {
  private final Table table;
  private final ScanRequest request;
  private final RejectCounts rejected;
  private long rowsPassed;

  public ScanOperator(String tableName, Table table, ScanRequest request, RejectCounts rejected) {
    super("Scan " + tableName);
    this.table = table;
    this.request = request;
    this.rejected = rejected;
  }

  @Override
  public void input(int port, Batch batch) {
    throw new IllegalStateException(name() + " has no input");
  }

  /** Reads the table whole: a bounded plan runs once. */
  @Override
  public void endBatch() {
    read(output);
  }

  @Override
  public void read(BatchConsumer out) {
    try {
      table.scan(request, batch -> {
        rowsPassed += batch.rowCount();
        out.accept(batch);
      });
    } finally {
      rejected.flush(); // the rows it rejected, even when a later operator failed
    }
  }

  @Override
  public long rowsPassed() {
    return rowsPassed;
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
    split.read(request.rejects(), batch -> {
      rowsPassed += batch.rowCount();
      out.accept(batch);
    });
  }

  @Override
  public void endSplitRun() {
    rejected.flush();
  }
}
