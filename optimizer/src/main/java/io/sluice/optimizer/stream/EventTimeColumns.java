package io.sluice.optimizer.stream;

import io.sluice.catalog.connector.StreamTable;
import io.sluice.catalog.stream.IntervalBound;
import io.sluice.catalog.stream.Saturated;
import io.sluice.optimizer.physical.PhysicalAssertSingleValue;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.JoinTimeBound;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.physical.PhysicalUnion;
import io.sluice.optimizer.physical.PhysicalWindowTableFunction;
import io.sluice.optimizer.physical.StreamIntervalJoin;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/**
 * Which output columns of a streaming plan carry event time that the watermark bounds: a
 * source's event-time column (its late rows are dropped at the scan), the window_start and
 * window_end of a window table function or of a windowed aggregation, traced through
 * projections (also moved back by a constant, as window_time is), filters, UNION ALL and joins.
 */
public final class EventTimeColumns {
  private EventTimeColumns() {}

  /**
   * An event-time column: after a batch run with watermark W, every later row of the node has a
   * value of at least {@code W - lag} in it (or NULL). {@code toWindowEnd} is what a window
   * column adds to reach its window's end (0 for window_end, the size for window_start), or -1
   * when the column is not a window bound.
   */
  public record TimeColumn(long lag, long toWindowEnd) {
    public boolean window() {
      return toWindowEnd >= 0;
    }
  }

  /** The event time in output column {@code column} of {@code node}, or null when it carries none. */
  public static TimeColumn trace(PhysicalNode node, int column) {
    if (node instanceof PhysicalScan) {
      PhysicalScan scan = (PhysicalScan) node;
      if (scan.table() instanceof StreamTable) {
        int eventTime = ((StreamTable) scan.table()).eventTimeColumn();
        if (eventTime >= 0 && scan.columns()[column] == eventTime) {
          return new TimeColumn(0, -1);
        }
      }
      return null;
    }
    if (node instanceof PhysicalFilterProject) {
      EarlierColumn earlier = EarlierColumn.of(((PhysicalFilterProject) node).projects().get(column));
      TimeColumn time = earlier == null ? null : trace(node.input(0), earlier.column());
      if (time == null || earlier.millis() == 0) {
        return time;
      }
      // window_time (window_end - 1 ms): as far behind the watermark, and as far from the end, plus the shift
      return new TimeColumn(Saturated.add(time.lag(), earlier.millis()),
          time.window() ? Saturated.add(time.toWindowEnd(), earlier.millis()) : -1);
    }
    if (node instanceof PhysicalWindowTableFunction) {
      return windowColumn((PhysicalWindowTableFunction) node, column);
    }
    if (node instanceof PhysicalHashAggregate) {
      return aggregateColumn((PhysicalHashAggregate) node, column);
    }
    if (node instanceof PhysicalUnion) {
      return unionColumn(node, column);
    }
    if (node instanceof PhysicalAssertSingleValue) {
      return trace(node.input(0), column);
    }
    if (StreamTraitDerivation.isJoin(node)) {
      return joinColumn(JoinSpec.of(node), column);
    }
    return null;
  }

  private static TimeColumn windowColumn(PhysicalWindowTableFunction window, int column) {
    boolean end = column == window.windowEndColumn();
    if (!end && column != window.windowStartColumn()) {
      // an input column passed through; a window column beyond the bounds (window_time) carries none here
      return column < window.input(0).rowType().getFieldCount() ? trace(window.input(0), column) : null;
    }
    TimeColumn time = trace(window.input(0), window.timeColumn());
    if (time == null) {
      return null;
    }
    // a row at time t lies in windows with end > t and start > t - size
    return end ? new TimeColumn(time.lag(), 0)
        : new TimeColumn(Saturated.add(time.lag(), window.sizeMillis()), window.sizeMillis());
  }

  /**
   * A windowed aggregation emits a window once the watermark passes its end, and drops rows of
   * windows already emitted: after a batch with watermark W, every later row has window_end > W.
   */
  private static TimeColumn aggregateColumn(PhysicalHashAggregate aggregate, int column) {
    int[] keys = aggregate.groupKeys();
    WindowKeys.WindowKey window = column < keys.length ? WindowKeys.windowKey(aggregate) : null;
    if (window == null) {
      return null;
    }
    TimeColumn key = trace(aggregate.input(0), keys[column]);
    if (key != null && !key.window() && window.column() == keys[column] && window.addToEnd() == 0) {
      return new TimeColumn(0, -1); // GROUP BY the event time: a time is emitted once the watermark reaches it
    }
    return key == null || !key.window() ? null : new TimeColumn(key.toWindowEnd(), key.toWindowEnd());
  }

  private static TimeColumn unionColumn(PhysicalNode union, int column) {
    long lag = 0;
    long toWindowEnd = Long.MIN_VALUE;
    for (PhysicalNode input : union.inputs()) {
      TimeColumn time = trace(input, column);
      if (time == null) {
        return null;
      }
      lag = Math.max(lag, time.lag());
      toWindowEnd = toWindowEnd == Long.MIN_VALUE || toWindowEnd == time.toWindowEnd() ? time.toWindowEnd() : -1;
    }
    return new TimeColumn(lag, toWindowEnd);
  }

  /**
   * Through a join with a table, the stream's columns keep their bound. Through a join of two
   * streams, only the two time columns of its bound do, and only on a side whose rows the bound
   * releases by that time: a stored row joins later rows of the other side while the bound
   * allows, so its time can trail the watermark by more. A side released by another column (a
   * row bound such as an auction's expiry) keeps rows for as long as that column says, so its
   * time column carries no bound downstream.
   */
  private static TimeColumn joinColumn(JoinSpec join, int column) {
    int width = join.leftWidth();
    boolean fromLeft = column < width;
    if (!fromLeft && (join.type() == JoinRelType.SEMI || join.type() == JoinRelType.ANTI)) {
      return null;
    }
    boolean leftStreams = StreamInputs.readsStream(join.left());
    boolean rightStreams = StreamInputs.readsStream(join.right());
    if (!(leftStreams && rightStreams)) {
      return fromLeft ? (leftStreams ? trace(join.left(), column) : null)
          : (rightStreams ? trace(join.right(), column - width) : null);
    }
    JoinTimeBound derived = join.node() instanceof StreamIntervalJoin ? ((StreamIntervalJoin) join.node()).bound()
        : TimeBounds.tryDerive(join);
    if (derived == null) {
      return null;
    }
    IntervalBound bound = derived.bound();
    if (fromLeft && column == bound.leftTime() && derived.leftByBound()) {
      TimeColumn own = trace(join.left(), column);
      TimeColumn other = trace(join.right(), bound.rightTime());
      return own == null || other == null ? null : new TimeColumn(
          Math.max(own.lag(), Math.max(0, Saturated.subtract(other.lag(), bound.lower()))), own.toWindowEnd());
    }
    if (!fromLeft && column - width == bound.rightTime() && derived.rightByBound()) {
      TimeColumn own = trace(join.right(), column - width);
      TimeColumn other = trace(join.left(), bound.leftTime());
      return own == null || other == null ? null : new TimeColumn(
          Math.max(own.lag(), Math.max(0, Saturated.add(other.lag(), bound.upper()))), own.toWindowEnd());
    }
    return null;
  }
}
