package io.sluice.optimizer.physical;

import io.sluice.catalog.stream.OutputMode;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Deduplication over a stream ({@code rn = 1} of a ROW_NUMBER ranking): the first row per key by
 * the order, or the first to arrive without one, and per window when the partitions are windows.
 * Chosen by {@code io.sluice.optimizer.stream.StreamDeduplicateRule} with the decisions its
 * operator obeys ({@link StreamRanking}), and for first arrivals kept within the watermark
 * ({@link WithinWatermark}) when a key goes.
 */
public final class StreamDeduplicate extends StreamRanking {
  private final @Nullable WithinWatermark withinWatermark;

  /**
   * Spark's {@code dropDuplicatesWithinWatermark}: a first-arrival deduplication forgets a key once
   * the watermark reaches the event time of the key's first row, input column {@code timeColumn},
   * plus {@code delayMillis} (its source's watermark delay); rows at or below the watermark are late.
   */
  public record WithinWatermark(int timeColumn, long delayMillis) {}

  /** See {@link StreamRanking} for the parameters; keys kept for the whole query. */
  public StreamDeduplicate(PhysicalNode input, int[] partitionKeys, List<RelFieldCollation> order, long limit,
      boolean rankShown, boolean orderedByEventTime, int windowKey, long windowAddToEnd, int releasedKey,
      OutputMode mode, RelDataType rankedRowType, @Nullable RexNode condition, List<RexNode> projects,
      RelDataType rowType, double rows) {
    this(input, partitionKeys, order, limit, rankShown, orderedByEventTime, windowKey, windowAddToEnd, releasedKey,
        mode, rankedRowType, condition, projects, rowType, rows, null);
  }

  private StreamDeduplicate(PhysicalNode input, int[] partitionKeys, List<RelFieldCollation> order, long limit,
      boolean rankShown, boolean orderedByEventTime, int windowKey, long windowAddToEnd, int releasedKey,
      OutputMode mode, RelDataType rankedRowType, @Nullable RexNode condition, List<RexNode> projects,
      RelDataType rowType, double rows, @Nullable WithinWatermark withinWatermark) {
    super(input, partitionKeys, order, limit, rankShown, orderedByEventTime, windowKey, windowAddToEnd, releasedKey,
        mode, rankedRowType, condition, projects, rowType, rows);
    this.withinWatermark = withinWatermark;
  }

  /**
   * This first-arrival deduplication keeping its keys {@code within} the watermark: a key named by
   * the event time among the partition keys then also waits for the delay.
   */
  public StreamDeduplicate keptWithinWatermark(WithinWatermark within) {
    if (ordered() || windowed()) {
      throw new IllegalArgumentException("only first arrivals are kept within the watermark");
    }
    return new StreamDeduplicate(input(0), partitionKeys(), order(), limit(), rankShown(), orderedByEventTime(),
        windowKey(), windowAddToEnd(), -1, mode(), rankedRowType(), condition(), projects(), rowType(), rows(), within);
  }

  /** When its keys go, if the watermark releases them by their first row's time; null otherwise. */
  public @Nullable WithinWatermark withinWatermark() {
    return withinWatermark;
  }

  @Override
  protected String kind() {
    return "Deduplicate";
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new StreamDeduplicate(inputs.get(0), partitionKeys(), order(), limit(), rankShown(), orderedByEventTime(),
        windowKey(), windowAddToEnd(), releasedKey(), mode(), rankedRowType(), condition(), projects(), rowType(),
        rows(), withinWatermark);
  }

  @Override
  public String details() {
    if (withinWatermark == null) {
      return super.details();
    }
    return super.details() + ", keys kept until the watermark passes "
        + input(0).rowType().getFieldNames().get(withinWatermark.timeColumn()) + " + "
        + withinWatermark.delayMillis() + " ms";
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
