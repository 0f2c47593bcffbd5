package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.kernel.TopN;
import io.sluice.runtime.operator.RankOperator;
import io.sluice.runtime.operator.WindowRankOperator;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalWindow;
import io.sluice.optimizer.stream.Rank;
import java.util.List;

/**
 * Builds the deduplication and Top-N operator of a stream ({@link Rank}, recognised and checked by
 * the optimizer) over a {@link TopN}: with final rows (ordered by watermarked event time, outside
 * update mode) rows are held until the watermark passes them and emitted once, and a key whose N
 * rows were emitted is remembered by its key alone; otherwise rows are emitted at once and
 * retracted: {@code -U}/{@code +U} when a better row replaces the first one, {@code -D}/{@code +I}
 * when rows leave or enter the first N, and {@code -U}/{@code +U} for rows whose rank changed when
 * the output shows the rank. Partitioned by a window's bounds outside update mode (a window Top-N),
 * each window's first rows are emitted once, when the watermark passes its end.
 */
public final class StreamRanks {
  private StreamRanks() {}

  /** Builds the deduplication or Top-N operator the optimizer decided for {@code node}, the filter over the ranking. */
  public static ExecNode build(PlanContext context, PhysicalFilterProject node, Rank rank) {
    PhysicalWindow window = rank.window();
    List<DataType> types = TypeMapping.toDataTypes(window.input(0).rowType());
    WindowSpecs specs = new WindowSpecs(window, types);
    OutputMode mode = context.traits(node).runMode();
    boolean finalRows = rank.emitsFinalRows(mode);
    // its input runs in append mode (the optimizer decided): windows and sessions below emit final rows
    ExecNode input = context.build(window.input(0));
    if (rank.limit() < 1) {
      return new ExecNode(rank.operatorName(mode), List.of(input)) {
        @Override
        void execute(BatchConsumer out) {
          input.run(batch -> { });
        }
      };
    }
    int limit = (int) rank.limit();
    if (rank.perClosedWindow(mode)) {
      FilterProject program = context.compile(window.rowType(), node.condition(), node.projects(), node.rowType());
      return context.stateful(OperatorNode.stateful(new WindowRankOperator(rank.operatorName(mode), types,
          specs.partitionKeys(), specs.orderKeys(), limit, rank.windowPartition().column(),
          rank.windowPartition().addToEnd(), program), context.ranges(), input));
    }
    TopN topN = finalRows
        ? TopN.finalRows(types, specs.partitionKeys(), specs.orderKeys(), limit)
        : TopN.changelog(types, specs.partitionKeys(), specs.orderKeys(), limit, rank.rankShown());
    BatchRanges ranges = context.ranges();
    if (ranges.stateTtlMillis() > 0) {
      topN.expireAfter(ranges.stateTtlMillis());
    }
    if (rank.releasedKey() >= 0 && !finalRows) {
      topN.releaseKeysAtWatermark(rank.releasedKey());
    }
    FilterProject program = context.compile(window.rowType(), node.condition(), node.projects(), node.rowType());
    return context.stateful(OperatorNode.stateful(new RankOperator(rank.operatorName(mode), topN, program, finalRows),
        ranges, input));
  }
}
