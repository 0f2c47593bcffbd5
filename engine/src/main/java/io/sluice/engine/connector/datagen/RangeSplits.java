package io.sluice.engine.connector.datagen;

import io.sluice.catalog.connector.RejectedRows;
import io.sluice.catalog.connector.ScanSplit;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a generator's range of rows (or events) into consecutive splits for parallel reads.
 * Splits are whole multiples of a batch, so a split read ends its batches where the read of the
 * whole range would, and small enough (at most {@link #MAX_SPLIT} rows) that the results of the
 * splits under way at once stay small, yet many enough to keep every worker busy.
 */
public final class RangeSplits {
  /** The most rows in one split. */
  static final long MAX_SPLIT = 16L * Batch.DEFAULT_CAPACITY;
  /** Splits per worker, so that a worker that finishes early finds more to do. */
  private static final int SPLITS_PER_WORKER = 4;

  /** Reads the rows {@code [first, last)}. */
  public interface RangeReader {
    void read(long first, long last, RejectedRows rejects, BatchConsumer consumer);
  }

  private RangeSplits() {}

  /** The splits of {@code [first, last)}; empty when the range is too small to be worth cutting. */
  public static List<ScanSplit> of(long first, long last, int parallelism, RangeReader reader) {
    long rows = last - first;
    if (parallelism < 2 || rows <= Batch.DEFAULT_CAPACITY) {
      return List.of();
    }
    long wanted = rows / ((long) parallelism * SPLITS_PER_WORKER);
    long size = Math.min(MAX_SPLIT, Math.max(Batch.DEFAULT_CAPACITY, roundUp(wanted)));
    List<ScanSplit> splits = new ArrayList<>();
    for (long from = first; from < last; from += size) {
      long a = from;
      long b = Math.min(last, from + size);
      splits.add((rejects, consumer) -> reader.read(a, b, rejects, consumer));
    }
    return splits;
  }

  private static long roundUp(long rows) {
    long batch = Batch.DEFAULT_CAPACITY;
    return (rows + batch - 1) / batch * batch;
  }
}
