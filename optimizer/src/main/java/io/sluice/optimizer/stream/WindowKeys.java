package io.sluice.optimizer.stream;

import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
import io.sluice.optimizer.physical.PhysicalWindowTableFunction;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/**
 * Which group keys of an aggregation are the bounds of an event-time window, or a source's
 * watermarked event-time column itself (a group of one time is a window that ends at it), traced
 * through projections (also moved back by a constant: window_time).
 */
public final class WindowKeys {
  private WindowKeys() {}

  /**
   * The input column of a windowed aggregate's window: a group key that is window_end, or
   * window_start plus the size to reach the last end a row can have. {@code closedUpstream}
   * when the window operator emits a window's rows only once it is final (SESSION). {@code fixed}
   * when the column's value is the window's end minus {@code addToEnd} for every row (window_end,
   * and window_start of TUMBLE and HOP; not CUMULATE's start, nor a session's bounds). {@code end}
   * when the column is window_end itself (a session's start says nothing of its end).
   */
  public record WindowKey(int column, long addToEnd, boolean closedUpstream, boolean fixed, boolean end) {
    /** Whether the key is a source's event time itself (GROUP BY ts), not a window's bound. */
    public boolean eventTime() {
      return !end && !fixed && !closedUpstream && addToEnd == 0;
    }
  }

  /** The window an aggregate groups by, or null if it groups by none; its window_end when it groups by that. */
  public static WindowKey windowKey(PhysicalHashAggregate aggregate) {
    return windowOf(aggregate.input(0), java.util.Arrays.stream(aggregate.groupKeys()).boxed().toList());
  }

  /**
   * The window that one of {@code columns} of {@code node} bounds (its window_end preferred), or
   * null: rows that share those columns' values are all known once the watermark passes the
   * window's end (a window Top-N's partition).
   */
  public static WindowKey windowOf(PhysicalNode node, Iterable<Integer> columns) {
    WindowKey found = null;
    for (int column : columns) {
      WindowKey k = windowColumn(node, column, column);
      if (k != null && (found == null || k.end())) {
        found = k;
      }
    }
    return found;
  }

  /**
   * The position among an aggregate's group keys of a session's window_end, or -1: an aggregate
   * over sessions in update mode drops a group once the watermark passes it.
   */
  public static int sessionEndKey(PhysicalHashAggregate aggregate) {
    int[] keys = aggregate.groupKeys();
    for (int i = 0; i < keys.length; i++) {
      WindowKey k = windowColumn(aggregate.input(0), keys[i], keys[i]);
      if (k != null && k.closedUpstream() && k.end()) {
        return i;
      }
    }
    return -1;
  }

  /**
   * For each group key, what it adds to reach its window's end when its value is the same for
   * every row of a window (a fixed window bound), else -1: such keys need no per-window table.
   */
  public static long[] windowOffsets(PhysicalHashAggregate aggregate, WindowKey window) {
    int[] keys = aggregate.groupKeys();
    long[] offsets = new long[keys.length];
    for (int i = 0; i < keys.length; i++) {
      WindowKey k = windowColumn(aggregate.input(0), keys[i], keys[i]);
      offsets[i] = k == null || !k.fixed() || !window.fixed() ? -1 : k.addToEnd();
    }
    return offsets;
  }

  private static WindowKey windowColumn(PhysicalNode node, int column, int inputColumn) {
    if (node instanceof PhysicalScan) {
      // a source's watermarked event time: the group of one time is final once the watermark
      // reaches it, as a window is once it reaches its end (Spark's GROUP BY eventTime in append
      // mode); rows of a time already emitted are late. Not fixed: other keys keep their values.
      return RowNumberFilter.isWatermarkedEventTime(node, column) ? new WindowKey(inputColumn, 0, false, false, false) : null;
    }
    if (node instanceof PhysicalWindowTableFunction) {
      PhysicalWindowTableFunction w = (PhysicalWindowTableFunction) node;
      if (column < w.input(0).rowType().getFieldCount() && column != w.windowStartColumn()
          && column != w.windowEndColumn()) {
        return windowColumn(w.input(0), column, inputColumn);
      }
      if (column == w.windowEndColumn()) {
        return new WindowKey(inputColumn, 0, false, true, true);
      }
      if (column == w.windowStartColumn()) {
        // for CUMULATE the size is the cycle's: rows of one start wait for its last window
        return new WindowKey(inputColumn, w.sizeMillis(), false,
            w.kind() != PhysicalWindowTableFunction.Kind.CUMULATE, false);
      }
      return null;
    }
    if (node instanceof PhysicalSessionWindow) {
      PhysicalSessionWindow w = (PhysicalSessionWindow) node;
      boolean bound = column == w.windowStartColumn() || column == w.windowEndColumn();
      return bound ? new WindowKey(inputColumn, 0, true, false, column == w.windowEndColumn()) : null;
    }
    if (node instanceof PhysicalFilterProject) {
      EarlierColumn earlier = EarlierColumn.of(((PhysicalFilterProject) node).projects().get(column));
      WindowKey key = earlier == null ? null : windowColumn(node.input(0), earlier.column(), inputColumn);
      if (key == null || earlier.millis() == 0) {
        return key;
      }
      // window_time (window_end - 1 ms) bounds the window as window_end does, 1 ms before it
      return key.eventTime() ? null : new WindowKey(inputColumn, key.addToEnd() + earlier.millis(),
          key.closedUpstream(), key.fixed(), false);
    }
    if (node instanceof PhysicalHashAggregate) {
      // a windowed aggregation's window columns are window columns of its output: it emits each
      // window's rows once, when the watermark passes the window's end
      PhysicalHashAggregate aggregate = (PhysicalHashAggregate) node;
      int[] keys = aggregate.groupKeys();
      if (column < keys.length && windowKey(aggregate) != null) {
        return windowColumn(aggregate.input(0), keys[column], inputColumn);
      }
    }
    return null;
  }
}
