package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.operator.AggregateSpec;
import io.sluice.engine.operator.ChangelogEmitter;
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
   */
  static final class GroupAggregate extends ExecNode implements OperatorState {
    private final ExecNode input;
    private final HashAggregator aggregator;
    private final ChangelogEmitter changes;

    GroupAggregate(ExecNode input, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs, OutputMode mode) {
      super("GroupAggregate (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")", List.of(input));
      this.input = input;
      this.aggregator = new HashAggregator(inputTypes, keys, specs);
      if (mode == OutputMode.UPDATE) {
        aggregator.trackChanges();
        changes = new ChangelogEmitter(aggregator.outputTypes());
      } else {
        changes = null;
      }
    }

    @Override
    void execute(BatchConsumer out) {
      input.run(aggregator::add);
      if (changes == null) {
        aggregator.emit(out);
      } else {
        changes.emitChanges(aggregator, out);
      }
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
      return aggregator.estimatedBytes() + (changes == null ? 0 : changes.bytes());
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
          if (end <= watermark) {
            late++; // scans drop late rows first; a window the watermark closed never takes rows
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

  /**
   * Aggregation by a window that its input closes: every row of a window arrives in the batch
   * in which the window is final (session windows emit their rows once the watermark passes the
   * session's end). Each batch's rows are aggregated and emitted, and nothing is kept.
   */
  static final class ClosedWindowAggregate extends ExecNode {
    private final ExecNode input;
    private final HashAggregator aggregator;

    ClosedWindowAggregate(ExecNode input, List<DataType> inputTypes, int[] keys, List<AggregateSpec> specs) {
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
