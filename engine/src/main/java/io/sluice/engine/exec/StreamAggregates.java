package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.ChangelogEmitter;
import io.sluice.runtime.kernel.ExpiryTracker;
import io.sluice.runtime.kernel.HashAggregator;
import io.sluice.runtime.state.StateIO;
import io.sluice.engine.stream.BatchRanges;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Aggregation over a stream: keyed state kept between micro-batches. */
public final class StreamAggregates {
  private StreamAggregates() {}

  /**
   * GROUP BY without a window. Complete mode emits every group after each batch; update mode
   * emits the groups the batch changed, as {@code +I} or {@code -U}/{@code +U} pairs.
   *
   * <p>With a state time-to-live ({@code pipeline.state-ttl}) a group no row touched for that
   * long, in processing time, is dropped: in update mode it is retracted with a {@code -D} so that
   * the sink forgets it too; in complete mode it is simply no longer in the result. A row for its
   * key later starts a new group.
   *
   * <p>Over a changelog input (an aggregation of an aggregation, say) rows of kind {@code -U} and
   * {@code -D} take back what earlier rows added. A group left without rows disappears: {@code -D}
   * in update mode, gone from the result in complete mode. Its slot is dropped once such slots
   * outnumber the groups that hold rows (dropping renumbers every group, so it is done in bulk).
   * With a time-to-live, a retraction for a group that expired is ignored.
   *
   * <p>Over SESSION windows in update mode ({@code windowEndKey} at least 0) the input is the
   * sessions' changelog: when a session grows or merges its rows leave the group of its old bounds
   * ({@code -D}) for the group of its new ones ({@code +I}), so the old group's row is retracted
   * and the new one's inserted. A group whose window_end the watermark passed can no longer change
   * (its session closed): it no longer counts as state, its last row stays in the result, and its
   * slot is dropped with the others once closed and empty slots outnumber the open groups. No
   * time-to-live applies: the watermark bounds the state.
   */
  public static final class GroupAggregate extends ExecNode implements OperatorState {
    /** Slots of groups without rows kept before they are dropped, beyond one per group with rows. */
    private static final int EMPTY_GROUPS_KEPT = 1024;

    /** Version of the snapshot format: groups, the last rows emitted (update mode), expiry times (TTL). */
    private static final int STATE_VERSION = 1;

    private final ExecNode input;
    private final HashAggregator aggregator;
    private final ChangelogEmitter changes;
    private final BatchRanges ranges;
    /** Null without a time-to-live or without group keys (one global group, never dropped). */
    private final ExpiryTracker expiry;
    private final int[][] changed = new int[1][];
    private final boolean overChangelog;
    private final boolean valueCounts;
    /** The position among the group keys of a session's window_end, or -1 when groups are not sessions. */
    private final int windowEndKey;
    /** Over sessions: no open group ends before this (a lower bound), among groups {@code [0, groupsSeen)}. */
    private long earliestEnd = Long.MAX_VALUE;
    private int groupsSeen;
    /** Over sessions: groups with rows whose window_end the watermark passed, not dropped yet. */
    private int closedGroups;
    private int closedInLastBatch;

    /**
     * @param windowEndKey the position among {@code keys} of a session's window_end (groups over
     *     SESSION windows in update mode, over their changelog), or -1
     */
    public GroupAggregate(ExecNode input, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs, OutputMode mode,
        BatchRanges ranges, boolean overChangelog, int windowEndKey) {
      super(windowEndKey >= 0 ? "WindowAggregate (sessions, update)"
          : "GroupAggregate (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")", List.of(input));
      if (windowEndKey >= 0 && (mode != OutputMode.UPDATE || !overChangelog)) {
        throw new IllegalArgumentException("groups by session end over a changelog, in update mode");
      }
      this.input = input;
      this.ranges = ranges;
      this.overChangelog = overChangelog;
      this.windowEndKey = windowEndKey;
      this.aggregator = overChangelog ? HashAggregator.overChangelog(inputTypes, keys, specs)
          : new HashAggregator(inputTypes, keys, specs);
      this.valueCounts = overChangelog && specs.stream().anyMatch(spec -> spec.distinct()
          || spec.kind() == io.sluice.runtime.kernel.AggregateKind.MIN
          || spec.kind() == io.sluice.runtime.kernel.AggregateKind.MAX);
      this.expiry = ranges.stateTtlMillis() > 0 && keys.length > 0 && windowEndKey < 0
          ? new ExpiryTracker(ranges.stateTtlMillis()) : null;
      if (mode == OutputMode.UPDATE || expiry != null) {
        aggregator.trackChanges();
      }
      changes = mode == OutputMode.UPDATE ? new ChangelogEmitter(aggregator.outputTypes()) : null;
    }

    @Override
    void execute(BatchConsumer out) {
      input.run(aggregator::add);
      if (expiry == null) {
        if (changes == null) {
          aggregator.emit(out);
        } else {
          changes.emitChanges(aggregator, out);
        }
        if (windowEndKey >= 0) {
          dropClosedGroups(out);
        }
        dropEmptyGroups(out);
        return;
      }
      long now = ranges.batchTime();
      int count = aggregator.takeChangedGroups(changed);
      expiry.touch(changed[0], count, now);
      if (changes != null) {
        changes.emitChanges(aggregator, changed[0], count, out);
      }
      if (expiry.due(now) && expiry.sweep(now, id -> true) > 0) {
        if (changes != null) {
          changes.expireGroups(expiry.dead(), expiry.deadCount(), expiry.live(), expiry.liveCount(), out);
        }
        aggregator.retainGroups(expiry.live(), expiry.liveCount());
      }
      dropEmptyGroups(out);
      if (changes == null) {
        aggregator.emit(out);
      }
      ranges.stateExpiresAt(expiry.nextExpiry());
    }

    /**
     * Over sessions: counts the groups whose window_end the watermark passed (their session
     * closed, so no row reaches them again) and, once they and the slots of groups left without
     * rows outnumber the open groups, drops them all (dropping renumbers every group, so it is done
     * in bulk). Their last row was emitted and stays: the changelog only renumbers its rows. Counts
     * only when the watermark passed the earliest end of an open group, kept up to date from the
     * groups each batch adds (group ids are handed out in order).
     */
    private void dropClosedGroups(BatchConsumer out) {
      int total = aggregator.groupCount();
      long[] ends = aggregator.groupKeyLongs(windowEndKey);
      for (int g = groupsSeen; g < total; g++) {
        earliestEnd = Math.min(earliestEnd, ends[g]);
      }
      groupsSeen = total;
      closedInLastBatch = 0;
      long watermark = ranges.watermark();
      if (watermark < earliestEnd) {
        return;
      }
      int closed = 0;
      long earliest = Long.MAX_VALUE;
      for (int g = 0; g < total; g++) {
        if (aggregator.hasRows(g)) {
          if (ends[g] <= watermark) {
            closed++;
          } else {
            earliest = Math.min(earliest, ends[g]);
          }
        }
      }
      closedInLastBatch = closed - closedGroups;
      closedGroups = closed;
      earliestEnd = earliest;
      int open = aggregator.groupsWithRows() - closed;
      if (total - open <= open + EMPTY_GROUPS_KEPT) {
        return;
      }
      int[] kept = new int[open];
      int count = 0;
      for (int g = 0; g < total; g++) {
        if (aggregator.hasRows(g) && ends[g] > watermark) {
          kept[count++] = g;
        }
      }
      changes.expireGroups(kept, 0, kept, count, out);
      aggregator.retainGroups(kept, count);
      closedGroups = 0;
      groupsSeen = count;
    }

    /**
     * Drops the slots of groups whose rows were all retracted, once they outnumber the others.
     * Their {@code -D} went out when they emptied, so the changelog only renumbers its rows.
     */
    private void dropEmptyGroups(BatchConsumer out) {
      int withRows = aggregator.groupsWithRows();
      if (!overChangelog || aggregator.groupCount() - withRows <= withRows + EMPTY_GROUPS_KEPT) {
        return;
      }
      int count = aggregator.groupsWithRows(changed);
      int[] kept = changed[0];
      if (changes != null) {
        changes.expireGroups(kept, 0, kept, count, out);
      }
      if (expiry != null) {
        expiry.retain(kept, count);
      }
      aggregator.retainGroups(kept, count);
      groupsSeen = Math.min(groupsSeen, count);
    }

    @Override
    public String operatorName() {
      return name;
    }

    /** Groups with rows; over sessions, those still open. */
    @Override
    public long stateRows() {
      return aggregator.groupsWithRows() - closedGroups;
    }

    @Override
    public io.sluice.runtime.state.StateFormat stateFormat() {
      return new io.sluice.runtime.state.StateFormat(STATE_VERSION, shape());
    }

    @Override
    public void snapshot(java.io.DataOutput out) throws java.io.IOException {
      stateFormat().writeHeader(out);
      aggregator.writeTo(out);
      if (changes != null) {
        changes.writeTo(out);
      }
      if (expiry != null) {
        expiry.writeTo(out);
      }
      if (windowEndKey >= 0) {
        out.writeInt(closedGroups);
      }
    }

    @Override
    public void restore(java.io.DataInput in) throws java.io.IOException {
      stateFormat().readHeader(in);
      aggregator.readFrom(in);
      if (changes != null) {
        changes.readFrom(in);
      }
      if (expiry != null) {
        expiry.readFrom(in);
      }
      if (windowEndKey >= 0) {
        closedGroups = in.readInt();
        if (closedGroups < 0 || closedGroups > aggregator.groupsWithRows()) {
          throw StateIO.corrupt(closedGroups + " closed session groups of " + aggregator.groupsWithRows());
        }
      }
      // the earliest session end is derived: the next batch finds it again from every group
      earliestEnd = Long.MAX_VALUE;
      groupsSeen = 0;
      closedInLastBatch = 0;
    }

    @Override
    public String lastChoice() {
      return windowEndKey < 0 ? null : stateRows() + " open session groups, " + closedInLastBatch + " closed";
    }

    private String shape() {
      return name + " " + aggregator.shape() + (expiry == null ? "" : ", time-to-live " + expiry.ttlMillis() + " ms");
    }

    @Override
    public String explainState() {
      if (windowEndKey >= 0) {
        return "one row per open session group with the number of its input rows: a session that grows or merges"
            + " takes its rows back (-D) from the group of its old bounds and adds them (+I) to the group of its new"
            + " ones; the last row emitted per group, to retract it (-U, or -D when the group is gone) when it"
            + " changes; a group is final once the watermark passes its window_end, and its state is dropped then (in"
            + " bulk, when closed groups outnumber open ones)";
      }
      String kept = !overChangelog ? "one row per group, kept for the life of the query"
          : "one row per group with the number of its input rows, so that -U and -D input rows take theirs back and"
              + " a group left without rows is dropped" + (valueCounts ? "; MIN, MAX and DISTINCT keep each value's"
              + " row count per group" : "");
      return kept + (changes == null ? "; the whole result every batch"
          : " with the last row emitted per group, to retract it (-U) when the group changes"
              + (overChangelog ? " (-D when it is gone)" : ""));
    }

    @Override
    public long stateBytes() {
      return aggregator.estimatedBytes() + (changes == null ? 0 : changes.estimatedBytes())
          + (expiry == null ? 0 : expiry.estimatedBytes());
    }
  }

  /**
   * Aggregation by event-time window: one aggregator per open window. In append mode a window is
   * emitted once, when the watermark passes its end; in update mode its changed groups are
   * emitted every batch. Either way its state is dropped when the watermark passes its end.
   */
  public static final class WindowAggregate extends ExecNode implements OperatorState {
    /** Version of the snapshot format: per open window its end, groups and last rows emitted (update mode). */
    private static final int STATE_VERSION = 1;

    private final ExecNode input;
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
    private final BatchRanges ranges;
    private final boolean update;
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

    /**
     * @param windowOffsets per group key: for a key that is the window's end, 0; its start, the
     *     window size (end minus start); any other key, -1
     */
    public WindowAggregate(ExecNode input, List<DataType> inputTypes, int[] keys, long[] windowOffsets,
        List<AggregateSpec> specs, int windowColumn, long addToEnd, BatchRanges ranges, OutputMode mode) {
      super("WindowAggregate (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")", List.of(input));
      this.input = input;
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
      this.ranges = ranges;
      this.update = mode == OutputMode.UPDATE;
    }

    @Override
    void execute(BatchConsumer out) {
      long watermark = ranges.watermark();
      openedInBatch = 0;
      sizedFor = 0;
      input.run(batch -> {
        LongVector key = (LongVector) batch.columns[windowColumn];
        int n = batch.rowCount();
        // split the batch's rows by window end: few distinct ends per batch, and runs of rows
        // share one, so a cached last slot and a short scan find it without boxing
        slotsUsed = 0;
        int last = -1;
        long late = 0;
        for (int k = 0; k < n; k++) {
          int row = batch.row(k);
          long end = key.values[row] + addToEnd;
          if (end <= closedThrough) {
            late++; // scans drop late rows first; a window already emitted never takes rows
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
          ranges.countLateRows(late);
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
        }
        batch.selection = savedSelection;
        batch.selectedCount = savedCount;
      });
      if (update) {
        for (Map.Entry<Long, HashAggregator> e : windows.entrySet()) {
          long end = e.getKey();
          emitters.get(end).emitChanges(e.getValue(), batch -> emitWithWindow(batch, end, out));
        }
      }
      closedThrough = Math.max(closedThrough, watermark);
      while (!windows.isEmpty() && windows.firstKey() <= watermark) {
        Map.Entry<Long, HashAggregator> closed = windows.pollFirstEntry();
        if (!update) {
          long end = closed.getKey();
          closed.getValue().emit(batch -> emitWithWindow(batch, end, out));
        }
        emitters.remove(closed.getKey());
      }
      if (!windows.isEmpty()) {
        ranges.stateWaitsUntil(windows.firstKey());
      }
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
    public String operatorName() {
      return name;
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
      return !update && !windows.isEmpty();
    }

    @Override
    public io.sluice.runtime.state.StateFormat stateFormat() {
      return new io.sluice.runtime.state.StateFormat(STATE_VERSION, shape());
    }

    @Override
    public void snapshot(java.io.DataOutput out) throws java.io.IOException {
      stateFormat().writeHeader(out);
      out.writeLong(closedThrough);
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

    private String shape() {
      return name + ": " + inputTypes + " grouped by " + java.util.Arrays.toString(keys) + " per window of column "
          + windowColumn + " (end + " + addToEnd + ", key offsets " + java.util.Arrays.toString(windowOffsets)
          + ") computing " + specs;
    }

    @Override
    public String explainState() {
      return "one group table per open window, dropped when the watermark passes the window's end"
          + (update ? "; changed groups emitted every batch" : "; the window emitted then, once");
    }

    @Override
    public String lastChoice() {
      return windows.size() + " open windows" + (openedInBatch == 0 ? ""
          : ", " + openedInBatch + " opened with tables sized for up to " + sizedFor + " groups");
    }
  }

  /**
   * Aggregation by a window that its input closes: every row of a window arrives in the batch
   * in which the window is final (session windows emit their rows once the watermark passes the
   * session's end). Each batch's rows are aggregated and emitted, and nothing is kept: so it is
   * not an {@link OperatorState} and has nothing to snapshot (its input, the sessions, holds the
   * rows of open windows).
   */
  public static final class ClosedWindowAggregate extends ExecNode {
    private final ExecNode input;
    private final HashAggregator aggregator;

    public ClosedWindowAggregate(ExecNode input, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs) {
      super("WindowAggregate (closed windows)", List.of(input));
      this.input = input;
      this.aggregator = new HashAggregator(inputTypes, keys, specs);
    }

    @Override
    void execute(BatchConsumer out) {
      input.run(aggregator::add);
      aggregator.emit(out);
      aggregator.clear();
    }
  }
}
