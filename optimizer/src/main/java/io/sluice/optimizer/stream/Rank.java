package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.StreamDeduplicate;
import io.sluice.optimizer.physical.StreamRank;
import io.sluice.optimizer.physical.StreamRanking;

/**
 * Deduplication and Top-N per key over a stream, and per window when the partitions are windows
 * (Flink's window Top-N): the streaming traits' view of a {@link StreamRank} or
 * {@link StreamDeduplicate}, the node that carries the decisions its operator obeys. Ordered by a
 * watermarked event time, ascending, or partitioned by windows, it emits final rows outside update
 * mode; otherwise it emits at once and retracts when a better row takes a place. Without an order
 * it keeps the first rows to arrive, and with a watermarked event time among its keys the
 * watermark releases them ({@link RowNumberFilter} says how each is recognised).
 *
 * @param node the node
 * @param windowPartition the window a partition key bounds (a window Top-N), or null
 */
public record Rank(StreamRanking node, WindowKeys.WindowKey windowPartition) implements StreamOperator {
  /** The largest N a Top-N over a stream keeps per key. */
  public static final long MAX_ROWS_PER_KEY = 10_000;

  /** The view of {@code node}, its window partition traced again through its input. */
  static Rank of(StreamRanking node) {
    WindowKeys.WindowKey window = null;
    if (node.windowed()) {
      window = WindowKeys.windowOf(node.input(0), java.util.Arrays.stream(node.partitionKeys()).boxed().toList());
    }
    return new Rank(node, window);
  }

  /** The largest rank it keeps. */
  public long limit() {
    return node.limit();
  }

  /** Whether the output depends on the rank beyond its bound (a rank column shown). */
  public boolean rankShown() {
    return node.rankShown();
  }

  /** Without an order, the position among the partition keys of the event time the watermark releases keys by; -1 for none. */
  public int releasedKey() {
    return node.releasedKey();
  }

  /** Whether it keeps one row per key (deduplication) rather than N (Top-N). */
  public boolean deduplicate() {
    return node instanceof StreamDeduplicate;
  }

  /** Whether it orders its rows at all; without an order it keeps the first rows to arrive. */
  public boolean ordered() {
    return node.ordered();
  }

  /** Whether, run in {@code mode}, it emits each window's first rows once, when the window closes. */
  public boolean perClosedWindow(OutputMode mode) {
    return node.perClosedWindow(mode);
  }

  /** Whether, run in {@code mode}, it holds rows until the watermark makes them final and emits each once. */
  public boolean emitsFinalRows(OutputMode mode) {
    return node.emitsFinalRows(mode);
  }

  @Override
  public String name() {
    return node.name();
  }

  @Override
  public String operatorName(OutputMode mode) {
    return node.operatorName();
  }

  @Override
  public boolean waitsOnWatermark(OutputMode mode) {
    return node.limit() >= 1 && (node.emitsFinalRows(mode) || node.releasedKey() >= 0 || withinWatermark() != null);
  }

  /** When a first-arrival deduplication's keys go, if the watermark releases them by their first row's time. */
  StreamDeduplicate.WithinWatermark withinWatermark() {
    return node instanceof StreamDeduplicate ? ((StreamDeduplicate) node).withinWatermark() : null;
  }

  @Override
  public String explainState(OutputMode mode) {
    if (node.limit() < 1) {
      return null;
    }
    return node.releasedKey() < 0 && withinWatermark() == null ? operatorName(mode)
        : operatorName(mode) + " - " + state().releasedBy();
  }

  @Override
  public StateNeed state() {
    if (node.windowed()) {
      return new StateNeed(StateNeed.Kind.RANKS, true, "the first rows of each open window's partitions, until the"
          + " watermark passes the window's end (update mode: of every key seen, or its state time-to-live)");
    }
    StreamDeduplicate.WithinWatermark within = withinWatermark();
    if (within != null) {
      String time = node.input(0).rowType().getFieldNames().get(within.timeColumn());
      return new StateNeed(StateNeed.Kind.RANKS, true, "the first row of each key, until the watermark reaches its "
          + time + " + " + within.delayMillis() + " ms, the watermark delay (within the watermark: a duplicate"
          + " after that is emitted again; rows at or below the watermark are late and dropped)");
    }
    if (node.releasedKey() >= 0) {
      String time = node.input(0).rowType().getFieldNames().get(node.partitionKeys()[node.releasedKey()]);
      return new StateNeed(StateNeed.Kind.RANKS, true, "the first rows of each key, until the watermark reaches its "
          + time + " (bounded by the watermark; later rows at or below it are late and dropped)");
    }
    return new StateNeed(StateNeed.Kind.RANKS, false, "the first rows of every key seen (or its state time-to-live)");
  }
}
