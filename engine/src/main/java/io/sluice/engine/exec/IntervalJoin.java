package io.sluice.engine.exec;

import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.IntervalJoiner;
import io.sluice.engine.stream.BatchRanges;
import java.util.List;

/**
 * A join of two streams bounded by event time (an interval join, or a window join when the bound
 * equates window bounds): each batch joins its new rows of both inputs with each other and with
 * the rows kept from earlier batches, then drops the rows the watermark has made unmatchable,
 * emitting the unmatched rows of an outer join's preserved side then.
 */
final class IntervalJoin extends ExecNode implements OperatorState {
  /** Version of the snapshot format: both inputs' live rows and matched flags ({@link IntervalJoiner#writeTo}). */
  private static final int STATE_VERSION = 1;

  private final ExecNode left;
  private final ExecNode right;
  private final IntervalJoiner joiner;
  private final BatchRanges ranges;
  private final String release;

  /** @param release when each input's rows are released, for EXPLAIN */
  IntervalJoin(String name, ExecNode left, ExecNode right, IntervalJoiner joiner, BatchRanges ranges, String release) {
    super(name, List.of(left, right));
    this.left = left;
    this.right = right;
    this.joiner = joiner;
    this.ranges = ranges;
    this.release = release;
  }

  @Override
  void execute(BatchConsumer out) {
    long watermark = ranges.watermark();
    left.run(batch -> joiner.addLeft(StreamJoins.requireInserts(batch), out));
    right.run(batch -> joiner.addRight(StreamJoins.requireInserts(batch), out));
    joiner.join(out);
    joiner.release(watermark, out);
    long due = joiner.nextReleaseWatermark();
    if (due != Long.MAX_VALUE) {
      ranges.stateWaitsUntil(due);
    }
  }

  @Override
  public String operatorName() {
    return name;
  }

  @Override
  public long stateRows() {
    return joiner.stateRows();
  }

  @Override
  public long stateBytes() {
    return joiner.estimatedBytes();
  }

  @Override
  public boolean pendingOutput() {
    return joiner.pendingOutput();
  }

  @Override
  public io.sluice.runtime.state.StateFormat stateFormat() {
    return new io.sluice.runtime.state.StateFormat(STATE_VERSION, joiner.shape());
  }

  @Override
  public void snapshot(java.io.DataOutput out) throws java.io.IOException {
    stateFormat().writeHeader(out);
    joiner.writeTo(out);
  }

  @Override
  public void restore(java.io.DataInput in) throws java.io.IOException {
    stateFormat().readHeader(in);
    joiner.readFrom(in);
  }

  @Override
  public String explainState() {
    return release;
  }

  @Override
  public String lastChoice() {
    return joiner.lastChoice();
  }
}
