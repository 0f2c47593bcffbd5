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
 * operator obeys ({@link StreamRanking}).
 */
public final class StreamDeduplicate extends StreamRanking {
  /** See {@link StreamRanking} for the parameters. */
  public StreamDeduplicate(PhysicalNode input, int[] partitionKeys, List<RelFieldCollation> order, long limit,
      boolean rankShown, boolean orderedByEventTime, int windowKey, long windowAddToEnd, int releasedKey,
      OutputMode mode, RelDataType rankedRowType, @Nullable RexNode condition, List<RexNode> projects,
      RelDataType rowType, double rows) {
    super(input, partitionKeys, order, limit, rankShown, orderedByEventTime, windowKey, windowAddToEnd, releasedKey,
        mode, rankedRowType, condition, projects, rowType, rows);
  }

  @Override
  protected String kind() {
    return "Deduplicate";
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new StreamDeduplicate(inputs.get(0), partitionKeys(), order(), limit(), rankShown(), orderedByEventTime(),
        windowKey(), windowAddToEnd(), releasedKey(), mode(), rankedRowType(), condition(), projects(), rowType(),
        rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
