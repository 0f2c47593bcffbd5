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
import io.sluice.runtime.kernel.ChangelogEmitter;
import io.sluice.runtime.kernel.HashAggregator;
import io.sluice.runtime.state.StateFormat;
import io.sluice.runtime.state.StatefulOperator;
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
 */
public final class WindowAggregateOperator extends AbstractOperator implements StatefulOperator {
  /** Version of the snapshot format: per open window its end, groups and last rows emitted (update mode). */
  private static final int STATE_VERSION = 1;
  /** Version 1 followed by the early-fire schedule: when the held changes are due, and whether there are any. */
  private static final int EMIT_STATE_VERSION = 2;
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
  /** The current batch's rows by window end: {@code slotRows[i][0 .. slotCounts[i])} end at {@code slotEnds[i]}. */
  private long[] slotEnds = new long[8];
  private int[][] slotRows = new int[8][];
  private int[] slotCounts = new int[8];
  private int slotsUsed;
  private static final int MAX_PRESIZE = 1 << 15;
  private int openedInBatch;
  private int sizedFor;
  /**
   * Windows ending at or before this were closed by an earlier batch. A row for a window the
   * running batch's watermark closes is still counted: an operator upstream (deduplication on
   * event time) releases rows in the batch whose watermark passes them.
   */
  private long closedThrough = Long.MIN_VALUE;
  /** Changelog checkpoints: the windows open at the last {@link #markDeltaBase}, or null before one. */
  private java.util.Set<Long> baseWindows;

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
  }

  @Override
  public void startBatch() {
    openedInBatch = 0;
    sizedFor = 0;
  }

  @Override
  public void input(int port, Batch batch) {
    LongVector key = (LongVector) batch.columns[windowColumn];
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
        late++; // scans drop late rows first; a window already dropped never takes rows
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
        // a window the batch opens: its table is sized for the batch's rows in it (at most
        // MAX_PRESIZE keys: the rows may share few keys), instead of growing step by step
        aggregator = newWindow(end, Math.min(slotCounts[i], MAX_PRESIZE));
        windows.put(end, aggregator);
        openedInBatch++;
        sizedFor = Math.max(sizedFor, Math.min(slotCounts[i], MAX_PRESIZE));
      }
      aggregator.add(batch);
      held |= emit.earlyFireMillis() > 0 && !Lateness.isClosed(end, context.watermark());
    }
    batch.selection = savedSelection;
    batch.selectedCount = savedCount;
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
      if (!update) {
        long end = closed.getKey();
        closed.getValue().emit(batch -> emitWithWindow(batch, end, out));
      }
      emitters.remove(closed.getKey());
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
    HashAggregator aggregator = new HashAggregator(inputTypes, keys, specs, expectedGroups);
    if (update) {
      aggregator.trackChanges();
      emitters.put(end, new ChangelogEmitter(aggregator.outputTypes()));
    }
    return aggregator;
  }

  @Override
  public long stateRows() {
    long rows = 0;
    for (HashAggregator a : windows.values()) {
      rows += a.groupCount();
    }
    return rows;
  }

  @Override
  public long stateBytes() {
    long bytes = 0;
    for (HashAggregator a : windows.values()) {
      bytes += a.estimatedBytes();
    }
    for (ChangelogEmitter e : emitters.values()) {
      bytes += e.estimatedBytes();
    }
    return bytes;
  }

  @Override
  public boolean pendingOutput() {
    return !update && !windows.isEmpty() || held;
  }

  @Override
  public StateFormat stateFormat() {
    return new StateFormat(emit.isSet() ? EMIT_STATE_VERSION : STATE_VERSION, shape());
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
      e.getValue().writeTo(out);
      if (update) {
        emitters.get(e.getKey()).writeTo(out);
      }
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
      HashAggregator aggregator = newWindow(end, 0);
      aggregator.readFrom(in);
      windows.put(end, aggregator);
      if (update) {
        emitters.get(end).readFrom(in);
      }
    }
  }

  @Override
  public void markDeltaBase() {
    baseWindows = new java.util.HashSet<>(windows.keySet());
    for (HashAggregator aggregator : windows.values()) {
      aggregator.markDeltaBase();
    }
  }

  /** Deltas hold the windows closed since, those opened in full, and the groups of the others each batch touched. */
  @Override
  public boolean deltaReady() {
    if (baseWindows == null) {
      return false;
    }
    for (Map.Entry<Long, HashAggregator> e : windows.entrySet()) {
      if (baseWindows.contains(e.getKey()) && !e.getValue().deltaReady()) {
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
      if (changed) {
        int[] ids = e.getValue().touchedGroups();
        e.getValue().writeDelta(out, ids);
        if (emit.earlyFireMillis() > 0) {
          emitters.get(end).writeTo(out); // a batch may emit groups an earlier batch touched: all of them
        } else if (update) {
          emitters.get(end).writeDelta(out, ids);
        }
      } else {
        e.getValue().writeTo(out);
        if (update) {
          emitters.get(end).writeTo(out);
        }
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
      if (changed) {
        aggregator.applyDelta(in);
        if (emit.earlyFireMillis() > 0) {
          emitters.get(end).readFrom(in);
        } else if (update) {
          emitters.get(end).applyDelta(in);
        }
      } else {
        aggregator = newWindow(end, 0);
        aggregator.readFrom(in);
        windows.put(end, aggregator);
        if (update) {
          emitters.get(end).readFrom(in);
        }
      }
    }
    if (windows.size() != count) {
      throw io.sluice.runtime.state.StateIO.corrupt("a delta of " + count + " open windows on " + windows.size());
    }
  }

  private String shape() {
    return name() + ": " + inputTypes + " grouped by " + java.util.Arrays.toString(keys) + " per window of column "
        + windowColumn + " (end + " + addToEnd + ", key offsets " + java.util.Arrays.toString(windowOffsets)
        + ") computing " + specs + (emit.isSet() ? ", emitting " + emit.describe() : "");
  }

  @Override
  public String lastChoice() {
    return windows.size() + " open windows" + (openedInBatch == 0 ? ""
        : ", " + openedInBatch + " opened with tables sized for up to " + sizedFor + " groups");
  }
}
