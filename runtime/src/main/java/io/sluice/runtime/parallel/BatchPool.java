package io.sluice.runtime.parallel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Batches of one row type that workers fill and the query's thread gives back once it has passed
 * them on: a split owns the batches of its result from the worker that fills them until the
 * query's thread is done with them, so no batch is allocated per chunk of rows once the pool holds
 * as many as are under way at once. Safe for any number of threads; a batch never given back
 * (a run that failed) is simply left to the garbage collector.
 */
public final class BatchPool {
  private final List<DataType> types;
  private final ArrayDeque<Batch> free = new ArrayDeque<>();
  private long allocated;

  /** A pool of batches with columns of {@code types}. */
  public BatchPool(List<DataType> types) {
    this.types = List.copyOf(types);
  }

  /** A batch of this pool's types to fill: a given-back one, or a new one when none is free. */
  public Batch take() {
    synchronized (free) {
      Batch batch = free.pollFirst();
      if (batch != null) {
        return batch;
      }
      allocated++;
    }
    return Batch.allocate(types, Batch.DEFAULT_CAPACITY);
  }

  /** Gives {@code batch}, taken from this pool and no longer read by anyone, back for reuse. */
  public void giveBack(Batch batch) {
    synchronized (free) {
      free.addFirst(batch);
    }
  }

  /** How many batches this pool has allocated so far: stays flat once reuse covers what is under way. */
  public long allocated() {
    synchronized (free) {
      return allocated;
    }
  }

  /** The bytes {@code batch}'s arrays take on the heap (their capacity, not only the rows in use). */
  public static long retainedBytes(Batch batch) {
    long bytes = 0;
    for (ColumnVector column : batch.columns) {
      bytes += column.capacity(); // the null mask
      if (column instanceof BytesVector) {
        BytesVector text = (BytesVector) column;
        bytes += text.data.length + 4L * text.offsets.length;
      } else if (column instanceof BooleanVector) {
        bytes += column.capacity();
      } else {
        bytes += 8L * column.capacity();
      }
    }
    return bytes;
  }
}
