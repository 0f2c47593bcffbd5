package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.IntervalJoiner;
import io.sluice.runtime.state.backend.DiskStateBackend;

/**
 * A join of two streams bounded by event time (an interval join, or a window join when the bound
 * equates window bounds): each batch joins its new rows of both inputs (port 0 the left, port 1
 * the right) with each other and with the rows kept from earlier batches, then drops the rows the
 * watermark has made unmatchable, emitting the unmatched rows of an outer join's preserved side
 * then. With a time-to-live, the rows of an input a one-sided bound keeps for the whole query are
 * forgotten once that much processing time has passed since they arrived.
 */
public final class IntervalJoinOperator extends KeyedStateOperator {
  /** Version of the snapshot format: both inputs' live rows and matched flags ({@link IntervalJoiner#writeTo}). */
  private static final int STATE_VERSION = 1;

  private final IntervalJoiner joiner;
  private final boolean onDisk;

  public IntervalJoinOperator(String name, IntervalJoiner joiner) {
    this(name, joiner, null);
  }

  /**
   * @param backend the disk state backend ({@code pipeline.state.backend = 'disk'}), or null for
   *     the heap; with a join key and without a time-to-live the rows then live on disk
   */
  public IntervalJoinOperator(String name, IntervalJoiner joiner, DiskStateBackend backend) {
    super(name, STATE_VERSION, joiner);
    this.joiner = joiner;
    this.onDisk = backend != null && joiner.keepOnDisk(backend, name);
  }

  /** Whether the rows live on disk, with a cache of the join keys in use on the heap. */
  public boolean onDisk() {
    return onDisk;
  }

  /** The most heap bytes the last restore held of the state at a time on the disk backend (0 on the heap). */
  public long restorePeakBytes() {
    return joiner.restorePeakBytes();
  }

  @Override
  public void close() {
    joiner.close();
  }

  @Override
  public void startBatch() {
    joiner.startBatch(context.batchTime());
  }

  @Override
  public void input(int port, Batch batch) {
    InsertsOnly.require(batch);
    if (port == 0) {
      joiner.addLeft(batch, output);
    } else {
      joiner.addRight(batch, output);
    }
  }

  @Override
  public void endBatch() {
    joiner.join(output);
    joiner.expire(context.batchTime(), output); // a kept input's rows past their time-to-live
    joiner.release(context.watermark(), output);
    long due = joiner.nextReleaseWatermark();
    if (due != Long.MAX_VALUE) {
      context.stateWaitsUntil(due);
    }
    context.stateExpiresAt(joiner.nextExpiry());
  }

  @Override
  public boolean pendingOutput() {
    return joiner.pendingOutput();
  }

  @Override
  public String lastChoice() {
    return onDisk ? joiner.describeDisk() : joiner.lastChoice();
  }
}
