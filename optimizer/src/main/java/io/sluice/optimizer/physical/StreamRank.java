package io.sluice.optimizer.physical;

import io.sluice.catalog.stream.OutputMode;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Top-N per key over a stream ({@code rn <= N} of a ROW_NUMBER ranking), and window Top-N when
 * the partitions are windows: chosen by {@code io.sluice.optimizer.stream.StreamRankRule} with the
 * decisions its operator obeys ({@link StreamRanking}).
 */
public final class StreamRank extends StreamRanking {
  /** See {@link StreamRanking} for the parameters. */
  public StreamRank(PhysicalNode input, int[] partitionKeys, List<RelFieldCollation> order, long limit,
      boolean rankShown, boolean orderedByEventTime, int windowKey, long windowAddToEnd, int releasedKey,
      OutputMode mode, RelDataType rankedRowType, @Nullable RexNode condition, List<RexNode> projects,
      RelDataType rowType, double rows) {
    super(input, partitionKeys, order, limit, rankShown, orderedByEventTime, windowKey, windowAddToEnd, releasedKey,
        mode, rankedRowType, condition, projects, rowType, rows);
  }

  @Override
  protected String kind() {
    return "TopN";
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new StreamRank(inputs.get(0), partitionKeys(), order(), limit(), rankShown(), orderedByEventTime(),
        windowKey(), windowAddToEnd(), releasedKey(), mode(), rankedRowType(), condition(), projects(), rowType(),
        rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
