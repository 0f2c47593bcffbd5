package io.sluice.runtime.kernel;

import io.sluice.runtime.batch.Lateness;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.RowKind;
import io.sluice.catalog.stream.Saturated;
import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.KeyedState;
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
public final class TopN implements KeyedState {
  static final int INITIAL_PARTITIONS = 16;

  final List<DataType> inputTypes;
  private final List<DataType> outputTypes;
  private final int[] partitionKeys;
  final List<SortKey> order;
  final int limit;
  private final boolean rankShifts;
  /** The event-time column of {@link #finalRows} mode; -1 in changelog mode. */
  final int timeColumn;
  /** Partition ids by key; null without partition keys (one partition, id 0). */
  final KeyTable partitionTable;

  ColumnarRows rows;
  RowComparator comparator;
  int partitionCount;
  /** Per partition: store ids of its rows in rank order, {@code lists[p][0 .. sizes[p])}. */
  int[][] lists = new int[INITIAL_PARTITIONS][];
  int[] sizes = new int[INITIAL_PARTITIONS];
  /** Per partition, final-rows mode: rows already emitted as final (they hold the first ranks). */
  int[] emittedCounts = new int[INITIAL_PARTITIONS];
  int liveRows;
  /** Partitions holding at least one row; the others are remembered by their key alone. */
  int heldPartitions;

  /** Changelog mode: the lists of the partitions the running batch touched, as they were before it. */
  final RankChanges changes = new RankChanges();

  /**
   * Final-rows mode: (time of a partition's first pending row, partition) for every partition
   * holding rows; may hold stale entries, which are skipped.
   */
  private final TimeHeap heap = new TimeHeap();
  /** Changelog checkpoints: the partitions added, removed and changed since the last one. */
  final KeyChanges deltaChanges = new KeyChanges();

  ExpiryTracker expiry;
  private final ExpiryTracker.Expirable expirable = this::canExpire;
  /** The partition key that is a watermarked event time, whose partitions {@link #forgetReleased} drops; -1 for none. */
  private int releasedKey = -1;
  /** The column of a partition's first row whose time, plus {@link #expiryDelay}, releases it; -1 for none. */
  private int expiryColumn = -1;
  private long expiryDelay;
  /** The earliest event time of a partition {@link #forgetReleased} kept, or {@link Long#MAX_VALUE}. */
  private long nextRelease = Long.MAX_VALUE;
  /** Scratch for {@link #forgetReleased}: the partitions it keeps. */
  private int[] keptPartitions = new int[0];

  private final RankedRowWriter writer;
  private int[] zeros = new int[0];
  /** With the disk backend: the partitions in the store, the tables above their cache; null on the heap. */
  DiskPartitions disk;

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
    this.writer = new RankedRowWriter(outputTypes);
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

  /**
   * Keeps the partitions in {@code backend}'s store for operator {@code name}, with the tables on
   * the heap as the cache of those in use ({@link DiskPartitions}); in final-rows mode the
   * partitions holding rows that wait for the watermark stay in the cache (the watermark bounds
   * them), those whose rows were emitted go to the store. Returns false, staying on the heap, for
   * a Top-N with a time-to-live or with partitions released at the watermark (each scans every
   * partition, and bounds the state), or without partition keys. Call it after those options are
   * set and before any row or restore.
   */
  public boolean keepOnDisk(io.sluice.runtime.state.backend.DiskStateBackend backend, String name) {
    if (expiry != null || releasedKey >= 0 || expiryColumn >= 0 || partitionTable == null) {
      return false;
    }
    disk = new DiskPartitions(backend, name, this, partitionTable, inputTypes);
    return true;
  }

  /** What the disk backend did, or null on the heap. */
  public String describeDisk() {
    return disk == null ? null : disk.describe();
  }

  /** The most heap bytes the last restore held of the state at a time on the disk backend (0 on the heap). */
  public long restorePeakBytes() {
    return disk == null ? 0 : disk.restorePeakBytes();
  }

  /** Deletes the store of the disk backend: the query ended. */
  public void close() {
    if (disk != null) {
      disk.close();
    }
  }

  int partitionSize(int p) {
    return sizes[p];
  }

  int emittedCount(int p) {
    return emittedCounts[p];
  }

  int rowOf(int p, int rank) {
    return lists[p][rank];
  }

  ColumnarRows rows() {
    return rows;
  }

  /** Partition {@code p}, new to the cache, comes back from the disk store: {@code size} rows follow. */
  void startLoadedPartition(int p, int emitted, int size) {
    sizes[p] = size;
    emittedCounts[p] = emitted;
    lists[p] = size > 0 ? new int[size] : null;
    liveRows += size;
    heldPartitions += size > 0 ? 1 : 0;
  }

  /** Row {@code rank} of a partition coming back from the disk store: row 0 of {@code row}. */
  void appendLoadedRow(int p, int rank, Batch row) {
    lists[p][rank] = rows.size();
    rows.appendRow(row, null, 0);
    if (rank == 0 && timeColumn >= 0) {
      heap.push(time(lists[p][0]), p); // final-rows mode: its first row waits for the watermark
    }
  }

  /** Drops every partition of the cache and gives back its memory: they were written out to the disk store. */
  void releaseCache() {
    partitionTable.release();
    rows = new ColumnarRows(inputTypes);
    comparator = new RowComparator(rows, order);
    lists = new int[INITIAL_PARTITIONS][];
    sizes = new int[INITIAL_PARTITIONS];
    emittedCounts = new int[INITIAL_PARTITIONS];
    partitionCount = 0;
    liveRows = 0;
    heldPartitions = 0;
    changes.reset();
    changes.forgetRows();
    heap.clear();
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
   * Forgets a partition once the watermark reaches the time in column {@code column} of its first
   * row plus {@code delayMillis} (Spark's {@code dropDuplicatesWithinWatermark}: a duplicate is
   * expected within the watermark delay of its first row, and a later one counts as a first row
   * again). A partition whose first row's time is NULL is kept.
   */
  public void releaseKeysAfter(int column, long delayMillis) {
    if (column < 0 || column >= inputTypes.size() || delayMillis < 0) {
      throw new IllegalArgumentException("no time column " + column + " or a negative delay " + delayMillis);
    }
    expiryColumn = column;
    expiryDelay = delayMillis;
  }

  /**
   * Drops, without emitting anything, the partitions whose release time ({@link
   * #releaseKeysAtWatermark}, {@link #releaseKeysAfter}) is at or below {@code watermark}; call it
   * after the batch's rows were emitted. Returns the number dropped.
   */
  public int forgetReleased(long watermark) {
    nextRelease = Long.MAX_VALUE;
    if ((releasedKey < 0 && expiryColumn < 0) || partitionCount == 0) {
      return 0;
    }
    keptPartitions = Vectors.grow(keptPartitions, partitionCount);
    int[] live = keptPartitions;
    int count = 0;
    for (int p = 0; p < partitionCount; p++) {
      long time = releaseTime(p);
      boolean timeless = time == Long.MAX_VALUE;
      if (timeless || !Lateness.isLate(time, watermark)) {
        live[count++] = p;
        nextRelease = Math.min(nextRelease, time);
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

  /** When partition {@code p} goes: its key's time, or its first row's time plus the delay; MAX_VALUE when NULL. */
  private long releaseTime(int p) {
    if (releasedKey >= 0) {
      ColumnarRows keys = partitionTable.keys();
      return keys.isNull(releasedKey, p) ? Long.MAX_VALUE : keys.longs(releasedKey)[p];
    }
    if (sizes[p] == 0 || rows.isNull(expiryColumn, lists[p][0])) {
      return Long.MAX_VALUE;
    }
    return Saturated.add(rows.longs(expiryColumn)[lists[p][0]], expiryDelay);
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
    if (disk != null && !changes.pending() && disk.full(estimatedBytes())) {
      disk.writeOut(); // a batch's first rows, after a restore of more than the cache's share
    }
    int[] ids = partitionIds(batch, n);
    boolean changelog = timeColumn < 0;
    deltaChanges.touch(ids, n, partitionCount);
    for (int k = 0; k < n; k++) {
      int p = ids[k];
      if (changelog) {
        changes.beforeChange(p, lists[p], sizes[p]);
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
    int known = partitionTable.size();
    int[] ids = partitionTable.groupIdsFor(batch, partitionKeys);
    ensurePartitions(partitionTable.size());
    if (disk != null) {
      disk.admit(known, partitionTable.size()); // before the batch's rows: what a partition held comes first
    }
    return ids;
  }

  void ensurePartitions(int count) {
    if (count > lists.length) {
      int capacity = Math.max(count, lists.length * 2);
      lists = Arrays.copyOf(lists, capacity);
      sizes = Arrays.copyOf(sizes, capacity);
      emittedCounts = Arrays.copyOf(emittedCounts, capacity);
    }
    changes.reserve(capacity());
    partitionCount = Math.max(partitionCount, count);
  }

  private int capacity() {
    return lists.length;
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
      heap.push(time(id), p);
    }
  }

  /** The event time of stored row {@code id}; NULL sorts last, so it is final only at the end of input. */
  long time(int id) {
    return rows.isNull(timeColumn, id) ? Long.MAX_VALUE : rows.longs(timeColumn)[id];
  }

  /** Changelog mode: emits what the rows added since the last call changed. */
  public void emitChanges(BatchConsumer out) {
    if (timeColumn >= 0) {
      throw new IllegalStateException("a final-rows Top-N emits with releaseFinal");
    }
    changes.emit(rows, lists, sizes, limit, rankShifts, writer, out);
    writer.flush(out);
    compactIfSparse();
    if (disk != null && disk.full(estimatedBytes())) {
      disk.writeOut();
    }
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
        writer.emit(RowKind.INSERT, rows, lists[p][i], i + 1, out);
      }
    }
    writer.flush(out);
  }

  /**
   * Changelog mode: ends a batch without emitting its changes (a window's Top-N is read whole, by
   * {@link #emitAll}, once its window closes), so that the state can be saved.
   */
  public void settle() {
    changes.settle();
    compactIfSparse();
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
    while (heap.size() > 0 && (end || Lateness.isLate(heap.peekTime(), watermark))) {
      long t = heap.peekTime();
      int p = heap.peekRow();
      heap.pop();
      if (p >= partitionCount || sizes[p] == 0 || time(lists[p][0]) != t) {
        continue; // stale: the partition's first row changed since
      }
      deltaChanges.touch(p, partitionCount);
      int[] list = lists[p];
      int size = sizes[p];
      int released = 0;
      while (released < size && (end || Lateness.isLate(time(list[released]), watermark))) {
        emittedCounts[p]++;
        writer.emit(RowKind.INSERT, rows, list[released], emittedCounts[p], out);
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
        heap.push(time(list[0]), p);
      }
    }
    writer.flush(out);
    compactIfSparse();
    if (disk != null && disk.full(estimatedBytes())) {
      disk.writeOut();
    }
  }

  /** Final-rows mode: the earliest event time of a row not yet final, or {@link Long#MAX_VALUE}. */
  public long nextPendingTime() {
    while (heap.size() > 0) {
      int p = heap.peekRow();
      if (p < partitionCount && sizes[p] > 0 && time(lists[p][0]) == heap.peekTime()) {
        return heap.peekTime();
      }
      heap.pop();
    }
    return Long.MAX_VALUE;
  }

  /** Rows held that were not emitted yet (final-rows mode), or rows held (changelog mode). */
  public int heldRows() {
    return liveRows;
  }

  /** Rows held plus partitions that hold no row but are remembered (their first rows were emitted). */
  public long stateRows() {
    if (disk != null) {
      return liveRows + disk.storedRows() + disk.partitionCount() - heldPartitions - disk.storedHeld();
    }
    return (long) liveRows + partitionCount - heldPartitions;
  }

  /** Partitions remembered. */
  public int partitions() {
    return disk != null ? disk.partitionCount() : partitionCount;
  }

  /**
   * What {@code more} more rows would allocate, each in a new partition: the row store's columns,
   * the partition table and the per-partition arrays (a rank list each).
   */
  @Override
  public long growthBytes(int more) {
    if (disk != null && timeColumn < 0) {
      return 0; // the cache is written out once a batch took it past its share
    } // final rows wait in the cache for the watermark, on disk too: they grow it as on the heap
    long needed = partitionCount + (long) more;
    long partitions = needed <= lists.length ? 0 : Math.max(needed, 2L * lists.length) * 16L;
    return rows.growthBytes(more) + partitions + 16L * more
        + (partitionTable == null ? 0 : partitionTable.growthBytes(more));
  }

  @Override
  public long estimatedBytes() {
    long bytes = rows.estimatedBytes() + 24L * partitionCount + 4L * liveRows + deltaChanges.estimatedBytes();
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
    if (timeColumn >= 0) {
      int[] live = expiry.live();
      for (int i = 0; i < expiry.liveCount(); i++) {
        if (sizes[live[i]] > 0) {
          deltaChanges.touch(live[i], partitionCount); // the sweep touched it again: its rows wait on the watermark
        }
      }
    }
    if (deadCount == 0) {
      return 0;
    }
    int[] dead = expiry.dead();
    for (int i = 0; i < deadCount; i++) {
      int p = dead[i];
      for (int r = 0; r < sizes[p]; r++) {
        writer.emit(RowKind.DELETE, rows, lists[p][r], r + 1, out);
      }
      liveRows -= sizes[p];
      if (sizes[p] > 0) {
        heldPartitions--;
      }
    }
    writer.flush(out);
    retainPartitions(expiry.live(), expiry.liveCount());
    compactIfSparse();
    return deadCount;
  }

  private boolean canExpire(int p) {
    return timeColumn < 0 || sizes[p] == 0;
  }

  /** Keeps partitions {@code live[0 .. count)} (ascending), renumbered {@code 0 .. count)}. */
  void retainPartitions(int[] live, int count) {
    deltaChanges.retain(live, count, partitionCount);
    keepPartitions(live, count);
  }

  /**
   * As {@link #retainPartitions}, recording nothing for deltas: a write-out to the disk store that
   * keeps the partitions still waiting for the watermark in the cache.
   */
  void keepPartitions(int[] live, int count) {
    for (int i = 0; i < count; i++) {
      int p = live[i];
      lists[i] = lists[p];
      sizes[i] = sizes[p];
      emittedCounts[i] = emittedCounts[p];
    }
    for (int i = count; i < partitionCount; i++) {
      lists[i] = null;
      sizes[i] = 0;
      emittedCounts[i] = 0;
    }
    changes.reset();
    partitionCount = count;
    if (partitionTable != null) {
      partitionTable.retain(live, count);
    }
    rebuildHeap();
  }

  /** Final-rows mode: one heap entry per partition holding rows, its first row's time (no stale ones). */
  void rebuildHeap() {
    heap.clear();
    if (timeColumn < 0) {
      return;
    }
    for (int p = 0; p < partitionCount; p++) {
      if (sizes[p] > 0) {
        heap.push(time(lists[p][0]), p);
      }
    }
  }

  /** Rewrites the store without rows that fell out, once they outnumber the live ones. */
  void compactIfSparse() {
    if (rows.size() > 2 * liveRows + 1024) {
      compact();
    }
  }

  /** Rewrites the store without rows that fell out (or left for the disk store). */
  void compact() {
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
    changes.forgetRows();
  }

  /** Its columns, partition keys, order, N and mode: what a snapshot must match. */
  public String shape() {
    return (timeColumn >= 0 ? "top-n (final rows): " : "top-n (changelog" + (rankShifts ? ", ranks shown" : "") + "): ")
        + inputTypes + " partitioned by " + Arrays.toString(partitionKeys) + " ordered by " + order + " first "
        + limit + (expiry == null ? "" : ", time-to-live " + expiry.ttlMillis() + " ms")
        + (releasedKey < 0 ? "" : ", keys released at the watermark by key " + releasedKey)
        + (expiryColumn < 0 ? "" : ", keys released when the watermark passes column " + expiryColumn + " of their"
            + " first row + " + expiryDelay + " ms");
  }

  /**
   * Writes the state between batches: the partition keys (ids are positions, kept on restore),
   * per partition its held rows in rank order and how many it emitted as final, the held rows
   * (those that fell out are left out), the heap of final-rows mode (one entry per partition
   * holding rows, pushed in partition order, so that equal states write equal bytes) and the
   * expiry times.
   */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    TopNSnapshot.writeTo(this, out);
  }

  /**
   * Replaces the state with one written by {@link #writeTo} from a Top-N of the same {@link
   * #shape}. The heap is rebuilt from the partitions (the written one is checked, not used:
   * snapshots of earlier builds hold stale entries too).
   */
  public void readFrom(java.io.DataInput in) throws java.io.IOException {
    TopNSnapshot.readFrom(this, in);
  }

  /**
   * Makes the state as it is the base of the next {@link #writeDelta}: from now on the partitions
   * added, removed (released at the watermark, expired) and changed are recorded.
   */
  public void markDeltaBase() {
    deltaChanges.mark(partitionCount);
    if (disk != null) {
      disk.markDeltaBase();
    }
  }

  /** Whether {@link #writeDelta} can write the changes since {@link #markDeltaBase}. */
  public boolean deltaReady() {
    return deltaChanges.recording();
  }

  /**
   * Writes what changed since {@link #markDeltaBase}: the partitions removed, the keys of those
   * added, and for every partition rows touched (added ones included) its sizes, rows and expiry
   * time, as {@link #writeTo} writes them; then the expiry's bookkeeping.
   */
  public void writeDelta(java.io.DataOutput out) throws java.io.IOException {
    TopNSnapshot.writeDelta(this, out);
  }

  /**
   * Applies a delta written by {@link #writeDelta} to the state it was taken from (restored by
   * {@link #readFrom}, then earlier deltas applied in order).
   */
  public void applyDelta(java.io.DataInput in) throws java.io.IOException {
    TopNSnapshot.applyDelta(this, in);
  }
}
