package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.spill.SpillSpace;
import io.sluice.runtime.spill.SpillWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ORDER BY with optional OFFSET and LIMIT, stable (rows with equal keys keep their input order).
 *
 * <p>When OFFSET + LIMIT is small ({@link #TOP_N_THRESHOLD} rows or fewer) only that many rows are
 * kept, in a bounded max-heap of row indexes whose root is the row that would be dropped next;
 * otherwise every row is stored and a merge sort orders their indexes. Either way no object is
 * made per row.
 *
 * <p>A full sort given a {@link SpillSpace} is an external sort: when the stored rows outgrow the
 * space's memory limit they are sorted and written out as a run (a spill file), and {@link #emit}
 * merges the runs ({@link SortedRunMerger}). Runs are cut in input order, so the result is stable
 * as in memory.
 */
public final class Sorter implements AutoCloseable {
  /** Largest OFFSET + LIMIT sorted with a bounded heap rather than a full sort. */
  public static final long TOP_N_THRESHOLD = 10_000;
  /** Runs merged at once at most, however large the memory limit (each is an open file). */
  static final int MAX_MERGE_WIDTH = 128;
  /** Runs merged at once at least, however small the memory limit. */
  static final int MIN_MERGE_WIDTH = 4;
  /** What an open run takes during a merge, about: its read buffer and a block of its rows. */
  static final long MERGE_BYTES_PER_RUN = 256 << 10;

  private final List<DataType> types;
  private final List<SortKey> keys;
  private final long offset;
  private final long limit;
  /** Rows kept by the heap; -1 for a full sort. */
  private final int heapLimit;
  private ColumnarRows rows;
  private RowComparator comparator;
  private int[] heap;
  private int heapSize;
  private final Batch output;
  private int[] gatherRows = new int[Batch.DEFAULT_CAPACITY];
  /** The top-N heap's order: the row that would be dropped next on top. */
  private final BinaryHeap.Rank rankWorse = this::worse;
  /** Where runs go; null to sort in memory only. */
  private final SpillSpace space;
  /** Sorted runs written so far, in input order. */
  private final List<Path> runs = new ArrayList<>();

  /**
   * @param offset rows to skip after sorting
   * @param limit rows to emit after the offset, or -1 for all
   */
  public Sorter(List<DataType> types, List<SortKey> keys, long offset, long limit) {
    this(types, keys, offset, limit, null);
  }

  /**
   * A sorter that writes sorted runs to {@code space} when its rows outgrow the space's memory
   * limit ({@code space} null: never).
   */
  public Sorter(List<DataType> types, List<SortKey> keys, long offset, long limit, SpillSpace space) {
    this.space = space;
    if (offset < 0 || limit < -1) {
      throw new IllegalArgumentException("offset " + offset + ", limit " + limit);
    }
    this.types = List.copyOf(types);
    this.keys = List.copyOf(keys);
    this.offset = offset;
    this.limit = limit;
    heapLimit = limit >= 0 && offset + limit <= TOP_N_THRESHOLD ? (int) (offset + limit) : -1;
    rows = new ColumnarRows(this.types);
    comparator = new RowComparator(rows, this.keys);
    heap = heapLimit >= 0 ? new int[Math.max(heapLimit, 1)] : null;
    output = Batch.allocate(this.types, Batch.DEFAULT_CAPACITY);
  }

  /** Whether a bounded heap is used rather than a full sort. */
  public boolean isTopN() {
    return heapLimit >= 0;
  }

  /** Number of rows held. */
  public int rowCount() {
    return heapLimit >= 0 ? heapSize : rows.size();
  }

  public List<DataType> types() {
    return types;
  }

  /** Adds the selected rows of {@code batch}. */
  public void add(Batch batch) {
    if (heapLimit < 0) {
      rows.append(batch);
      if (space != null && rows.estimatedBytes() > space.memoryLimit()) {
        writeRun();
      }
      return;
    }
    if (heapLimit == 0) {
      return;
    }
    int n = batch.rowCount();
    for (int k = 0; k < n; k++) {
      int row = batch.row(k);
      // The candidate is stored first so that it compares like any stored row; dropped again
      // when it would not make the cut.
      rows.appendRow(batch, null, row);
      int candidate = rows.size() - 1;
      if (heapSize < heapLimit) {
        heap[heapSize] = candidate;
        BinaryHeap.siftUp(heap, heapSize++, rankWorse);
      } else if (worse(heap[0], candidate)) {
        heap[0] = candidate;
        BinaryHeap.siftDown(heap, heapSize, 0, rankWorse);
      } else {
        rows.truncate(candidate);
      }
    }
    if (rows.size() > Math.max(2 * heapLimit, 1024)) {
      compact();
    }
  }

  /** Whether stored row {@code a} sorts after {@code b}; ties go by arrival, later is worse. */
  private boolean worse(int a, int b) {
    int result = comparator.compare(a, b);
    return result > 0 || (result == 0 && a > b);
  }

  /**
   * Drops stored rows the heap no longer references. Rows keep their relative order, so the
   * arrival tie-break, and with it the heap order, stays valid.
   */
  private void compact() {
    int[] live = new int[heapSize];
    System.arraycopy(heap, 0, live, 0, heapSize);
    java.util.Arrays.sort(live);
    int[] newIndex = new int[rows.size()];
    ColumnarRows kept = new ColumnarRows(types);
    kept.reserve(heapSize);
    for (int i = 0; i < heapSize; i++) {
      newIndex[live[i]] = i;
      kept.appendStoredRow(rows, live[i]);
    }
    for (int i = 0; i < heapSize; i++) {
      heap[i] = newIndex[heap[i]];
    }
    rows = kept;
    comparator = new RowComparator(rows, keys);
  }

  /**
   * Runs merged at once: as many as the memory limit holds open (a read buffer and a block of rows
   * each), so a larger budget merges in fewer passes.
   */
  int mergeWidth() {
    long fits = space.memoryLimit() / MERGE_BYTES_PER_RUN;
    return (int) Math.max(MIN_MERGE_WIDTH, Math.min(MAX_MERGE_WIDTH, fits));
  }

  /**
   * One merge pass: each group of {@code width} runs next to each other becomes one run, so the
   * runs stay in input order and equal keys keep their rows' input order. Every row is written
   * once per pass, and a pass divides the runs by {@code width}.
   */
  private void mergePass(int width) {
    List<Path> merged = new ArrayList<>();
    for (int from = 0; from < runs.size(); from += width) {
      List<Path> group = runs.subList(from, Math.min(runs.size(), from + width));
      if (group.size() == 1) {
        merged.add(group.get(0));
        continue;
      }
      try (SpillWriter into = new SpillWriter(space, "sort-merged", types);
          SortedRunMerger merger = new SortedRunMerger(types, keys, group)) {
        merger.merge(0, -1, into::write);
        merged.add(into.finish());
      }
      for (Path run : group) {
        deleteQuietly(run);
      }
    }
    runs.clear();
    runs.addAll(merged);
  }

  private static void deleteQuietly(Path run) {
    try {
      java.nio.file.Files.deleteIfExists(run);
    } catch (java.io.IOException e) {
      // the space deletes its folder when the query ends
    }
  }

  /** Number of sorted runs written to disk. */
  public int runCount() {
    return runs.size();
  }

  /** Sorts the stored rows and writes them to a new run file, then drops them. */
  private void writeRun() {
    int count = rows.size();
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    IntSorter.sort(order, 0, count, comparator);
    try (SpillWriter run = new SpillWriter(space, "sort-run", types)) {
      for (int from = 0; from < count; from += Batch.DEFAULT_CAPACITY) {
        int chunk = Math.min(Batch.DEFAULT_CAPACITY, count - from);
        System.arraycopy(order, from, gatherRows, 0, chunk);
        output.reset();
        rows.gather(gatherRows, chunk, output, 0);
        output.size = chunk;
        run.write(output);
      }
      runs.add(run.finish());
    }
    // new arrays for the next run: the held bytes are measured by the arrays' sizes, and arrays
    // kept at their grown size would make every later batch a run of its own
    rows = new ColumnarRows(types);
    comparator = new RowComparator(rows, keys);
  }

  /**
   * Pushes the sorted rows after OFFSET, at most LIMIT of them. Does not clear the state, except
   * that of an external sort, whose runs are read once.
   */
  public void emit(BatchConsumer consumer) {
    if (!runs.isEmpty()) {
      if (rows.size() > 0) {
        writeRun();
      }
      try {
        int width = mergeWidth();
        while (runs.size() > width) {
          mergePass(width);
        }
        try (SortedRunMerger merger = new SortedRunMerger(types, keys, runs)) {
          merger.merge(offset, limit, consumer);
        }
      } finally {
        runs.clear();
      }
      return;
    }
    int[] order;
    int count;
    if (heapLimit >= 0) {
      count = heapSize;
      order = new int[count];
      System.arraycopy(heap, 0, order, 0, count);
    } else {
      count = rows.size();
      order = new int[count];
      for (int i = 0; i < count; i++) {
        order[i] = i;
      }
    }
    // Row indexes ascend with arrival, so the stable sort keeps ties in arrival order; the heap's
    // contents are sorted by index first to get that property.
    if (heapLimit >= 0) {
      java.util.Arrays.sort(order);
    }
    IntSorter.sort(order, 0, count, comparator);
    long end = limit < 0 ? count : Math.min(count, offset + limit);
    for (long from = offset; from < end; from += Batch.DEFAULT_CAPACITY) {
      int chunk = (int) Math.min(Batch.DEFAULT_CAPACITY, end - from);
      System.arraycopy(order, (int) from, gatherRows, 0, chunk);
      output.reset();
      rows.gather(gatherRows, chunk, output, 0);
      output.size = chunk;
      consumer.accept(output);
    }
  }

  /** Deletes the runs not merged yet. */
  @Override
  public void close() {
    for (Path run : runs) {
      deleteQuietly(run);
    }
    runs.clear();
  }

  /** Drops every row. */
  public void clear() {
    rows = new ColumnarRows(types);
    comparator = new RowComparator(rows, keys);
    heapSize = 0;
  }
}
