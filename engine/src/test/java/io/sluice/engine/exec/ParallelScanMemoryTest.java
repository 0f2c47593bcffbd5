package io.sluice.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.Statistics;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.HandOverSplit;
import io.sluice.catalog.connector.RejectedRows;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.ScanSplit;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.parallel.BatchPool;
import io.sluice.runtime.parallel.OrderedSplitRunner;
import io.sluice.runtime.parallel.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A parallel scan whose splits are far larger than memory should hold (a Parquet row group, a
 * CSV file) feeding a consumer slower than its workers (a sort that spills): the batches under way
 * stay within the hand-off's bound instead of each split's whole output, and the rows still come
 * out complete and in order. So too when the splits hand their batches over (no copy): then a
 * batch the consumer still reads is never filled again.
 */
class ParallelScanMemoryTest {
  private static final List<DataType> TYPES = List.of(DataType.of(TypeKind.BIGINT), DataType.of(TypeKind.VARCHAR));
  private static final int SPLITS = 4;
  private static final int BATCHES_PER_SPLIT = 60;

  /** Rows numbered 0, 1, 2, ... with a text column, in {@link #SPLITS} splits of many batches each. */
  private static final class LargeSplitsTable implements Table {
    /** Whether the splits hand their batches over rather than reuse one. */
    private final boolean handsOver;

    LargeSplitsTable(boolean handsOver) {
      this.handsOver = handsOver;
    }

    @Override
    public TableSchema schema() {
      return new TableSchema(List.of(new Column("id", TYPES.get(0)), new Column("note", TYPES.get(1))));
    }

    @Override
    public Statistics statistics() {
      return Statistics.UNKNOWN;
    }

    @Override
    public void scan(ScanRequest request, BatchConsumer consumer) {
      for (int split = 0; split < SPLITS; split++) {
        read(split, consumer);
      }
    }

    @Override
    public List<ScanSplit> splits(ScanRequest request, int parallelism) {
      List<ScanSplit> splits = new ArrayList<>();
      for (int split = 0; split < SPLITS; split++) {
        int s = split;
        if (handsOver) {
          splits.add(new HandOverSplit() {
            @Override
            public void read(RejectedRows rejects, BatchConsumer consumer) {
              LargeSplitsTable.read(s, () -> null, consumer);
            }

            @Override
            public void readHandingOver(RejectedRows rejects, Supplier<Batch> reused, BatchConsumer consumer) {
              LargeSplitsTable.read(s, reused, consumer);
            }
          });
        } else {
          splits.add((rejects, consumer) -> read(s, consumer));
        }
      }
      return splits;
    }

    private static void read(int split, BatchConsumer consumer) {
      Batch batch = Batch.allocate(TYPES, Batch.DEFAULT_CAPACITY);
      read(split, () -> batch, consumer);
    }

    /** Fills each batch into {@code batches.get()}, or a new one when it gives none. */
    private static void read(int split, Supplier<Batch> batches, BatchConsumer consumer) {
      long id = (long) split * BATCHES_PER_SPLIT * Batch.DEFAULT_CAPACITY;
      for (int b = 0; b < BATCHES_PER_SPLIT; b++) {
        Batch given = batches.get();
        Batch batch = given != null ? given : Batch.allocate(TYPES, Batch.DEFAULT_CAPACITY);
        batch.reset();
        for (int row = 0; row < Batch.DEFAULT_CAPACITY; row++, id++) {
          ((LongVector) batch.columns[0]).values[row] = id;
          ((BytesVector) batch.columns[1]).setString(row, "note of row " + id);
        }
        batch.size = Batch.DEFAULT_CAPACITY;
        consumer.accept(batch);
      }
    }
  }

  @ParameterizedTest(name = "splits hand batches over: {0}")
  @ValueSource(booleans = {false, true})
  void aSlowConsumerKeepsTheSplitsBatchesWithinTheBound(boolean handsOver) {
    Table table = new LargeSplitsTable(handsOver);
    ScanOperator scan = new ScanOperator("large", table, ScanRequest.all(2), new RejectCounts("large", null, null));
    // no pooled batch is smaller than a new one
    long leastBatchBytes = BatchPool.retainedBytes(Batch.allocate(TYPES, Batch.DEFAULT_CAPACITY));
    long aheadBytes = 1 << 20;
    long[] rows = {0};
    long[] nextId = {0};
    try (WorkerPool workers = new WorkerPool("memory-test", 2)) {
      // a bounded read: no batch context
      ParallelScanOperator parallel = (ParallelScanOperator) ParallelScanOperator.overScan(OperatorNode.of(scan, null),
          TYPES, () -> workers, 2, null).operator();
      parallel.aheadBytes(aheadBytes);
      parallel.open(null, batch -> {
        for (int k = 0; k < batch.rowCount(); k++) {
          assertEquals(nextId[0]++, ((LongVector) batch.columns[0]).values[batch.row(k)]);
        }
        rows[0] += batch.rowCount();
        Thread.yield(); // slower than the workers, who fill whatever the bound lets them
      });
      parallel.endBatch();
      // under way at once: the split passed on (its head items), the splits ahead within their
      // bytes (and one each), one batch filling per worker and one passed on
      long bound = OrderedSplitRunner.HEAD_ITEMS + aheadBytes / leastBatchBytes + 2 * workers.threads()
          + workers.threads() + 1;
      long all = (long) SPLITS * BATCHES_PER_SPLIT;
      assertTrue(parallel.batchesAllocated() <= bound,
          "batches under way: " + parallel.batchesAllocated() + ", bound " + bound + ", in all " + all);
    }
    assertEquals((long) SPLITS * BATCHES_PER_SPLIT * Batch.DEFAULT_CAPACITY, rows[0]);
  }
}
