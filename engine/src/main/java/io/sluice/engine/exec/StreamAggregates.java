package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.operator.AggregateSpec;
import io.sluice.engine.operator.ChangelogEmitter;
import io.sluice.engine.operator.ExpiryTracker;
import io.sluice.engine.operator.HashAggregator;
import io.sluice.engine.stream.BatchRanges;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Aggregation over a stream: keyed state kept between micro-batches. */
final class StreamAggregates {
  private StreamAggregates() {}

  /**
   * GROUP BY without a window. Complete mode emits every group after each batch; update mode
   * emits the groups the batch changed, as {@code +I} or {@code -U}/{@code +U} pairs.
   *
   * <p>With a state time-to-live ({@code pipeline.state-ttl}) a group no row touched for that
   * long, in processing time, is dropped: in update mode it is retracted with a {@code -D} so that
   * the sink forgets it too; in complete mode it is simply no longer in the result. A row for its
   * key later starts a new group.
   */
  static final class GroupAggregate extends ExecNode implements OperatorState {
    private final ExecNode input;
    private final HashAggregator aggregator;
    private final ChangelogEmitter changes;
    private final BatchRanges ranges;
    /** Null without a time-to-live or without group keys (one global group, never dropped). */
    private final ExpiryTracker expiry;
    private final int[][] changed = new int[1][];

    GroupAggregate(ExecNode input, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs, OutputMode mode,
        BatchRanges ranges) {
      super("GroupAggregate (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")", List.of(input));
      this.input = input;
      this.ranges = ranges;
      this.aggregator = new HashAggregator(inputTypes, keys, specs);
      this.expiry = ranges.stateTtlMillis() > 0 && keys.length > 0 ? new ExpiryTracker(ranges.stateTtlMillis()) : null;
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
      if (changes == null) {
        aggregator.emit(out);
      }
      ranges.stateExpiresAt(expiry.nextExpiry());
    }

    @Override
    public String operatorName() {
      return name;
    }

    @Override
    public long stateRows() {
      return aggregator.groupCount();
    }

    @Override
    public long stateBytes() {
      return aggregator.estimatedBytes() + (changes == null ? 0 : changes.bytes())
          + (expiry == null ? 0 : expiry.bytes());
    }
  }

  /**
   * Aggregation by event-time window: one aggregator per open window. In append mode a window is
   * emitted once, when the watermark passes its end; in update mode its changed groups are
   * emitted every batch. Either way its state is dropped when the watermark passes its end.
   */
  static final class WindowAggregate extends ExecNode implements OperatorState {
    private final ExecNode input;
    private final List<DataType> inputTypes;
    private final int[] keys;
    private final List<AggregateSpec> specs;
    private final int windowColumn;
    private final long addToEnd;
    private final BatchRanges ranges;
    private final boolean update;
    private final TreeMap<Long, HashAggregator> windows = new TreeMap<>();
    private final Map<Long, ChangelogEmitter> emitters = new HashMap<>();
    private final Map<Long, int[]> rowsByEnd = new HashMap<>();
    private final Map<Long, Integer> countByEnd = new HashMap<>();
    /**
     * Windows ending at or before this were closed by an earlier batch. A row for a window the
     * running batch's watermark closes is still counted: an operator upstream (deduplication on
     * event time) releases rows in the batch whose watermark passes them.
     */
    private long closedThrough = Long.MIN_VALUE;

    WindowAggregate(ExecNode input, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs,
        int windowColumn, long addToEnd, BatchRanges ranges, OutputMode mode) {
      super("WindowAggregate (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")", List.of(input));
      this.input = input;
      this.inputTypes = inputTypes;
      this.keys = keys;
      this.specs = specs;
      this.windowColumn = windowColumn;
      this.addToEnd = addToEnd;
      this.ranges = ranges;
      this.update = mode == OutputMode.UPDATE;
    }

    @Override
    void execute(BatchConsumer out) {
      long watermark = ranges.watermark();
      input.run(batch -> {
        LongVector key = (LongVector) batch.columns[windowColumn];
        int n = batch.rowCount();
        rowsByEnd.clear();
        countByEnd.clear();
        long late = 0;
        for (int k = 0; k < n; k++) {
          int row = batch.row(k);
          long end = key.values[row] + addToEnd;
          if (end <= closedThrough) {
            late++; // scans drop late rows first; a window already emitted never takes rows
            continue;
          }
          int[] rows = rowsByEnd.get(end);
          int count = countByEnd.getOrDefault(end, 0);
          if (rows == null || rows.length == count) {
            rows = rows == null ? new int[Math.min(n, 64)] : Arrays.copyOf(rows, Math.min(n, rows.length * 2));
            rowsByEnd.put(end, rows);
          }
          rows[count] = row;
          countByEnd.put(end, count + 1);
        }
        if (late > 0) {
          ranges.countLateRows(late);
        }
        for (Map.Entry<Long, int[]> e : rowsByEnd.entrySet()) {
          Batch view = new Batch(batch.columns, batch.size);
          view.selection = e.getValue();
          view.selectedCount = countByEnd.get(e.getKey());
          windows.computeIfAbsent(e.getKey(), this::newWindow).add(view);
        }
      });
      if (update) {
        for (Map.Entry<Long, HashAggregator> e : windows.entrySet()) {
          emitters.get(e.getKey()).emitChanges(e.getValue(), out);
        }
      }
      closedThrough = Math.max(closedThrough, watermark);
      while (!windows.isEmpty() && windows.firstKey() <= watermark) {
        Map.Entry<Long, HashAggregator> closed = windows.pollFirstEntry();
        if (!update) {
          closed.getValue().emit(out);
        }
        emitters.remove(closed.getKey());
      }
      if (!windows.isEmpty()) {
        ranges.stateWaitsUntil(windows.firstKey());
      }
    }

    private HashAggregator newWindow(long end) {
      HashAggregator aggregator = new HashAggregator(inputTypes, keys, specs);
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
        bytes += e.bytes();
      }
      return bytes;
    }

    @Override
    public boolean pendingOutput() {
      return !update && !windows.isEmpty();
    }

    @Override
    public String lastChoice() {
      return windows.size() + " open windows";
    }
  }

}
