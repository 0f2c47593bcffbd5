package io.sluice.engine.connector.datagen;

import io.sluice.catalog.connector.HandOverSplit;
import io.sluice.catalog.connector.RejectedRows;
import io.sluice.catalog.connector.ScanSplit;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

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

  /** Reads a range one batch at a time, each into a batch it is given. */
  public interface BatchReader {
    /**
     * How many numbers of the range fill at most one batch: a read is cut at its multiples, so
     * the batches of a whole read and of its splits hold the same rows.
     */
    long numbersPerBatch();

    /**
     * Fills the rows of {@code [first, last)} (at most one batch of them) into {@code batch}, or
     * into a new batch when it is null, and passes it to {@code consumer} if it holds a row.
     */
    void readBatch(long first, long last, Batch batch, BatchConsumer consumer);
  }

  private RangeSplits() {}

  /** The splits of {@code [first, last)}; empty when the range is too small to be worth cutting. */
  public static List<ScanSplit> of(long first, long last, int parallelism, RangeReader reader) {
    return cut(first, last, parallelism, (a, b) -> (rejects, consumer) -> reader.read(a, b, rejects, consumer));
  }

  /** The splits of {@code [first, last)}, read by {@code reader} a batch at a time and handed over. */
  public static List<ScanSplit> of(long first, long last, int parallelism, BatchReader reader) {
    return cut(first, last, parallelism, (a, b) -> new HandingOver(a, b, reader));
  }

  private interface SplitOfRange {
    ScanSplit of(long first, long last);
  }

  private static List<ScanSplit> cut(long first, long last, int parallelism, SplitOfRange split) {
    long rows = last - first;
    if (parallelism < 2 || rows <= Batch.DEFAULT_CAPACITY) {
      return List.of();
    }
    long size = splitSize(rows, parallelism);
    List<ScanSplit> splits = new ArrayList<>();
    for (long from = first; from < last; from += size) {
      splits.add(split.of(from, Math.min(last, from + size)));
    }
    return splits;
  }

  /** Reads {@code [first, last)} whole, a batch at a time, reusing one batch. */
  public static void read(long first, long last, BatchReader reader, BatchConsumer consumer) {
    Batch[] kept = {null};
    BatchConsumer keeping = batch -> {
      kept[0] = batch;
      consumer.accept(batch);
    };
    forEachBatch(first, last, reader, (a, b) -> reader.readBatch(a, b, kept[0], keeping));
  }

  private interface Chunk {
    void read(long first, long last);
  }

  private static void forEachBatch(long first, long last, BatchReader reader, Chunk chunk) {
    long step = reader.numbersPerBatch();
    for (long from = first; from < last; ) {
      long to = Math.min(last, (Math.floorDiv(from, step) + 1) * step);
      chunk.read(from, to);
      from = to;
    }
  }

  /** A split of a range read by a {@link BatchReader}. */
  private record HandingOver(long first, long last, BatchReader reader) implements HandOverSplit {
    @Override
    public void read(RejectedRows rejects, BatchConsumer consumer) {
      RangeSplits.read(first, last, reader, consumer);
    }

    @Override
    public void readHandingOver(RejectedRows rejects, Supplier<Batch> reused, BatchConsumer consumer) {
      forEachBatch(first, last, reader, (a, b) -> reader.readBatch(a, b, reused.get(), consumer));
    }
  }

  private static long splitSize(long rows, int parallelism) {
    long wanted = rows / ((long) parallelism * SPLITS_PER_WORKER);
    return Math.min(MAX_SPLIT, Math.max(Batch.DEFAULT_CAPACITY, roundUp(wanted)));
  }

  private static long roundUp(long rows) {
    long batch = Batch.DEFAULT_CAPACITY;
    return (rows + batch - 1) / batch * batch;
  }
}
