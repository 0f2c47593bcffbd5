package io.sluice.optimizer.physical;

import io.sluice.catalog.stream.OutputMode;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A filter that keeps the first rows of {@code ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..)}
 * over a stream, run as one stateful operator instead of a window and a filter: what Top-N
 * ({@link StreamRank}) and deduplication ({@link StreamDeduplicate}) carry for their operator. Its
 * input is the window's input; the filter and projection are kept over the ranked row (the input's
 * columns then the rank), which the operator computes for the rows it emits.
 */
public abstract class StreamRanking extends PhysicalNode {
  private final int[] partitionKeys;
  private final List<RelFieldCollation> order;
  private final long limit;
  private final boolean rankShown;
  private final boolean orderedByEventTime;
  private final int windowKey;
  private final long windowAddToEnd;
  private final int releasedKey;
  private final OutputMode mode;
  private final RelDataType rankedRowType;
  private final @Nullable RexNode condition;
  private final List<RexNode> projects;

  /**
   * @param partitionKeys the input columns it keeps first rows per
   * @param order the ranking's order; empty when it keeps the first rows to arrive
   * @param limit the largest rank it keeps
   * @param rankShown whether the output depends on the rank beyond that bound (a rank column shown)
   * @param orderedByEventTime whether the first order key is a watermarked event time, ascending, NULLs last
   * @param windowKey the partition key column that is a window bound (a window Top-N), or -1
   * @param windowAddToEnd what that column adds to reach its window's end
   * @param releasedKey without an order, the position among the partition keys of a watermarked
   *     event time whose keys the watermark releases; -1 for none
   * @param mode the output mode it runs in
   * @param rankedRowType the input's columns then the rank: the row the filter is written over
   * @param condition the filter over the ranked row
   * @param projects the projection of the ranked row to its output
   */
  protected StreamRanking(PhysicalNode input, int[] partitionKeys, List<RelFieldCollation> order, long limit,
      boolean rankShown, boolean orderedByEventTime, int windowKey, long windowAddToEnd, int releasedKey,
      OutputMode mode, RelDataType rankedRowType, @Nullable RexNode condition, List<RexNode> projects,
      RelDataType rowType, double rows) {
    super(List.of(input), rowType, rows);
    this.partitionKeys = partitionKeys.clone();
    this.order = List.copyOf(order);
    this.limit = limit;
    this.rankShown = rankShown;
    this.orderedByEventTime = orderedByEventTime;
    this.windowKey = windowKey;
    this.windowAddToEnd = windowAddToEnd;
    this.releasedKey = releasedKey;
    this.mode = mode;
    this.rankedRowType = rankedRowType;
    this.condition = condition;
    this.projects = List.copyOf(projects);
  }

  public int[] partitionKeys() {
    return partitionKeys.clone();
  }

  public List<RelFieldCollation> order() {
    return order;
  }

  public long limit() {
    return limit;
  }

  public boolean rankShown() {
    return rankShown;
  }

  public boolean orderedByEventTime() {
    return orderedByEventTime;
  }

  /** The partition key column that is a window bound, or -1 when the partitions are not windows. */
  public int windowKey() {
    return windowKey;
  }

  public long windowAddToEnd() {
    return windowAddToEnd;
  }

  public int releasedKey() {
    return releasedKey;
  }

  public OutputMode mode() {
    return mode;
  }

  public RelDataType rankedRowType() {
    return rankedRowType;
  }

  public @Nullable RexNode condition() {
    return condition;
  }

  public List<RexNode> projects() {
    return projects;
  }

  /** Whether it orders its rows at all; without an order it keeps the first rows to arrive per key. */
  public boolean ordered() {
    return !order.isEmpty();
  }

  /** Whether its partitions are windows: each complete once the watermark passes the window's end. */
  public boolean windowed() {
    return windowKey >= 0;
  }

  /** Whether, run in {@code mode}, it emits each window's first rows once, when the window closes. */
  public boolean perClosedWindow(OutputMode mode) {
    return windowed() && mode != OutputMode.UPDATE;
  }

  /**
   * Whether, run in {@code mode}, it holds rows until the watermark makes them final and emits
   * each once; otherwise it emits at once and retracts when a better row takes a place.
   */
  public boolean emitsFinalRows(OutputMode mode) {
    return mode != OutputMode.UPDATE && (orderedByEventTime || windowed());
  }

  /**
   * The name of its run-time operator: progress and EXPLAIN show it, and checkpoints keep its
   * state under it, so it must not change.
   */
  public String operatorName() {
    return limit < 1 ? "TopN (empty)" : name() + (!ordered() ? " (first arrival)"
        : emitsFinalRows(mode) ? " (append)" : " (update)");
  }

  /** Its kind without the window: {@code TopN} or {@code Deduplicate}. */
  protected abstract String kind();

  @Override
  public final String name() {
    return (windowed() ? "Window" : "") + kind();
  }

  @Override
  public double selfCost() {
    return input(0).rows() * 2 + rows();
  }

  @Override
  public String details() {
    List<String> names = input(0).rowType().getFieldNames();
    StringBuilder sb = new StringBuilder("partition=[");
    for (int i = 0; i < partitionKeys.length; i++) {
      sb.append(i > 0 ? ", " : "").append(names.get(partitionKeys[i]));
    }
    sb.append("], order=[");
    for (int i = 0; i < order.size(); i++) {
      RelFieldCollation key = order.get(i);
      sb.append(i > 0 ? ", " : "").append(names.get(key.getFieldIndex()))
          .append(key.getDirection().isDescending() ? " DESC" : "");
    }
    sb.append("], rows per key=").append(limit).append(", emits=");
    if (!ordered()) {
      sb.append("first arrivals");
    } else if (perClosedWindow(mode)) {
      sb.append("each window's first rows when it closes");
    } else {
      sb.append(emitsFinalRows(mode) ? "final rows when the watermark passes them" : "changelog");
    }
    if (releasedKey >= 0) {
      sb.append(", keys released by ").append(names.get(partitionKeys[releasedKey]));
    }
    return sb.append(", mode=").append(mode.name().toLowerCase(Locale.ROOT)).toString();
  }
}
