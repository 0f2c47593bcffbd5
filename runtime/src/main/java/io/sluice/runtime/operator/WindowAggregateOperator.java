package io.sluice.runtime.operator;

import io.sluice.runtime.batch.Lateness;
import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.Saturated;
import io.sluice.catalog.stream.WindowEmit;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.AggregatorScratch;
import io.sluice.runtime.kernel.ChangelogEmitter;
import io.sluice.runtime.kernel.DiskGroups;
import io.sluice.runtime.kernel.HashAggregator;
import io.sluice.runtime.state.StateFormat;
import io.sluice.runtime.state.StatefulOperator;
import io.sluice.runtime.state.backend.DiskStateBackend;
import io.sluice.runtime.state.backend.PrefixedStores;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregation by event-time window: one aggregator per open window. In append mode a window is
 * emitted once, when the watermark passes its end; in update mode its changed groups are
 * emitted every batch. Either way its state is dropped when the watermark passes its end.
 *
 * <p>In update mode a {@link WindowEmit} may hold the changes of open windows back for an
 * early-fire delay of processing time (a closing window emits its final changes at once), and
 * keep closed windows for an allowed lateness: rows the scans let through for them update what
 * was emitted, and the window is dropped once the watermark passes its end plus the lateness.
 *
 * <p>On the disk backend each window's groups live in one RocksDB store the operator's windows share,
 * under the window's end ({@link PrefixedStores}), with the window's aggregator as the cache of
 * its hot groups ({@link DiskGroups}). The caches of all open windows together keep within the
 * operator's share of the budget: when a chunk of input would take them past it, every window's
 * cache is written out. A window closing in append mode reads its groups back a chunk at a time;
 * checkpoints hold the same snapshots and deltas as on the heap. With early firing a write-out
 * keeps the changes it holds with the groups in the store ({@link DiskGroups#holdChanges}), and a
 * firing reads them back. With an allowed lateness closed windows emit their changes every batch,
 * as open ones do without early firing.
 */
public final class WindowAggregateOperator extends AbstractOperator implements StatefulOperator {
  /** Version of the snapshot format: per open window its end, groups and last rows emitted (update mode). */
  private static final int STATE_VERSION = 1;
  /** Version 1 followed by the early-fire schedule: when the held changes are due, and whether there are any. */
  private static final int EMIT_STATE_VERSION = 2;
  /**
   * Version 2 with early firing whose deltas hold, per window changed, the groups touched or emitted
   * since the last checkpoint, with their rows emitted (version 2's held every row emitted).
   */
  private static final int EARLY_FIRE_STATE_VERSION = 3;
  private static final long NOT_DUE = Long.MAX_VALUE;

  private final List<DataType> inputTypes;
  /** The keys each window's table groups by: the group keys that are not window columns. */
  private final int[] keys;
  private final long[] windowOffsets;
  /** Per group key that is a window column: its value, repeated, for the rows emitted. */
  private final LongVector[] windowValues;
  private final Batch shown;
  private final List<AggregateSpec> specs;
  private final int windowColumn;
  private final long addToEnd;
  private final boolean update;
  private final WindowEmit emit;
  /** Processing time at which held changes of open windows are emitted; NOT_DUE when none are held. */
  private long fireAt = NOT_DUE;
  /** Whether open windows took rows whose changes are held back for the early-fire delay. */
  private boolean held;
  /** Restored with changes held: the next firing compares every group with what was emitted. */
  private boolean heldSinceRestore;
  private int[] allGroups = new int[0];
  private final TreeMap<Long, HashAggregator> windows = new TreeMap<>();
  private final Map<Long, ChangelogEmitter> emitters = new HashMap<>();
  /** The disk backend's store of every window's groups; null on the heap. */
  private final PrefixedStores stores;
  /** On the disk backend: per open window, its groups on disk with its aggregator as their cache. */
  private final Map<Long, DiskGroups> disks = new HashMap<>();
  /** Heap bytes the caches of all open windows may take together (disk backend). */
  private final long cacheBytes;
  private long restorePeakBytes;
  /** The current batch's rows by window end: {@code slotRows[i][0 .. slotCounts[i])} end at {@code slotEnds[i]}. */
  private long[] slotEnds = new long[8];
  private int[][] slotRows = new int[8][];
  private int[] slotCounts = new int[8];
  private int slotsUsed;
  private static final int MAX_PRESIZE = 1 << 15;
  private int openedInBatch;
  private int sizedFor;
  /** The groups of the last window to close, or -1 before one closed: the size of the next window's table. */
  private int lastWindowGroups = -1;
  /** The per-batch arrays of the windows' aggregators, shared: windows are added and emitted one at a time. */
  private final AggregatorScratch scratch = new AggregatorScratch();
  /**
   * Windows ending at or before this were closed by an earlier batch. A row for a window the
   * running batch's watermark closes is still counted: an operator upstream (deduplication on
   * event time) releases rows in the batch whose watermark passes them.
   */
  private long closedThrough = Long.MIN_VALUE;
  /** Changelog checkpoints: the windows open at the last {@link #markDeltaBase}, or null before one. */
  private java.util.Set<Long> baseWindows;
  /**
   * Merging partials ({@link #mergingPartials}): the input's window column, its row-count column,
   * and the view of a partial batch its window tables merge (their keys, then the partial results);
   * null otherwise.
   */
  private Batch partialView;
  private int partialWindowColumn;
  private int partialRowCount;
  private int[] partialViewColumns;

  /**
   * @param windowOffsets per group key: for a key that is the window's end, 0; its start, the
   *     window size (end minus start); any other key, -1
   */
  public WindowAggregateOperator(String name, List<DataType> inputTypes, int[] keys, long[] windowOffsets,
      List<AggregateSpec> specs, int windowColumn, long addToEnd, OutputMode mode) {
    this(name, inputTypes, keys, windowOffsets, specs, windowColumn, addToEnd, mode, WindowEmit.DEFAULT);
  }

  /** @param emit in update mode, when changes are emitted and how long closed windows take late rows */
  public WindowAggregateOperator(String name, List<DataType> inputTypes, int[] keys, long[] windowOffsets,
      List<AggregateSpec> specs, int windowColumn, long addToEnd, OutputMode mode, WindowEmit emit) {
    this(name, inputTypes, keys, windowOffsets, specs, windowColumn, addToEnd, mode, emit, null);
  }

  /**
   * @param backend the disk state backend ({@code pipeline.state.backend = 'disk'}), or null for
   *     the heap; used where the groups can move to disk (see the class comment)
   */
  public WindowAggregateOperator(String name, List<DataType> inputTypes, int[] keys, long[] windowOffsets,
      List<AggregateSpec> specs, int windowColumn, long addToEnd, OutputMode mode, WindowEmit emit,
      DiskStateBackend backend) {
    super(name);
    this.inputTypes = inputTypes;
    this.windowOffsets = windowOffsets.clone();
    int tableKeys = 0;
    for (long offset : windowOffsets) {
      tableKeys += offset < 0 ? 1 : 0;
    }
    this.keys = new int[tableKeys];
    int k = 0;
    for (int i = 0; i < keys.length; i++) {
      if (windowOffsets[i] < 0) {
        this.keys[k++] = keys[i];
      }
    }
    this.windowValues = new LongVector[keys.length];
    for (int i = 0; i < keys.length; i++) {
      if (windowOffsets[i] >= 0) {
        windowValues[i] = new LongVector(Batch.DEFAULT_CAPACITY);
      }
    }
    this.shown = new Batch(new io.sluice.catalog.data.ColumnVector[keys.length + specs.size()], 0);
    this.specs = specs;
    this.windowColumn = windowColumn;
    this.addToEnd = addToEnd;
    this.update = mode == OutputMode.UPDATE;
    this.emit = update ? emit : WindowEmit.DEFAULT;
    boolean onDisk = backend != null
        && new HashAggregator(inputTypes, this.keys, specs, 0).slotsHoldGroups();
    this.stores = onDisk ? new PrefixedStores(backend, name) : null;
    this.cacheBytes = onDisk ? backend.cacheBytes() : 0;
  }

  /**
   * Takes the groups the workers of a parallel scan aggregated each split's windowed rows into, in
   * split order, instead of rows: partial results of aggregators over the same input types and
   * aggregates grouped by all of {@code groupKeys} (the window's columns among them), each row
   * followed by its group's row count. The window tables, their order, the rows emitted and the
   * snapshots are those of the rows themselves; a group whose window has closed counts its rows as
   * late. Only in append mode on the heap, with aggregates that {@link
   * io.sluice.runtime.kernel.PartialResults#mergeable merge exactly}.
   *
   * @param partialColumns the columns of the partial input
   */
  public WindowAggregateOperator mergingPartials(int[] groupKeys, int partialColumns) {
    if (update || stores != null || !io.sluice.runtime.kernel.PartialResults.mergeable(inputTypes, specs)) {
      throw new IllegalStateException(name() + " cannot merge partial results");
    }
    partialWindowColumn = -1;
    for (int i = 0; i < groupKeys.length; i++) {
      if (groupKeys[i] == windowColumn) {
        partialWindowColumn = i;
      }
    }
    if (partialWindowColumn < 0) {
      throw new IllegalStateException(name() + ": the window column is not a group key");
    }
    partialRowCount = partialColumns - 1;
    partialViewColumns = new int[keys.length + partialColumns - 1 - groupKeys.length];
    int v = 0;
    for (int i = 0; i < groupKeys.length; i++) {
      if (windowOffsets[i] < 0) {
        partialViewColumns[v++] = i;
      }
    }
    for (int c = groupKeys.length; c < partialRowCount; c++) {
      partialViewColumns[v++] = c;
    }
    partialView = new Batch(new io.sluice.catalog.data.ColumnVector[partialViewColumns.length], 0);
    return this;
  }

  /** Whether the windows' groups live on disk, with caches of them on the heap. */
  public boolean onDisk() {
    return stores != null;
  }

  @Override
  public void startBatch() {
    openedInBatch = 0;
    sizedFor = 0;
  }

  @Override
  public void input(int port, Batch batch) {
    boolean partials = partialView != null;
    LongVector key = (LongVector) batch.columns[partials ? partialWindowColumn : windowColumn];
    long[] rowCounts = partials ? ((LongVector) batch.columns[partialRowCount]).values : null;
    int n = batch.rowCount();
    // split the batch's rows by window end: few distinct ends per batch, and runs of rows
    // share one, so a cached last slot and a short scan find it without boxing
    slotsUsed = 0;
    int last = -1;
    long late = 0;
    for (int k = 0; k < n; k++) {
      int row = batch.row(k);
      // a NULL time (GROUP BY an event-time column that is NULL) is final only at the end of input
      long end = key.isNull(row) ? Long.MAX_VALUE : key.values[row] + addToEnd;
      if (Lateness.isClosed(end, emit.lateThrough(closedThrough))) {
        late += partials ? rowCounts[row] : 1; // scans drop late rows first; a window already dropped never takes rows
        continue;
      }
      if (last < 0 || slotEnds[last] != end) {
        last = slot(end, n);
      }
      int[] rows = slotRows[last];
      if (slotCounts[last] == rows.length) {
        rows = java.util.Arrays.copyOf(rows, Math.max(16, Math.min(n, rows.length * 2)));
        slotRows[last] = rows;
      }
      rows[slotCounts[last]++] = row;
    }
    if (late > 0) {
      context.countLateRows(late);
    }
    int[] savedSelection = batch.selection;
    int savedCount = batch.selectedCount;
    for (int i = 0; i < slotsUsed; i++) {
      long end = slotEnds[i];
      batch.selection = slotRows[i];
      batch.selectedCount = slotCounts[i];
      HashAggregator aggregator = windows.get(end);
      if (aggregator == null) {
        // a window the batch opens: its table is sized for the groups of the last window to close
        // (windows of one query hold alike many; at most MAX_PRESIZE keys) instead of growing step
        // by step; before one closed it grows. Not by the rows in hand: how many come in one call
        // depends on how the input is cut (by the parallelism), and the table's size must not, as
        // the state's size decides when a checkpoint takes a full snapshot
        int expected = lastWindowGroups < 0 ? 0 : Math.min(lastWindowGroups, MAX_PRESIZE);
        aggregator = newWindow(end, expected);
        windows.put(end, aggregator);
        openedInBatch++;
        sizedFor = Math.max(sizedFor, expected);
      }
      if (stores != null) {
        fitCaches(growthBytes(aggregator, end, slotCounts[i]));
        disks.get(end).prepare(batch, windowed(end));
      }
      if (partials) {
        mergePartials(aggregator, batch);
      } else {
        aggregator.add(batch);
      }
      held |= emit.earlyFireMillis() > 0 && !Lateness.isClosed(end, context.watermark());
    }
    batch.selection = savedSelection;
    batch.selectedCount = savedCount;
    if (stores != null) {
      fitCaches(0);
    }
  }

  /** Merges the selected partial groups of {@code batch} into a window's table, through {@link #partialView}. */
  private void mergePartials(HashAggregator aggregator, Batch batch) {
    Batch view = partialView;
    for (int i = 0; i < partialViewColumns.length; i++) {
      view.columns[i] = batch.columns[partialViewColumns[i]];
    }
    view.size = batch.size;
    view.selection = batch.selection;
    view.selectedCount = batch.selectedCount;
    view.kinds = batch.kinds;
    aggregator.mergePartials(view);
  }

  /**
   * Disk backend: writes every open window's cache out when together they hold, or would once
   * a table grew by {@code growth} bytes, more than the operator's share of the budget.
   */
  private void fitCaches(long growth) {
    long held = 0;
    for (DiskGroups disk : disks.values()) {
      held += disk.heldBytes(); // not the caches': a write-out does not shrink it
    }
    if (stateBytes() - held + growth <= cacheBytes) {
      return;
    }
    for (Map.Entry<Long, DiskGroups> e : disks.entrySet()) {
      e.getValue().writeOut(windowed(e.getKey()));
    }
  }

  /** What window {@code end}'s tables would allocate for {@code rows} new groups. */
  private long growthBytes(HashAggregator aggregator, long end, int rows) {
    return aggregator.growthBytes(rows) + (update ? emitters.get(end).growthBytes(rows) : 0);
  }

  /** The changes of window {@code end}'s groups, with its window columns, to the output. */
  private BatchConsumer windowed(long end) {
    return batch -> emitWithWindow(batch, end, output);
  }

  @Override
  public void endBatch() {
    long watermark = context.watermark();
    BatchConsumer out = output;
    if (update) {
      emitChanges(watermark, out);
    }
    closedThrough = Math.max(closedThrough, watermark);
    long dropThrough = emit.lateThrough(watermark);
    while (!windows.isEmpty() && Lateness.isClosed(windows.firstKey(), dropThrough)) {
      Map.Entry<Long, HashAggregator> closed = windows.pollFirstEntry();
      long end = closed.getKey();
      DiskGroups disk = disks.remove(end);
      lastWindowGroups = disk == null ? closed.getValue().groupCount() : (int) Math.min(disk.groupCount(), MAX_PRESIZE);
      if (!update) {
        BatchConsumer rows = batch -> emitWithWindow(batch, end, out);
        if (disk != null) {
          disk.emitAll(rows);
        } else {
          closed.getValue().emit(rows);
        }
      }
      if (disk != null) {
        disk.close(); // its groups leave the store
      }
      emitters.remove(end);
    }
    if (!windows.isEmpty()) {
      context.stateWaitsUntil(Lateness.releasedAt(Saturated.add(windows.firstKey(), emit.allowedLatenessMillis())));
      Long open = watermark == Long.MIN_VALUE ? windows.firstKey() : windows.higherKey(watermark);
      if (open != null && held) {
        context.stateWaitsUntil(Lateness.releasedAt(open)); // its final row is due when it closes
      }
    }
    if (fireAt != NOT_DUE) {
      context.stateExpiresAt(fireAt);
    }
  }

  /**
   * Update mode: emits the changed groups of every window, or, while an early-fire delay holds
   * them back, of the windows the watermark has closed (their final rows and late updates) only.
   */
  private void emitChanges(long watermark, BatchConsumer out) {
    long now = context.batchTime();
    boolean fire = emit.earlyFireMillis() == 0 || fireAt != NOT_DUE && now >= fireAt;
    if (held && fireAt == NOT_DUE) {
      fireAt = Saturated.add(now, emit.earlyFireMillis()); // the first held change starts the delay
    }
    for (Map.Entry<Long, HashAggregator> e : windows.entrySet()) {
      long end = e.getKey();
      if (fire || Lateness.isClosed(end, watermark)) {
        emitWindowChanges(e.getValue(), end, out);
      }
    }
    if (fire || held && windows.higherKey(watermark) == null) {
      // every held change went out: at the delay, or as the windows that held them closed
      held = false;
      heldSinceRestore = false;
      fireAt = NOT_DUE;
    }
  }

  private void emitWindowChanges(HashAggregator aggregator, long end, BatchConsumer out) {
    DiskGroups disk = disks.get(end);
    if (disk != null && !disk.cacheIsWhole() && emit.earlyFireMillis() > 0) {
      disk.emitHeld(batch -> emitWithWindow(batch, end, out)); // the changes written out with their groups too
      return;
    }
    ChangelogEmitter emitter = emitters.get(end);
    if (!heldSinceRestore) {
      emitter.emitChanges(aggregator, batch -> emitWithWindow(batch, end, out));
      return;
    }
    // which groups changed was not saved: compare every group with what was emitted for it
    int count = aggregator.groupCount();
    if (allGroups.length < count) {
      allGroups = new int[count];
      for (int g = 0; g < count; g++) {
        allGroups[g] = g;
      }
    }
    aggregator.takeChangedGroups(new int[1][]);
    emitter.emitChanges(aggregator, allGroups, count, batch -> emitWithWindow(batch, end, out));
  }

  /** Pushes a window table's rows with the window's columns put back among the group keys. */
  private void emitWithWindow(Batch rows, long end, BatchConsumer out) {
    int key = 0;
    for (int i = 0; i < windowValues.length; i++) {
      LongVector values = windowValues[i];
      if (values == null) {
        shown.columns[i] = rows.columns[key++];
        continue;
      }
      if (values.capacity() < rows.size) {
        values.ensureCapacity(rows.size, 0);
      }
      java.util.Arrays.fill(values.values, 0, rows.size, end - windowOffsets[i]);
      shown.columns[i] = values;
    }
    System.arraycopy(rows.columns, key, shown.columns, windowValues.length, rows.columns.length - key);
    shown.size = rows.size;
    shown.selection = rows.selection;
    shown.selectedCount = rows.selectedCount;
    shown.kinds = rows.kinds;
    out.accept(shown);
  }

  /** The slot of window end {@code end} in the current batch, added if new. */
  private int slot(long end, int batchRows) {
    for (int i = 0; i < slotsUsed; i++) {
      if (slotEnds[i] == end) {
        return i;
      }
    }
    if (slotsUsed == slotEnds.length) {
      slotEnds = java.util.Arrays.copyOf(slotEnds, slotsUsed * 2);
      slotRows = java.util.Arrays.copyOf(slotRows, slotsUsed * 2);
      slotCounts = java.util.Arrays.copyOf(slotCounts, slotsUsed * 2);
    }
    int i = slotsUsed++;
    slotEnds[i] = end;
    slotCounts[i] = 0;
    if (slotRows[i] == null) {
      slotRows[i] = new int[Math.min(batchRows, Batch.DEFAULT_CAPACITY)];
    }
    return i;
  }

  private HashAggregator newWindow(long end, int expectedGroups) {
    // on disk a window's table grows with its cache, within the share, instead of being presized
    HashAggregator aggregator = new HashAggregator(inputTypes, keys, specs, stores == null ? expectedGroups : 0, scratch);
    if (update) {
      aggregator.trackChanges();
      ChangelogEmitter emitter = new ChangelogEmitter(aggregator.outputTypes());
      if (emit.earlyFireMillis() > 0) {
        emitter.trackEmitted(); // a batch may emit groups an earlier batch touched: deltas hold them too
      }
      emitters.put(end, emitter);
    }
    if (stores != null) {
      DiskGroups disk = new DiskGroups(stores.part(end), name(), aggregator, emitters.get(end), Long.MAX_VALUE,
          Integer.MAX_VALUE);
      if (emit.earlyFireMillis() > 0) {
        disk.holdChanges();
      }
      disks.put(end, disk);
    }
    return aggregator;
  }

  /** After window {@code end}'s tables were read from a checkpoint: every group is in its cache. */
  private void restoredWindow(long end) {
    DiskGroups disk = disks.get(end);
    if (disk != null) {
      disk.restored();
      if (heldSinceRestore) {
        disk.holdAllCached(); // which groups hold a change was not saved: any may
      }
    }
  }

  /** Writes window {@code end}'s groups (and last rows emitted, in update mode) in full: from the store once they left the cache. */
  private void writeWindow(java.io.DataOutput out, long end, HashAggregator aggregator) throws java.io.IOException {
    DiskGroups disk = disks.get(end);
    if (disk != null && !disk.cacheIsWhole()) {
      disk.writeSnapshot(out);
      return;
    }
    aggregator.writeTo(out);
    if (update) {
      emitters.get(end).writeTo(out);
    }
  }

  @Override
  public long stateRows() {
    long rows = 0;
    for (Map.Entry<Long, HashAggregator> e : windows.entrySet()) {
      DiskGroups disk = disks.get(e.getKey());
      rows += disk == null ? e.getValue().groupCount() : disk.groupCount();
    }
    return rows;
  }

  @Override
  public long stateBytes() {
    long bytes = windows.isEmpty() ? 0 : scratch.bytes();
    for (HashAggregator a : windows.values()) {
      bytes += a.estimatedBytes();
    }
    for (ChangelogEmitter e : emitters.values()) {
      bytes += e.estimatedBytes();
    }
    for (DiskGroups disk : disks.values()) {
      bytes += disk.heldBytes();
    }
    return bytes;
  }

  @Override
  public boolean pendingOutput() {
    return !update && !windows.isEmpty() || held;
  }

  @Override
  public StateFormat stateFormat() {
    return new StateFormat(emit.earlyFireMillis() > 0 ? EARLY_FIRE_STATE_VERSION
        : emit.isSet() ? EMIT_STATE_VERSION : STATE_VERSION, shape());
  }

  /** The early-fire schedule, after the version 1 header fields, in snapshots and deltas of version 2. */
  private void writeSchedule(java.io.DataOutput out) throws java.io.IOException {
    if (emit.isSet()) {
      out.writeLong(fireAt);
      out.writeBoolean(held);
    }
  }

  private void readSchedule(java.io.DataInput in) throws java.io.IOException {
    if (emit.isSet()) {
      fireAt = in.readLong();
      held = in.readBoolean();
      heldSinceRestore = held;
    }
  }

  @Override
  public void snapshot(java.io.DataOutput out) throws java.io.IOException {
    stateFormat().writeHeader(out);
    out.writeLong(closedThrough);
    writeSchedule(out);
    out.writeInt(windows.size());
    for (Map.Entry<Long, HashAggregator> e : windows.entrySet()) {
      out.writeLong(e.getKey());
      writeWindow(out, e.getKey(), e.getValue());
    }
  }

  @Override
  public void restore(java.io.DataInput in) throws java.io.IOException {
    stateFormat().readHeader(in);
    windows.clear();
    emitters.clear();
    closedThrough = in.readLong();
    readSchedule(in);
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      long end = in.readLong();
      readWindow(in, end);
    }
  }

  /**
   * Opens window {@code end} with the groups written by {@link #writeWindow}. On disk they are read a
   * chunk at a time, into the store once they would take the open windows' caches past their share:
   * a restore holds a chunk, not the state.
   */
  private void readWindow(java.io.DataInput in, long end) throws java.io.IOException {
    HashAggregator aggregator = newWindow(end, 0);
    windows.put(end, aggregator);
    DiskGroups disk = disks.get(end);
    if (disk != null && disk.readsSnapshotInChunks()) {
      if (heldSinceRestore) {
        disk.holdAllCached(); // which groups hold a change was not saved: any may
      }
      disk.readSnapshot(in, Math.max(0, cacheBytes - stateBytes()));
      restorePeakBytes = Math.max(restorePeakBytes, disk.restorePeakBytes());
      return;
    }
    aggregator.readFrom(in);
    if (update) {
      emitters.get(end).readFrom(in);
    }
    restoredWindow(end);
  }

  /** The most heap bytes a restore of one window's groups held at a time on the disk backend (0 on the heap). */
  public long restorePeakBytes() {
    return restorePeakBytes;
  }

  @Override
  public void markDeltaBase() {
    baseWindows = new java.util.HashSet<>(windows.keySet());
    for (HashAggregator aggregator : windows.values()) {
      aggregator.markDeltaBase();
    }
    for (ChangelogEmitter emitter : emitters.values()) {
      emitter.markDeltaBase();
    }
    for (DiskGroups disk : disks.values()) {
      disk.markDeltaBase();
    }
  }

  /** Deltas hold the windows closed since, those opened in full, and the groups of the others each batch touched. */
  @Override
  public boolean deltaReady() {
    if (baseWindows == null) {
      return false;
    }
    for (Map.Entry<Long, HashAggregator> e : windows.entrySet()) {
      DiskGroups disk = disks.get(e.getKey());
      boolean ready = disk == null || disk.cacheIsWhole() ? e.getValue().deltaReady() : disk.deltaReady();
      if (baseWindows.contains(e.getKey()) && !ready) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void snapshotDelta(java.io.DataOutput out) throws java.io.IOException {
    stateFormat().writeHeader(out);
    out.writeLong(closedThrough);
    writeSchedule(out);
    List<Long> closed = new java.util.ArrayList<>();
    for (long end : baseWindows) {
      if (!windows.containsKey(end)) {
        closed.add(end);
      }
    }
    out.writeInt(closed.size());
    for (long end : closed) {
      out.writeLong(end);
    }
    out.writeInt(windows.size());
    for (Map.Entry<Long, HashAggregator> e : windows.entrySet()) {
      long end = e.getKey();
      boolean changed = baseWindows.contains(end);
      out.writeLong(end);
      out.writeBoolean(changed);
      DiskGroups disk = disks.get(end);
      if (changed && disk != null && !disk.cacheIsWhole()) {
        disk.writeDelta(out); // the groups touched since, read back from the store, in the same format
      } else if (changed) {
        int[] ids = e.getValue().touchedGroups();
        if (update) {
          ids = union(ids, emitters.get(end).emittedSinceBase());
        }
        e.getValue().writeDelta(out, ids);
        if (update) {
          emitters.get(end).writeDelta(out, ids);
        }
      } else {
        writeWindow(out, end, e.getValue());
      }
    }
  }

  @Override
  public void applyDelta(java.io.DataInput in) throws java.io.IOException {
    stateFormat().readHeader(in);
    closedThrough = in.readLong();
    readSchedule(in);
    for (int i = io.sluice.runtime.state.StateIO.readCount(in, windows.size(), "closed windows"); i > 0; i--) {
      long end = in.readLong();
      if (windows.remove(end) == null) {
        throw io.sluice.runtime.state.StateIO.corrupt("a delta closing window " + end + ", which is not open");
      }
      emitters.remove(end);
      DiskGroups disk = disks.remove(end);
      if (disk != null) {
        disk.close();
      }
    }
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      long end = in.readLong();
      boolean changed = in.readBoolean();
      HashAggregator aggregator = windows.get(end);
      if (changed != (aggregator != null)) {
        throw io.sluice.runtime.state.StateIO.corrupt("a delta " + (changed ? "changing" : "opening") + " window "
            + end + ", which is " + (changed ? "not " : "") + "open");
      }
      DiskGroups disk = disks.get(end);
      if (changed && disk != null && !disk.cacheIsWhole()) {
        disk.applyStoredDelta(in); // the window's groups were restored into the store: the delta goes there
        continue;
      }
      if (changed) {
        aggregator.applyDelta(in);
        if (update) {
          emitters.get(end).applyDelta(in);
        }
        restoredWindow(end);
      } else {
        readWindow(in, end);
      }
    }
    if (windows.size() != count) {
      throw io.sluice.runtime.state.StateIO.corrupt("a delta of " + count + " open windows on " + windows.size());
    }
  }

  /** The ids in ascending {@code a} or {@code b}, ascending, each once. */
  private static int[] union(int[] a, int[] b) {
    if (b.length == 0) {
      return a;
    }
    int[] all = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      int next = j == b.length || i < a.length && a[i] <= b[j] ? a[i] : b[j];
      i += i < a.length && a[i] == next ? 1 : 0;
      j += j < b.length && b[j] == next ? 1 : 0;
      all[n++] = next;
    }
    return java.util.Arrays.copyOf(all, n);
  }

  private String shape() {
    return name() + ": " + inputTypes + " grouped by " + java.util.Arrays.toString(keys) + " per window of column "
        + windowColumn + " (end + " + addToEnd + ", key offsets " + java.util.Arrays.toString(windowOffsets)
        + ") computing " + specs + (emit.isSet() ? ", emitting " + emit.describe() : "");
  }

  /**
   * What its tables would allocate for {@code rows} new groups: the most any open window's would
   * (a row goes to every window it falls in, and each of those may double). On disk 0: the caches
   * are written out before a chunk that would grow them past their share ({@link #fitCaches}).
   */
  @Override
  public long growthBytes(int rows) {
    if (stores != null) {
      return 0;
    }
    long most = 0;
    for (Map.Entry<Long, HashAggregator> e : windows.entrySet()) {
      most = Math.max(most, growthBytes(e.getValue(), e.getKey(), rows));
    }
    return most;
  }

  @Override
  public String lastChoice() {
    String choice = (partialView == null ? "" : "two phases: merges the groups the workers aggregated per split and window, ")
        + windows.size() + " open windows" + (openedInBatch == 0 ? ""
        : ", " + openedInBatch + " opened with tables sized for up to " + sizedFor + " groups");
    if (stores == null) {
      return choice;
    }
    long cached = 0;
    for (HashAggregator aggregator : windows.values()) {
      cached += aggregator.groupCount();
    }
    return choice + ", " + cached + " of " + stateRows() + " groups in memory, "
        + io.sluice.catalog.ByteSizes.text(stores.diskBytes()) + " on disk";
  }

  @Override
  public void close() {
    for (DiskGroups disk : disks.values()) {
      disk.close();
    }
    disks.clear();
    if (stores != null) {
      stores.close();
    }
  }
}
