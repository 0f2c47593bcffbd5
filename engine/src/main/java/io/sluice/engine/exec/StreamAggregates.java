package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.operator.AggregateSpec;
import io.sluice.engine.operator.ChangelogEmitter;
import io.sluice.engine.operator.HashAggregator;
import io.sluice.engine.operator.IntSorter;
import io.sluice.engine.stream.BatchRanges;

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
    /** Per batch: the rows on time, their window ends, their order by end, and one window's rows. */
    private int[] keptRows = new int[0];
    private long[] keptEnds = new long[0];
    private int[] order = new int[0];
    private int[] run = new int[0];

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
      input.run(batch -> addByWindow(batch, watermark));
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

    /**
     * Adds each row of {@code batch} to the aggregator of its window: the rows are ordered by
     * window end (stably, so each window's rows stay ascending, as a selection must be) and each
     * run of one end is added as a selection of the batch.
     */
    private void addByWindow(Batch batch, long watermark) {
      LongVector key = (LongVector) batch.columns[windowColumn];
      int n = batch.rowCount();
      if (keptRows.length < n) {
        keptRows = new int[Math.max(n, Batch.DEFAULT_CAPACITY)];
        keptEnds = new long[keptRows.length];
        order = new int[keptRows.length];
        run = new int[keptRows.length];
      }
      int kept = 0;
      boolean oneWindow = true;
      for (int k = 0; k < n; k++) {
        int row = batch.row(k);
        long end = key.values[row] + addToEnd;
        if (end <= watermark) {
          continue; // scans drop late rows first; a window the watermark closed never takes rows
        }
        oneWindow &= kept == 0 || end == keptEnds[0];
        keptRows[kept] = row;
        keptEnds[kept] = end;
        order[kept] = kept;
        kept++;
      }
      if (kept < n) {
        ranges.countLateRows(n - kept);
      }
      if (kept == 0) {
        return;
      }
      if (!oneWindow) {
        long[] ends = keptEnds;
        IntSorter.sort(order, 0, kept, (a, b) -> Long.compare(ends[a], ends[b]));
      }
      Batch view = new Batch(batch.columns, batch.size);
      view.selection = run;
      for (int from = 0; from < kept; ) {
        long end = keptEnds[order[from]];
        int count = 0;
        for (; from < kept && keptEnds[order[from]] == end; from++) {
          run[count++] = keptRows[order[from]];
        }
        view.selectedCount = count;
        windows.computeIfAbsent(end, this::newWindow).add(view);
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
