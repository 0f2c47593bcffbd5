package io.sluice.runtime.kernel;

import io.sluice.runtime.batch.Lateness;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.stream.RowKind;
import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.StatePart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first {@code N} rows of every partition in a sort order, kept over a stream: the state of
 * {@code ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..) <= N}, and with {@code N = 1} of
 * deduplication. Output rows are the input columns followed by the rank (BIGINT), as the window
 * that computes ROW_NUMBER would write them. Among rows that tie on every sort key the one that
 * arrived first ranks first.
 *
 * <p>It emits in one of two ways, chosen when it is made:
 * <ul>
 *   <li>{@link #changelog}: after each micro-batch, {@link #emitChanges} compares every partition
 *       the batch touched with what it held before: {@code -D} for a row that left the first N,
 *       {@code +I} for one that entered, and with {@code rankShifts} {@code -U}/{@code +U} for a
 *       row that stayed but whose rank changed. With {@code N = 1} a replaced row is a
 *       {@code -U}/{@code +U} pair.</li>
 *   <li>{@link #finalRows}: when the first sort key is an event-time column, ascending with NULLs
 *       last, a row whose time is before the watermark can no longer be overtaken (every later row
 *       is at or after the watermark). {@link #releaseFinal} emits such rows once, as {@code +I},
 *       and forgets them; a partition whose N rows were all emitted keeps only its key, and rows
 *       that arrive for it later are ignored.</li>
 * </ul>
 *
 * <p>Rows live in one {@link ColumnarRows} store; each partition holds the store ids of its rows
 * in rank order. Rows that fall out leave garbage in the store, which is compacted once it
 * outweighs the live rows. With {@link #expireAfter} a partition that no row touched for the
 * time-to-live is dropped (in changelog mode its rows are retracted with {@code -D}).
 */
public final class TopN implements StatePart {
  private static final int INITIAL_PARTITIONS = 16;

  private final List<DataType> inputTypes;
  private final List<DataType> outputTypes;
  private final int[] partitionKeys;
  private final List<SortKey> order;
  private final int limit;
  private final boolean rankShifts;
  /** The event-time column of {@link #finalRows} mode; -1 in changelog mode. */
  private final int timeColumn;
  /** Partition ids by key; null without partition keys (one partition, id 0). */
  private final KeyTable partitionTable;

  private ColumnarRows rows;
  private RowComparator comparator;
  private int partitionCount;
  /** Per partition: store ids of its rows in rank order, {@code lists[p][0 .. sizes[p])}. */
  private int[][] lists = new int[INITIAL_PARTITIONS][];
  private int[] sizes = new int[INITIAL_PARTITIONS];
  /** Per partition, final-rows mode: rows already emitted as final (they hold the first ranks). */
  private int[] emittedCounts = new int[INITIAL_PARTITIONS];
  private int liveRows;
  /** Partitions holding at least one row; the others are remembered by their key alone. */
  private int heldPartitions;

  /** Changelog mode: partitions touched in the running batch and their lists before it. */
  private int[] stamps = new int[INITIAL_PARTITIONS];
  private int epoch = 1;
  private int[] touched = new int[INITIAL_PARTITIONS];
  private int touchedCount;
  private int[] before = new int[64];
  private int[] beforeStart = new int[INITIAL_PARTITIONS + 1];
  /** Store rows below this id existed before the running batch. */
  private int batchStartRows;
  /** Scratch, by store id: the row's position in its partition's new list, or -1. */
  private int[] newPosition = new int[0];

  /** Final-rows mode: a min-heap of (time of a partition's first pending row, partition); may hold stale entries. */
  private long[] heapTimes = new long[INITIAL_PARTITIONS];
  private int[] heapPartitions = new int[INITIAL_PARTITIONS];
  private int heapSize;

  private ExpiryTracker expiry;
  private final ExpiryTracker.Expirable expirable = this::canExpire;
  /** The partition key that is a watermarked event time, whose partitions {@link #forgetReleased} drops; -1 for none. */
  private int releasedKey = -1;
  /** The earliest event time of a partition {@link #forgetReleased} kept, or {@link Long#MAX_VALUE}. */
  private long nextRelease = Long.MAX_VALUE;
  /** Scratch for {@link #forgetReleased}: the partitions it keeps. */
  private int[] keptPartitions = new int[0];

  private final Batch output;
  private final byte[] outputKinds = new byte[Batch.DEFAULT_CAPACITY];
  private int outputCount;
  private int[] zeros = new int[0];

  private TopN(List<DataType> inputTypes, int[] partitionKeys, List<SortKey> order, int limit, boolean rankShifts,
      int timeColumn) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    this.inputTypes = List.copyOf(inputTypes);
    List<DataType> out = new ArrayList<>(inputTypes);
    out.add(DataType.of(TypeKind.BIGINT).withNullable(false));
    this.outputTypes = List.copyOf(out);
    this.partitionKeys = partitionKeys.clone();
    this.order = List.copyOf(order);
    this.limit = limit;
    this.rankShifts = rankShifts;
    this.timeColumn = timeColumn;
    List<DataType> keyTypes = new ArrayList<>();
    for (int key : partitionKeys) {
      keyTypes.add(inputTypes.get(key));
    }
    this.partitionTable = partitionKeys.length == 0 ? null : new KeyTable(keyTypes);
    this.rows = new ColumnarRows(inputTypes);
    this.comparator = new RowComparator(rows, order);
    this.output = Batch.allocate(outputTypes, Batch.DEFAULT_CAPACITY);
  }

  /**
   * A Top-N that emits a changelog after every batch ({@link #emitChanges}).
   *
   * @param rankShifts whether a row whose rank changed is emitted again ({@code -U}/{@code +U}):
   *     when the output shows the rank
   */
  public static TopN changelog(List<DataType> inputTypes, int[] partitionKeys, List<SortKey> order, int limit,
      boolean rankShifts) {
    return new TopN(inputTypes, partitionKeys, order, limit, rankShifts, -1);
  }

  /**
   * A Top-N ordered first by event-time column {@code order.get(0)} (ascending, NULLs last) that
   * emits each row once, when the watermark makes it final ({@link #releaseFinal}).
   */
  public static TopN finalRows(List<DataType> inputTypes, int[] partitionKeys, List<SortKey> order, int limit) {
    SortKey first = order.get(0);
    if (first.descending() || first.nullsFirst()) {
      throw new IllegalArgumentException("final rows need the event time ascending with NULLs last: " + first);
    }
    return new TopN(inputTypes, partitionKeys, order, limit, false, first.column());
  }

  /** Drops partitions that no row touched for {@code ttlMillis} of processing time. */
  public void expireAfter(long ttlMillis) {
    expiry = new ExpiryTracker(ttlMillis);
  }

  /**
   * Forgets a partition once the watermark reaches its event time, partition key {@code keyIndex}
   * (an index into the partition keys): no row of that time can arrive any more ({@link
   * io.sluice.runtime.batch.Lateness}), so its first rows can never be challenged (Spark's {@code
   * dropDuplicates} with an event-time key). A partition whose time is NULL is kept.
   */
  public void releaseKeysAtWatermark(int keyIndex) {
    if (keyIndex < 0 || keyIndex >= partitionKeys.length) {
      throw new IllegalArgumentException("no partition key " + keyIndex + " among " + partitionKeys.length);
    }
    releasedKey = keyIndex;
  }

  /**
   * Drops, without emitting anything, the partitions whose event time ({@link
   * #releaseKeysAtWatermark}) is at or below {@code watermark}; call it after the batch's rows were
   * emitted. Returns the number dropped.
   */
  public int forgetReleased(long watermark) {
    nextRelease = Long.MAX_VALUE;
    if (releasedKey < 0 || partitionCount == 0) {
      return 0;
    }
    ColumnarRows keys = partitionTable.keys();
    long[] times = keys.longs(releasedKey);
    keptPartitions = Vectors.grow(keptPartitions, partitionCount);
    int[] live = keptPartitions;
    int count = 0;
    for (int p = 0; p < partitionCount; p++) {
      boolean timeless = keys.isNull(releasedKey, p);
      if (timeless || !Lateness.isLate(times[p], watermark)) {
        live[count++] = p;
        nextRelease = timeless ? nextRelease : Math.min(nextRelease, times[p]);
      } else {
        liveRows -= sizes[p];
        if (sizes[p] > 0) {
          heldPartitions--;
        }
      }
    }
    int dropped = partitionCount - count;
    if (dropped == 0) {
      return 0;
    }
    if (expiry != null) {
      expiry.retain(live, count);
    }
    retainPartitions(live, count);
    compactIfSparse();
    return dropped;
  }

  /** The earliest event time of a partition the last {@link #forgetReleased} kept, or {@link Long#MAX_VALUE}. */
  public long nextReleaseTime() {
    return nextRelease;
  }

  /** Input columns, then the rank. */
  public List<DataType> outputTypes() {
    return outputTypes;
  }

  /** Adds the selected rows of {@code batch}, which arrived at processing time {@code now}. */
  public void add(Batch batch, long now) {
    int n = batch.rowCount();
    if (n == 0) {
      return;
    }
    int[] ids = partitionIds(batch, n);
    boolean changelog = timeColumn < 0;
    for (int k = 0; k < n; k++) {
      int p = ids[k];
      if (changelog && stamps[p] != epoch) {
        remember(p);
      }
      if (expiry != null) {
        expiry.touch(p, now);
      }
      insert(p, batch, batch.row(k));
    }
  }

  private int[] partitionIds(Batch batch, int n) {
    if (partitionTable == null) {
      if (zeros.length < n) {
        zeros = new int[Math.max(n, Batch.DEFAULT_CAPACITY)];
      }
      ensurePartitions(1);
      return zeros;
    }
    int[] ids = partitionTable.groupIdsFor(batch, partitionKeys);
    ensurePartitions(partitionTable.size());
    return ids;
  }

  private void ensurePartitions(int count) {
    if (count > lists.length) {
      int capacity = Math.max(count, lists.length * 2);
      lists = Arrays.copyOf(lists, capacity);
      sizes = Arrays.copyOf(sizes, capacity);
      emittedCounts = Arrays.copyOf(emittedCounts, capacity);
      stamps = Arrays.copyOf(stamps, capacity);
    }
    partitionCount = Math.max(partitionCount, count);
  }

  /** Records partition {@code p}'s list as it was before the running batch. */
  private void remember(int p) {
    stamps[p] = epoch;
    if (touchedCount == touched.length) {
      touched = Arrays.copyOf(touched, touchedCount * 2);
      beforeStart = Arrays.copyOf(beforeStart, touchedCount * 2 + 1);
    }
    int start = beforeStart[touchedCount];
    int size = sizes[p];
    if (start + size > before.length) {
      before = Arrays.copyOf(before, Math.max(start + size, before.length * 2));
    }
    if (size > 0) {
      System.arraycopy(lists[p], 0, before, start, size);
    }
    touched[touchedCount++] = p;
    beforeStart[touchedCount] = start + size;
  }

  private void insert(int p, Batch batch, int row) {
    int capacity = limit - emittedCounts[p];
    if (capacity <= 0) {
      return; // final-rows mode: the partition's first N rows were emitted
    }
    int size = sizes[p];
    int[] list = lists[p];
    if (size == capacity && comparator.compareBatchRow(batch, row, list[size - 1]) >= 0) {
      return;
    }
    int low = 0;
    int high = size;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (comparator.compareBatchRow(batch, row, list[middle]) < 0) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    int id = rows.size();
    rows.appendRow(batch, null, row);
    if (list == null || (list.length == size && size < capacity)) {
      int length = Math.min(capacity, Math.max(4, size * 2));
      list = list == null ? new int[length] : Arrays.copyOf(list, length);
      lists[p] = list;
    }
    if (size == 0) {
      heldPartitions++;
    } else if (size == capacity) {
      size--; // the last row falls out
      liveRows--;
    }
    System.arraycopy(list, low, list, low + 1, size - low);
    list[low] = id;
    sizes[p] = size + 1;
    liveRows++;
    if (timeColumn >= 0 && low == 0) {
      push(time(id), p);
    }
  }

  /** The event time of stored row {@code id}; NULL sorts last, so it is final only at the end of input. */
  private long time(int id) {
    return rows.isNull(timeColumn, id) ? Long.MAX_VALUE : rows.longs(timeColumn)[id];
  }

  /** Changelog mode: emits what the rows added since the last call changed. */
  public void emitChanges(BatchConsumer out) {
    if (timeColumn >= 0) {
      throw new IllegalStateException("a final-rows Top-N emits with releaseFinal");
    }
    if (newPosition.length < rows.size()) {
      int old = newPosition.length;
      newPosition = Arrays.copyOf(newPosition, Math.max(rows.size(), old * 2));
      Arrays.fill(newPosition, old, newPosition.length, -1);
    }
    for (int t = 0; t < touchedCount; t++) {
      int p = touched[t];
      int oldStart = beforeStart[t];
      int oldSize = beforeStart[t + 1] - oldStart;
      if (limit == 1) {
        emitReplacement(oldSize == 0 ? -1 : before[oldStart], sizes[p] == 0 ? -1 : lists[p][0], out);
      } else {
        emitDifference(oldStart, oldSize, lists[p], sizes[p], out);
      }
    }
    touchedCount = 0;
    nextEpoch();
    flush(out);
    compactIfSparse();
  }

  /**
   * Changelog mode: emits every partition's rows, in rank order, as inserts with their ranks,
   * whatever was emitted before: a window's Top-N, read whole once its window closes (the Top-N is
   * dropped then, so what it would emit as changes is never asked for).
   */
  public void emitAll(BatchConsumer out) {
    if (timeColumn >= 0) {
      throw new IllegalStateException("a final-rows Top-N emits with releaseFinal");
    }
    for (int p = 0; p < partitionCount; p++) {
      for (int i = 0; i < sizes[p]; i++) {
        emit(RowKind.INSERT, lists[p][i], i + 1, out);
      }
    }
    flush(out);
  }

  /**
   * Changelog mode: ends a batch without emitting its changes (a window's Top-N is read whole, by
   * {@link #emitAll}, once its window closes), so that the state can be saved.
   */
  public void settle() {
    touchedCount = 0;
    nextEpoch();
    compactIfSparse();
  }

  private void emitReplacement(int oldRow, int newRow, BatchConsumer out) {
    if (oldRow == newRow) {
      return;
    }
    if (oldRow < 0) {
      emit(RowKind.INSERT, newRow, 1, out);
    } else if (newRow < 0) {
      emit(RowKind.DELETE, oldRow, 1, out);
    } else {
      emit(RowKind.UPDATE_BEFORE, oldRow, 1, out);
      emit(RowKind.UPDATE_AFTER, newRow, 1, out);
    }
  }

  private void emitDifference(int oldStart, int oldSize, int[] list, int size, BatchConsumer out) {
    for (int i = 0; i < size; i++) {
      newPosition[list[i]] = i;
    }
    for (int j = 0; j < oldSize; j++) {
      int row = before[oldStart + j];
      int now = newPosition[row];
      if (now < 0) {
        emit(RowKind.DELETE, row, j + 1, out);
      } else if (rankShifts && now != j) {
        emit(RowKind.UPDATE_BEFORE, row, j + 1, out);
        emit(RowKind.UPDATE_AFTER, row, now + 1, out);
      }
    }
    for (int i = 0; i < size; i++) {
      int row = list[i];
      if (row >= batchStartRows) {
        emit(RowKind.INSERT, row, i + 1, out); // stored in this batch: it entered
      }
      newPosition[row] = -1;
    }
  }

  private void nextEpoch() {
    if (++epoch == Integer.MAX_VALUE) {
      Arrays.fill(stamps, 0);
      epoch = 1;
    }
  }

  /**
   * Final-rows mode: emits, as {@code +I}, every held row whose event time is at or before
   * {@code watermark} ({@link Lateness}) (every row when it is {@link Long#MAX_VALUE}, the end of input), and
   * forgets it.
   */
  public void releaseFinal(long watermark, BatchConsumer out) {
    if (timeColumn < 0) {
      throw new IllegalStateException("a changelog Top-N emits with emitChanges");
    }
    boolean end = watermark == Long.MAX_VALUE;
    while (heapSize > 0 && (end || Lateness.isLate(heapTimes[0], watermark))) {
      long t = heapTimes[0];
      int p = heapPartitions[0];
      pop();
      if (p >= partitionCount || sizes[p] == 0 || time(lists[p][0]) != t) {
        continue; // stale: the partition's first row changed since
      }
      int[] list = lists[p];
      int size = sizes[p];
      int released = 0;
      while (released < size && (end || Lateness.isLate(time(list[released]), watermark))) {
        emittedCounts[p]++;
        emit(RowKind.INSERT, list[released], emittedCounts[p], out);
        released++;
      }
      System.arraycopy(list, released, list, 0, size - released);
      sizes[p] = size - released;
      liveRows -= released;
      if (sizes[p] == 0) {
        heldPartitions--;
      }
      if (emittedCounts[p] >= limit) {
        lists[p] = null;
      } else if (sizes[p] > 0) {
        push(time(list[0]), p);
      }
    }
    flush(out);
    compactIfSparse();
  }

  /** Final-rows mode: the earliest event time of a row not yet final, or {@link Long#MAX_VALUE}. */
  public long nextPendingTime() {
    while (heapSize > 0) {
      int p = heapPartitions[0];
      if (p < partitionCount && sizes[p] > 0 && time(lists[p][0]) == heapTimes[0]) {
        return heapTimes[0];
      }
      pop();
    }
    return Long.MAX_VALUE;
  }

  /** Rows held that were not emitted yet (final-rows mode), or rows held (changelog mode). */
  public int heldRows() {
    return liveRows;
  }

  /** Rows held plus partitions that hold no row but are remembered (their first rows were emitted). */
  public long stateRows() {
    return (long) liveRows + partitionCount - heldPartitions;
  }

  /** Partitions remembered. */
  public int partitions() {
    return partitionCount;
  }

  /** An estimate of the bytes the state takes. */
  public long estimatedBytes() {
    long bytes = rows.estimatedBytes() + 24L * partitionCount + 4L * liveRows;
    if (partitionTable != null) {
      bytes += partitionTable.estimatedBytes();
    }
    return bytes + (expiry == null ? 0 : expiry.estimatedBytes());
  }

  /** When the next partition may expire (processing time), or {@link Long#MAX_VALUE}. */
  public long nextExpiry() {
    return expiry == null ? Long.MAX_VALUE : expiry.nextExpiry();
  }

  /**
   * Drops partitions no row touched for the time-to-live, as of processing time {@code now}. In
   * changelog mode their rows are retracted ({@code -D}); in final-rows mode a partition still
   * holding rows that wait for the watermark is kept. Returns the number dropped.
   */
  public int expire(long now, BatchConsumer out) {
    if (expiry == null || !expiry.due(now)) {
      return 0;
    }
    int deadCount = expiry.sweep(now, expirable);
    if (deadCount == 0) {
      return 0;
    }
    int[] dead = expiry.dead();
    for (int i = 0; i < deadCount; i++) {
      int p = dead[i];
      for (int r = 0; r < sizes[p]; r++) {
        emit(RowKind.DELETE, lists[p][r], r + 1, out);
      }
      liveRows -= sizes[p];
      if (sizes[p] > 0) {
        heldPartitions--;
      }
    }
    flush(out);
    retainPartitions(expiry.live(), expiry.liveCount());
    compactIfSparse();
    return deadCount;
  }

  private boolean canExpire(int p) {
    return timeColumn < 0 || sizes[p] == 0;
  }

  /** Keeps partitions {@code live[0 .. count)} (ascending), renumbered {@code 0 .. count)}. */
  private void retainPartitions(int[] live, int count) {
    int[] remap = new int[partitionCount];
    Arrays.fill(remap, -1);
    for (int i = 0; i < count; i++) {
      int p = live[i];
      remap[p] = i;
      lists[i] = lists[p];
      sizes[i] = sizes[p];
      emittedCounts[i] = emittedCounts[p];
    }
    for (int i = count; i < partitionCount; i++) {
      lists[i] = null;
      sizes[i] = 0;
      emittedCounts[i] = 0;
    }
    Arrays.fill(stamps, 0);
    partitionCount = count;
    if (partitionTable != null) {
      partitionTable.retain(live, count);
    }
    int kept = 0;
    for (int i = 0; i < heapSize; i++) {
      int p = heapPartitions[i] < remap.length ? remap[heapPartitions[i]] : -1;
      if (p >= 0) {
        heapTimes[kept] = heapTimes[i];
        heapPartitions[kept++] = p;
      }
    }
    heapSize = kept;
    for (int i = heapSize / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  /** Rewrites the store without rows that fell out, once they outnumber the live ones. */
  private void compactIfSparse() {
    if (rows.size() > 2 * liveRows + 1024) {
      ColumnarRows kept = new ColumnarRows(inputTypes);
      for (int p = 0; p < partitionCount; p++) {
        int[] list = lists[p];
        for (int i = 0; i < sizes[p]; i++) {
          kept.appendStoredRow(rows, list[i]);
          list[i] = kept.size() - 1;
        }
      }
      rows = kept;
      comparator = new RowComparator(rows, order);
      newPosition = new int[0];
    }
    batchStartRows = rows.size();
  }

  /** Its columns, partition keys, order, N and mode: what a snapshot must match. */
  public String shape() {
    return (timeColumn >= 0 ? "top-n (final rows): " : "top-n (changelog" + (rankShifts ? ", ranks shown" : "") + "): ")
        + inputTypes + " partitioned by " + Arrays.toString(partitionKeys) + " ordered by " + order + " first "
        + limit + (expiry == null ? "" : ", time-to-live " + expiry.ttlMillis() + " ms")
        + (releasedKey < 0 ? "" : ", keys released at the watermark by key " + releasedKey);
  }

  /**
   * Writes the state between batches: the partition keys (ids are positions, kept on restore),
   * per partition its held rows in rank order and how many it emitted as final, the held rows
   * (those that fell out are left out), the heap of final-rows mode and the expiry times.
   */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    if (touchedCount != 0) {
      throw new IllegalStateException("a snapshot is taken between batches");
    }
    if (partitionTable != null) {
      partitionTable.writeTo(out);
    }
    out.writeInt(partitionCount);
    StateIO.writeArray(out, sizes, partitionCount);
    StateIO.writeArray(out, emittedCounts, partitionCount);
    ColumnarRows held = new ColumnarRows(inputTypes);
    for (int p = 0; p < partitionCount; p++) {
      for (int i = 0; i < sizes[p]; i++) {
        held.appendStoredRow(rows, lists[p][i]);
      }
    }
    held.writeTo(out);
    out.writeInt(heapSize);
    StateIO.writeArray(out, heapTimes, heapSize);
    StateIO.writeArray(out, heapPartitions, heapSize);
    if (expiry != null) {
      expiry.writeTo(out);
    }
  }

  /** Replaces the state with one written by {@link #writeTo} from a Top-N of the same {@link #shape}. */
  public void readFrom(java.io.DataInput in) throws java.io.IOException {
    if (partitionTable != null) {
      partitionTable.readFrom(in);
    }
    int count = StateIO.readCount(in, partitionTable == null ? 1 : partitionTable.size(), "a partition count");
    if (partitionTable != null && count != partitionTable.size()) {
      throw StateIO.corrupt(count + " partitions for " + partitionTable.size() + " keys");
    }
    int[] newSizes = StateIO.readInts(in, count, "partition sizes");
    int[] newEmitted = StateIO.readInts(in, count, "emitted counts");
    ColumnarRows held = new ColumnarRows(inputTypes);
    held.readFrom(in);
    int total = 0;
    for (int p = 0; p < count; p++) {
      if (newSizes[p] < 0 || newEmitted[p] < 0 || newSizes[p] + newEmitted[p] > limit) {
        throw StateIO.corrupt("partition " + p + " holding " + newSizes[p] + " rows after " + newEmitted[p]
            + " emitted, for the first " + limit);
      }
      total += newSizes[p];
    }
    if (total != held.size()) {
      throw StateIO.corrupt(held.size() + " rows for partitions that hold " + total);
    }
    int heapCount = StateIO.readCount(in, Integer.MAX_VALUE, "a heap size");
    long[] times = StateIO.readLongs(in, heapCount, "heap times");
    int[] heapIds = StateIO.readInts(in, heapCount, "heap partitions");
    if (timeColumn < 0 && heapCount != 0) {
      throw StateIO.corrupt("a release heap in a changelog Top-N");
    }
    for (int i = 0; i < heapCount; i++) {
      if (heapIds[i] < 0 || heapIds[i] >= count) {
        throw StateIO.corrupt("a heap entry for partition " + heapIds[i] + " of " + count);
      }
    }
    if (expiry != null) {
      expiry.readFrom(in);
    }
    partitionCount = 0;
    lists = new int[Math.max(INITIAL_PARTITIONS, count)][];
    sizes = new int[lists.length];
    emittedCounts = new int[lists.length];
    stamps = new int[lists.length];
    epoch = 1;
    touchedCount = 0;
    ensurePartitions(count);
    liveRows = 0;
    heldPartitions = 0;
    for (int p = 0; p < count; p++) {
      sizes[p] = newSizes[p];
      emittedCounts[p] = newEmitted[p];
      if (newSizes[p] > 0) {
        lists[p] = new int[newSizes[p]];
        for (int i = 0; i < newSizes[p]; i++) {
          lists[p][i] = liveRows++;
        }
        heldPartitions++;
      }
    }
    rows = held;
    comparator = new RowComparator(rows, order);
    newPosition = new int[0];
    batchStartRows = rows.size();
    heapTimes = Arrays.copyOf(times, Math.max(INITIAL_PARTITIONS, heapCount));
    heapPartitions = Arrays.copyOf(heapIds, heapTimes.length);
    heapSize = heapCount;
  }

  private void emit(byte kind, int row, long rank, BatchConsumer out) {
    if (outputCount == Batch.DEFAULT_CAPACITY) {
      flush(out);
    }
    if (outputCount == 0) {
      output.reset();
    }
    int columns = inputTypes.size();
    for (int c = 0; c < columns; c++) {
      rows.copyValue(c, row, output.columns[c], outputCount);
    }
    LongVector ranks = (LongVector) output.columns[columns];
    ranks.values[outputCount] = rank;
    ranks.nulls[outputCount] = false;
    outputKinds[outputCount++] = kind;
  }

  private void flush(BatchConsumer out) {
    if (outputCount == 0) {
      return;
    }
    output.size = outputCount;
    output.kinds = outputKinds;
    outputCount = 0;
    out.accept(output);
  }

  private void push(long time, int partition) {
    if (heapSize == heapTimes.length) {
      heapTimes = Arrays.copyOf(heapTimes, heapSize * 2);
      heapPartitions = Arrays.copyOf(heapPartitions, heapSize * 2);
    }
    int i = heapSize++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heapTimes[parent] <= time) {
        break;
      }
      heapTimes[i] = heapTimes[parent];
      heapPartitions[i] = heapPartitions[parent];
      i = parent;
    }
    heapTimes[i] = time;
    heapPartitions[i] = partition;
  }

  private void pop() {
    heapSize--;
    if (heapSize > 0) {
      heapTimes[0] = heapTimes[heapSize];
      heapPartitions[0] = heapPartitions[heapSize];
      siftDown(0);
    }
  }

  private void siftDown(int i) {
    long time = heapTimes[i];
    int partition = heapPartitions[i];
    while (true) {
      int child = 2 * i + 1;
      if (child >= heapSize) {
        break;
      }
      if (child + 1 < heapSize && heapTimes[child + 1] < heapTimes[child]) {
        child++;
      }
      if (heapTimes[child] >= time) {
        break;
      }
      heapTimes[i] = heapTimes[child];
      heapPartitions[i] = heapPartitions[child];
      i = child;
    }
    heapTimes[i] = time;
    heapPartitions[i] = partition;
  }
}
