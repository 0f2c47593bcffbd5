package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.StreamDeduplicate;
import io.sluice.optimizer.physical.StreamRank;
import io.sluice.optimizer.physical.StreamRanking;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.kernel.TopN;
import io.sluice.runtime.operator.DiscardOperator;
import io.sluice.runtime.operator.RankOperator;
import io.sluice.runtime.operator.WindowRankOperator;
import java.util.List;

/**
 * Lowers a {@link StreamRank} (Top-N, window Top-N) to its operator over a {@link TopN}, as the
 * node's decisions say: with final rows (ordered by a watermarked event time, outside update mode)
 * rows are held until the watermark passes them and emitted once; otherwise they are emitted at once
 * and retracted ({@code -U}/{@code +U} when a better row takes a place, {@code -D}/{@code +I} when rows
 * leave or enter the first N, and for rows whose rank changed when the output shows it). With window
 * partitions outside update mode, each window's first rows are emitted once, when it closes.
 */
final class RankTranslator {
  private RankTranslator() {}

  static OperatorNode translate(StreamRank node, PlanTranslator plan) {
    OperatorNode input = plan.build(node.input(0));
    if (node.limit() < 1) { // rn < 1: no row passes, the input is still read
      return OperatorNode.of(new DiscardOperator(node.operatorName()), plan.ranges(), input);
    }
    return ranking(node, input, plan);
  }

  /**
   * The operator of a ranking node over its running {@code input}: a deduplication is the Top-1 of
   * the same operator, so that both keep their state in one format.
   */
  static OperatorNode ranking(StreamRanking node, OperatorNode input, PlanTranslator plan) {
    List<DataType> types = TypeMapping.toDataTypes(node.input(0).rowType());
    List<SortKey> order = WindowSpecs.sortKeys(node.order());
    int limit = (int) node.limit();
    FilterProject program = plan.compile(node.rankedRowType(), node.condition(), node.projects(), node.rowType());
    BatchRanges ranges = plan.ranges();
    if (node.perClosedWindow(node.mode())) {
      return plan.stateful(OperatorNode.stateful(new WindowRankOperator(node.operatorName(), types,
          node.partitionKeys(), order, limit, node.windowKey(), node.windowAddToEnd(), program), ranges, input));
    }
    boolean finalRows = node.emitsFinalRows(node.mode());
    TopN topN = finalRows
        ? TopN.finalRows(types, node.partitionKeys(), order, limit)
        : TopN.changelog(types, node.partitionKeys(), order, limit, node.rankShown());
    if (ranges.stateTtlMillis() > 0) {
      topN.expireAfter(ranges.stateTtlMillis());
    }
    if (node.releasedKey() >= 0 && !finalRows) {
      topN.releaseKeysAtWatermark(node.releasedKey());
    }
    StreamDeduplicate.WithinWatermark within =
        node instanceof StreamDeduplicate ? ((StreamDeduplicate) node).withinWatermark() : null;
    if (within != null) {
      topN.releaseKeysAfter(within.timeColumn(), within.delayMillis());
    }
    if (ranges.diskState() != null) {
      topN.keepOnDisk(ranges.diskState(), node.operatorName()); // stays on the heap where it says why
    }
    return plan.stateful(OperatorNode.stateful(new RankOperator(node.operatorName(), topN, program, finalRows),
        ranges, input));
  }
}
