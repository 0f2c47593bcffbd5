package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.spill.SpillReader;
import java.nio.file.Path;
import java.util.List;

/**
 * The merge of an external sort: reads sorted runs (spill files) block by block and pushes their
 * rows in one order, after OFFSET and up to LIMIT. A binary heap of run indexes orders the runs by
 * their current rows; equal rows come from the earlier run first, so a sort whose runs were cut
 * in input order stays stable. No object is made per row: rows are compared where their blocks
 * hold them and copied value by value into the output batch.
 */
final class SortedRunMerger implements AutoCloseable {
  private final SortKey[] keys;
  private final SpillReader[] readers;
  private final Batch[] blocks;
  private final int[] positions;
  private final int[] heap;
  private int heapSize;
  private final Batch output;
  /** The heap's order: the run whose current row comes first on top. */
  private final BinaryHeap.Rank rankFirst = (a, b) -> after(b, a);

  SortedRunMerger(List<DataType> types, List<SortKey> keys, List<Path> runs) {
    this.keys = keys.toArray(new SortKey[0]);
    int n = runs.size();
    readers = new SpillReader[n];
    blocks = new Batch[n];
    positions = new int[n];
    heap = new int[n];
    output = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
    try {
      for (int r = 0; r < n; r++) {
        readers[r] = new SpillReader(runs.get(r), types);
        blocks[r] = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
        if (readers[r].next(blocks[r])) {
          heap[heapSize] = r;
          BinaryHeap.siftUp(heap, heapSize++, rankFirst);
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Pushes the merged rows after the first {@code offset}, at most {@code limit} of them (-1: all). */
  void merge(long offset, long limit, BatchConsumer consumer) {
    long skipped = 0;
    long emitted = 0;
    int columns = output.columns.length;
    output.reset();
    while (heapSize > 0 && (limit < 0 || emitted < limit)) {
      int run = heap[0];
      Batch block = blocks[run];
      int row = positions[run];
      if (skipped < offset) {
        skipped++;
      } else {
        int to = output.size;
        for (int c = 0; c < columns; c++) {
          output.columns[c].copyFrom(block.columns[c], row, to);
        }
        output.size = to + 1;
        emitted++;
        if (output.size == Batch.DEFAULT_CAPACITY) {
          consumer.accept(output);
          output.reset();
        }
      }
      if (++positions[run] == block.size) {
        positions[run] = 0;
        if (!readers[run].next(block)) {
          heap[0] = heap[--heapSize];
        }
      }
      if (heapSize > 0) {
        BinaryHeap.siftDown(heap, heapSize, 0, rankFirst);
      }
    }
    if (output.size > 0) {
      consumer.accept(output);
    }
  }

  /** Whether the current row of run {@code a} goes after that of run {@code b}. */
  private boolean after(int a, int b) {
    int result = compare(blocks[a], positions[a], blocks[b], positions[b]);
    return result > 0 || (result == 0 && a > b);
  }

  private int compare(Batch a, int rowA, Batch b, int rowB) {
    for (SortKey key : keys) {
      int c = key.column();
      ColumnVector x = a.columns[c];
      ColumnVector y = b.columns[c];
      boolean xNull = x.isNull(rowA);
      boolean yNull = y.isNull(rowB);
      if (xNull || yNull) {
        if (xNull == yNull) {
          continue;
        }
        return xNull == key.nullsFirst() ? -1 : 1;
      }
      int result;
      if (x instanceof LongVector) {
        result = Long.compare(((LongVector) x).values[rowA], ((LongVector) y).values[rowB]);
      } else if (x instanceof DoubleVector) {
        result = Vectors.compareDoubles(((DoubleVector) x).values[rowA], ((DoubleVector) y).values[rowB]);
      } else if (x instanceof BooleanVector) {
        result = Boolean.compare(((BooleanVector) x).values[rowA], ((BooleanVector) y).values[rowB]);
      } else {
        BytesVector s = (BytesVector) x;
        BytesVector t = (BytesVector) y;
        result = Vectors.compareBytes(s.data, s.offsets[rowA], s.offsets[rowA + 1], t.data, t.offsets[rowB],
            t.offsets[rowB + 1]);
      }
      if (result != 0) {
        return key.descending() ? -result : result;
      }
    }
    return 0;
  }

  /** Closes every run, deleting its file. */
  @Override
  public void close() {
    for (SpillReader reader : readers) {
      if (reader != null) {
        reader.close();
      }
    }
  }
}
