package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.codegen.runtime.FilterProject;
import io.sluice.engine.operator.TopN;
import io.sluice.engine.stream.BatchRanges;
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
 * the output shows the rank.
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
    TopN topN = finalRows
        ? TopN.finalRows(types, specs.partitionKeys(), specs.orderKeys(), limit)
        : TopN.changelog(types, specs.partitionKeys(), specs.orderKeys(), limit, rank.rankShown());
    BatchRanges ranges = context.ranges();
    if (ranges.stateTtlMillis() > 0) {
      topN.expireAfter(ranges.stateTtlMillis());
    }
    FilterProject program = context.compile(window.rowType(), node.condition(), node.projects(), node.rowType());
    return context.stateful(new RankNode(rank.operatorName(mode), input, topN, program, finalRows, ranges));
  }

  /** The running Top-N: feeds each batch's rows to the state, then emits what became final or changed. */
  private static final class RankNode extends ExecNode implements OperatorState {
    /** Version of the snapshot format: the Top-N's partitions, held rows, heap and expiry ({@link TopN#writeTo}). */
    private static final int STATE_VERSION = 1;

    private final ExecNode input;
    private final TopN topN;
    private final FilterProject program;
    private final boolean finalRows;
    private final BatchRanges ranges;
    private final BatchConsumer[] target = new BatchConsumer[1];
    /** Applies the filter and projection above the window to the Top-N's rows, keeping their kinds. */
    private final BatchConsumer project = this::project;
    private final BatchConsumer add;
    private long now;

    RankNode(String name, ExecNode input, TopN topN, FilterProject program, boolean finalRows, BatchRanges ranges) {
      super(name, List.of(input));
      this.input = input;
      this.topN = topN;
      this.program = program;
      this.finalRows = finalRows;
      this.ranges = ranges;
      this.add = batch -> topN.add(batch, now);
    }

    @Override
    void execute(BatchConsumer out) {
      now = ranges.batchTime();
      target[0] = out;
      input.run(add);
      if (finalRows) {
        topN.releaseFinal(ranges.watermark(), project);
        long next = topN.nextPendingTime();
        if (next != Long.MAX_VALUE) {
          ranges.stateWaitsUntil(next + 1); // a row is final once the watermark is past its time
        }
      } else {
        topN.emitChanges(project);
      }
      topN.expire(now, project);
      ranges.stateExpiresAt(topN.nextExpiry());
      target[0] = null;
    }

    private void project(Batch batch) {
      Batch result = program.process(batch);
      if (result.rowCount() > 0) {
        result.kinds = finalRows ? null : batch.kinds;
        target[0].accept(result);
      }
    }

    @Override
    public String operatorName() {
      return name;
    }

    @Override
    public long stateRows() {
      return topN.stateRows();
    }

    @Override
    public long stateBytes() {
      return topN.estimatedBytes();
    }

    @Override
    public boolean pendingOutput() {
      return finalRows && topN.heldRows() > 0;
    }

    @Override
    public void snapshot(java.io.DataOutput out) throws java.io.IOException {
      io.sluice.engine.operator.StateIO.writeHeader(out, STATE_VERSION, topN.shape());
      topN.writeTo(out);
    }

    @Override
    public void restore(java.io.DataInput in) throws java.io.IOException {
      io.sluice.engine.operator.StateIO.readHeader(in, STATE_VERSION, topN.shape());
      topN.readFrom(in);
    }

    @Override
    public String lastChoice() {
      return topN.partitions() + " keys";
    }
  }
}
