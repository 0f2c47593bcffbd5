package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.StreamRank;

/**
 * Turns a filter that keeps the first N > 1 rows of a ROW_NUMBER ranking over a stream
 * ({@code rn <= N}, {@code rn < N}; also {@code rn < 1}, which keeps none) into a {@link StreamRank}:
 * the window and the filter become one operator, with its partition and order, its bound, whether
 * it emits final rows or a changelog in {@code mode}, and whether its partitions are windows.
 */
final class StreamRankRule {
  private StreamRankRule() {}

  /** The Top-N {@code node} runs as, or null when it is no Top-N. */
  static StreamRank convert(PhysicalNode node, OutputMode mode) {
    RowNumberFilter filter = RowNumberFilter.of(node);
    return filter == null || filter.deduplicate() ? null : filter.toNode(StreamRank::new, mode);
  }
}
